"""The in-process command runner the e2e tests use gives what a subprocess gives, and leaves nothing behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import cxlint
from tests.support.cli_inproc import cxlint_in_process

ROOT = Path(__file__).resolve().parents[2]


def test_output_exit_code_and_the_process_state_are_a_subprocess_s(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "ci-summary.md"))
    monkeypatch.delenv("CI", raising=False)
    cwd, argv, env = os.getcwd(), list(sys.argv), dict(os.environ)

    version = cxlint_in_process("--version", cwd=tmp_path)
    assert (version.returncode, version.stderr) == (0, "")
    assert version.stdout.startswith(f"cxlint {cxlint.__version__} (axe-core 4.")

    args = ("scan", "x.html", "--max-pagse", "3")
    bad = cxlint_in_process(*args, env={"CXLINT_TEST_ONLY": "1"})
    real = subprocess.run(
        [sys.executable, "-m", "cxlint", *args], capture_output=True, text=True, timeout=120, cwd=tmp_path,
        env={**os.environ, "CI": "true", "PYTHONPATH": str(ROOT)}, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert (bad.returncode, bad.stdout, bad.stderr) == (real.returncode, real.stdout, real.stderr)
    assert bad.returncode == 2 and bad.stderr.startswith("cxlint: error: No such option: --max-pagse")

    assert (os.getcwd(), sys.argv, dict(os.environ)) == (cwd, argv, env)
    assert not (tmp_path / "ci-summary.md").exists()
