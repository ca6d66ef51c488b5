"""The ``cxlint`` command run inside the test process: the same ``cxlint.cli.main`` as ``python -m cxlint``.

A subprocess pays for the interpreter, the imports, a cold rule load and cold data
(the language model, word lists) before it checks anything: seconds per command, most
of a small scan. Tests whose subject is what a command does (its results, reports,
exit code and messages) run it here instead, with what a subprocess would get: its own
arguments, ``CI=true`` and the given environment, its working folder, and its stdout and
stderr captured apart. What only a process has (signals, process groups, its memory,
its environment leaking into children) stays with the tests that run the real command.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from cxlint.cli import main


@functools.cache
def own_folder() -> Path:
    """The folder a test's cxlint runs in when it names none, in process or not: one per test process.

    The default results store (``.cxlint/cxlint.db``) lives in the working folder. Shared by the
    test processes running side by side, a scan in one would find the store leased by a scan in
    another (and refuse, as it should); in the checkout it would also leave a store behind.
    """
    return Path(tempfile.mkdtemp(prefix="cxlint-test-cwd-"))


def cxlint_in_process(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``cxlint ARGS`` as ``tests.e2e.test_cli.cxlint_cmd`` would, in this process; never raises SystemExit."""
    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_cwd, saved_argv = dict(os.environ), os.getcwd(), sys.argv
    # A job summary file of the CI running these tests must not receive the tests' summaries.
    os.environ.pop("GITHUB_STEP_SUMMARY", None)
    os.environ.update({"CI": "true", **(env or {})})
    code: int | str | None = 0
    try:
        os.chdir(cwd if cwd is not None else own_folder())
        sys.argv = ["cxlint", *args]
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main()
            except SystemExit as exc:
                code = exc.code
    finally:
        sys.argv = saved_argv
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    returncode = code if isinstance(code, int) else (0 if code is None else 1)
    return subprocess.CompletedProcess(["cxlint", *args], returncode, out.getvalue(), err.getvalue())
