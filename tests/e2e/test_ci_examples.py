"""The README's CI examples, run as written against a fixture site (a built folder on 127.0.0.1)."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from tests.e2e.test_cli import cxlint_cmd
from tests.support.cli_inproc import cxlint_in_process

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "fixtures" / "pages"


def readme_commands() -> list[list[str]]:
    section = (ROOT / "README.md").read_text().split("## Continuous integration", 1)[1].split("\n## ", 1)[0]
    found = re.findall(r"(?:run: |- |sh ')?(cxlint (?:scan|baseline) [^'\n]+)", section)
    return [shlex.split(c)[1:] for c in dict.fromkeys(found)]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("project")
    build = root / "build"
    build.mkdir()
    (build / "index.html").write_text((PAGES / "clean.html").read_text().replace("</main>", '<a href="form.html">Apply</a></main>'))
    (build / "form.html").write_text((PAGES / "violations.html").read_text())
    return root


def test_the_readme_has_examples_for_each_ci_system():
    commands = readme_commands()
    assert [c[0] for c in commands].count("scan") >= 3 and commands[-1][:2] == ["baseline", "./build"]


@pytest.mark.timeout(600)
def test_readme_ci_commands_run_as_documented(project, tmp_path):
    commands = readme_commands()
    baseline_cmd = next(c for c in commands if c[0] == "baseline")
    # Each command kind runs as a real process elsewhere (tests/e2e/test_cli.py, test_baseline_flow.py); here
    # what matters is what the documented arguments do, so they run in this process, except the --quiet one:
    # that nothing at all reaches a real process's stdout is checked on a real process.
    made = cxlint_in_process(*baseline_cmd, cwd=project)
    assert made.returncode == 0, made.stderr
    assert (project / ".cxlint" / "baseline.json").is_file()
    summary = tmp_path / "summary.md"
    outputs = []
    for cmd in (c for c in commands if c[0] == "scan"):
        run = cxlint_cmd if "--quiet" in cmd else cxlint_in_process
        proc = run(*cmd, cwd=project, env={"GITHUB_STEP_SUMMARY": str(summary)})
        assert proc.returncode == 0, (cmd, proc.stdout[-2000:], proc.stderr[-2000:])  # nothing new against the baseline
        assert "Traceback" not in proc.stderr
        data = json.loads((project / "cxlint-report" / "results.json").read_text())
        assert data["verdict"]["passed"] and data["meta"]["baseline"]["new"] == 0
        assert data["meta"]["baseline"]["known"] > 0
        formats = cmd[cmd.index("--format") + 1]
        for fmt, name in (("sarif", "results.sarif"), ("junit", "results.junit.xml"), ("html", "report.html")):
            assert (project / "cxlint-report" / name).is_file() == (fmt in formats) or fmt not in formats
        if "sarif" in formats:
            sarif = json.loads((project / "cxlint-report" / "results.sarif").read_text())
            assert sarif["version"] == "2.1.0" and sarif["runs"][0]["tool"]["driver"]["rules"]
        if "junit" in formats:
            assert "<testsuites" in (project / "cxlint-report" / "results.junit.xml").read_text()
        outputs.append((cmd, proc))
    quiet = [p for c, p in outputs if "--quiet" in c]
    assert quiet and all(p.stdout == "" for p in quiet)
    assert "## cxlint: ✅ passed" in summary.read_text()


def test_a_new_problem_fails_with_an_annotation_and_a_summary(project, tmp_path):
    (project / ".cxlint").mkdir(exist_ok=True)
    baseline = project / ".cxlint" / "baseline.json"
    if not baseline.exists():
        assert cxlint_cmd("baseline", "./build", "--output", str(baseline), cwd=project).returncode == 0
    (project / "build" / "news.html").write_text(
        (PAGES / "clean.html").read_text().replace("</main>", '<img src="x.gif"></main>')
    )
    (project / "build" / "index.html").write_text(
        (project / "build" / "index.html").read_text().replace("</main>", '<a href="news.html">News</a></main>')
    )
    summary = tmp_path / "summary.md"
    try:
        proc = cxlint_in_process("scan", "./build", "--baseline", str(baseline), "--format", "github", "--checks",
                                 "accessibility", cwd=project, env={"GITHUB_STEP_SUMMARY": str(summary)})
    finally:
        (project / "build" / "news.html").unlink()
    assert proc.returncode == 1
    notes = [ln for ln in proc.stdout.splitlines() if ln.startswith("::")]
    assert notes and all("file=/news.html" in n for n in notes), notes
    assert any(n.startswith("::error title=axe/image-alt image-alt,file=/news.html::") for n in notes)
    text = summary.read_text()
    assert "## cxlint: ❌ failed" in text and "`axe/image-alt`" in text


def test_the_same_pages_give_identical_results_under_ci(project, tmp_path):
    def run(out: Path) -> tuple[str, list]:
        # --no-cache: the project's store already holds these pages (the commands above scanned them), and
        # what is compared is two scans, not a scan and its replay from the re-scan cache.
        proc = cxlint_in_process("scan", "./build", "--no-config", "--no-cache", "--format", "console,json",
                                 "--out", str(out), "--concurrency", "3", "--fail-on", "never", cwd=project)
        assert proc.returncode == 0, proc.stderr
        data = json.loads((out / "results.json").read_text())
        pages = [(p["url"].split("/", 3)[-1], p["status"], [(f["rule"], f["fingerprint"], f["message"]) for f in p["findings"]])
                 for p in data["pages"]]
        stdout = re.sub(r"127\.0\.0\.1:\d+", "HOST", proc.stdout).replace(str(out), "OUT")
        return stdout, pages

    first, second = run(tmp_path / "a"), run(tmp_path / "b")
    assert first == second
