"""The cluster seam without a browser: the plan key, what a worker is sent, the screenshot limit, the errors."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cxlint.cli import app
from cxlint.cluster import backend as backend_mod
from cxlint.cluster.backend import DaskService, _killed
from cxlint.cluster.job import ScanJob
from cxlint.config import ConfigError, Plan, build_plan, plan_for_resume
from cxlint.engines import load_rules
from cxlint.findings.baseline import Baseline, Entry
from cxlint.model import Finding, Image, Location, Outcome, PageResult, Severity
from cxlint.scanner import PageScanner
from cxlint.secrets import Credentials

ROOT = Path(__file__).resolve().parents[2]
START = ["http://127.0.0.1:8000/"]


@pytest.mark.parametrize(
    "value", ["local:1", "local:2", "local:64", "tcp://127.0.0.1:8786", "tls://scheduler.agency.gov:8786",
              "tcp://[::1]:8786", "tcp://dask-scheduler:8786/"],
)
def test_cluster_accepts_local_workers_and_scheduler_addresses(value: str) -> None:
    assert build_plan({}, {"cluster": value}).cluster == value


@pytest.mark.parametrize(
    "value", ["local:0", "local:65", "local", "local:two", "tcp://127.0.0.1", "http://127.0.0.1:8786",
              "tcp://127.0.0.1:0", "tcp://127.0.0.1:65536", "127.0.0.1:8786", "tcp://a b:1"],
)
def test_a_bad_cluster_is_one_line_naming_the_flag(value: str) -> None:
    with pytest.raises(ConfigError) as err:
        build_plan({}, {"cluster": value})
    message = str(err.value)
    assert message.startswith(f"--cluster '{value}': use local:N") and "\n" not in message


def test_the_settings_file_names_the_key() -> None:
    with pytest.raises(ConfigError, match=r"^cxlint.toml: cluster: .*use local:N"):
        build_plan({"cluster": "yes"}, {}, source="cxlint.toml")


def test_resume_may_move_a_scan_to_a_cluster_and_back() -> None:
    stored = Plan().public()
    assert plan_for_resume(stored, {"cluster": "local:2"}).cluster == "local:2"
    on_cluster = Plan(cluster="tcp://10.0.0.5:8786").public()
    assert plan_for_resume(on_cluster, {}).cluster == "tcp://10.0.0.5:8786"
    assert plan_for_resume(on_cluster, {"cluster": None}).cluster is None
    with pytest.raises(ConfigError, match="--standard cannot change"):
        plan_for_resume(on_cluster, {"standard": "wcag22aa", "cluster": "local:1"})


def test_a_run_without_a_cluster_never_loads_dask() -> None:
    code = "import sys, cxlint.cli, cxlint.runner; print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "[]"


@pytest.fixture(scope="module")
def registry():
    return load_rules()


def test_the_job_carries_resolved_secrets_and_builds_the_local_scanner(registry, tmp_path, monkeypatch) -> None:
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"cookies": [], "origins": []}))
    monkeypatch.setenv("STAGING_TOKEN", "s3cret")
    monkeypatch.setenv("TEAM", "$literal")  # a value that itself reads as a variable must travel as it is
    plan = build_plan({}, {
        "ignore": ["PL112"], "cluster": "local:2",
        "page": {"headers": {"Authorization": "$STAGING_TOKEN", "X-Team": "$TEAM"}, "storage-state": str(state)},
    })
    baseline = Baseline([Entry("cx2-abc", "axe/image-alt", "/")])
    creds = Credentials("http://127.0.0.1:8000", "ann", "pw")
    local = PageScanner.from_plan(plan, registry, START, baseline=baseline, credentials=creds)
    job = ScanJob.for_run(plan, registry, START, scanner=local, baseline=baseline, credentials=creds)

    assert job.plan.page.headers == {} and job.plan.page.storage_state is None and job.plan.cluster is None
    assert job.headers == local.opts.headers == {"Authorization": "s3cret", "X-Team": "$literal"}
    assert json.loads(job.storage_state or "") == {"cookies": [], "origins": []}

    key, blob = job.pack()
    assert key == job.pack()[0] and key.startswith("cxlint-job-")
    monkeypatch.delenv("STAGING_TOKEN")  # a worker has none of the client's environment
    monkeypatch.delenv("TEAM")
    shipped = pickle.loads(blob)
    worker_state = tmp_path / "worker-state.json"
    remote = shipped.scanner(worker_state)
    assert remote.opts == type(local.opts)(**{**local.opts.__dict__, "storage_state": str(worker_state)})
    assert remote.stage.running == local.stage.running
    assert remote.stage.baseline is not None and remote.stage.baseline.entries == baseline.entries
    assert [e.__qualname__ for e in remote.engines] == [e.__qualname__ for e in local.engines]
    assert len(remote.engines) >= 2  # the text and DOM engines are built on the worker, not shipped


def test_an_unreadable_storage_state_is_one_line(registry, tmp_path) -> None:
    bad = tmp_path / "state.json"
    bad.write_text("{not json")
    plan = Plan(page={"storage-state": str(bad)})
    local = PageScanner.from_plan(plan, registry, START)
    with pytest.raises(ConfigError, match=r"^--storage-state '.*state.json': cannot read it"):
        ScanJob.for_run(plan, registry, START, scanner=local, baseline=None, credentials=None)


def _finding(rule: str, fp: str) -> Finding:
    return Finding(
        rule=rule, name=rule, severity=Severity.ERROR, outcome=Outcome.VIOLATION, message="m", category="accessibility",
        location=Location("img"), fingerprint=fp,
    )


def test_screenshots_keep_the_runs_limit_per_rule_across_workers(registry) -> None:
    plan = Plan()
    local = PageScanner.from_plan(plan, registry, START)
    job = ScanJob.for_run(plan, registry, START, scanner=local, baseline=None, credentials=None)
    service = DaskService(object(), job, local)  # type: ignore[arg-type]
    limit = local.screenshots.per_rule
    kept = 0
    for n in range(3):  # three pages, answered by workers that each started from the same counts
        page = PageResult(url=f"http://127.0.0.1:8000/{n}")
        page.findings = [_finding("axe/image-alt", f"cx2-{n}-{i}") for i in range(limit)]
        page.images = {f.fingerprint: Image("image/jpeg", b"x") for f in page.findings}
        page.images["thumb:" + page.url] = Image("image/jpeg", b"t", kind="thumbnail")
        service._keep_allowed_shots(page)
        assert "thumb:" + page.url in page.images
        kept += sum(1 for img in page.images.values() if img.kind == "element")
    assert kept == limit


def test_a_page_given_up_by_dask_says_how_often_its_worker_died() -> None:
    text = (
        "Attempted to run task 'cxlint-page-1' on 3 different workers, but all those workers died while running it."
    )
    assert _killed(RuntimeError(text)) == "the cluster workers scanning it died (3 times)"
    assert _killed(RuntimeError("gone")) == "the cluster workers scanning it died"


def test_an_unreachable_scheduler_is_one_line_exit_2(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(backend_mod, "CONNECT_TIMEOUT", 1.0)
    page = tmp_path / "index.html"
    page.write_text("<!doctype html><html lang='en'><title>t</title><h1>t</h1></html>")
    result = CliRunner().invoke(
        app, ["scan", str(page), "--no-config", "--cluster", "tcp://127.0.0.1:9", "--out", str(tmp_path / "o"),
              "--store", str(tmp_path / "s.db")],
    )
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "--cluster tcp://127.0.0.1:9: cannot reach the Dask scheduler" in lines[0]
