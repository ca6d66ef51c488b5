"""``python -m cxlint`` runs the CLI (the tests use it to run the CLI as a real process)."""

from cxlint.cli import main

main()
