"""The run plan: layering, discovery, resume rules and one test per validation message."""

from __future__ import annotations

import pytest

from cxlint.config import (
    ConfigError,
    Plan,
    build_plan,
    find_config_file,
    load_config_file,
    plan_for_resume,
    resolve_env,
    starter_config,
    validate_rule_tokens,
)
from cxlint.registry import load_registry


def error_of(file_data: dict | None = None, flags: dict | None = None, source: str = "cxlint.toml") -> str:
    with pytest.raises(ConfigError) as e:
        build_plan(file_data, flags, source=source)
    text = str(e.value)
    assert "\n" not in text
    return text


@pytest.mark.parametrize(
    ("file_data", "flags", "message"),
    [
        ({"max-pages": 5}, None, "cxlint.toml: unknown key 'max-pages' (did you mean 'crawl.max-pages'?)"),
        ({"crawl": {"max-pagez": 5}}, None, "cxlint.toml: unknown key 'crawl.max-pagez' (did you mean 'max-pages'?)"),
        ({"page": {"timout": 5}}, None, "cxlint.toml: unknown key 'page.timout' (did you mean 'timeout'?)"),
        ({"fail-on": "eror"}, None, "cxlint.toml: fail-on: Input should be 'error', 'warning', 'info' or 'never' "
                                    "(got 'eror') (did you mean 'error'?)"),
        ({"standard": "wcag21"}, None, "did you mean 'wcag21aa'?"),
        ({"checks": ["accesibility"]}, None, "(did you mean 'accessibility'?)"),
        ({"checks": []}, None, "checks: name at least one of accessibility, plain-language, federal"),
        ({"crawl": {"max-pages": 0}}, None, "crawl.max-pages: Input should be greater than or equal to 1 (got 0)"),
        ({"crawl": {"delay": -1}}, None, "crawl.delay: Input should be greater than or equal to 0"),
        ({"crawl": {"max-pages": "lots"}}, None, "crawl.max-pages: Input should be a valid integer"),
        ({"page": {"timeout": float("nan")}}, None, "page.timeout: must be a finite number"),
        ({"page": {"deadline": 0}}, None, "page.deadline: Input should be greater than 0 (got 0)"),
        ({"page": {"deadline": float("inf")}}, None, "page.deadline: must be a finite number"),
        ({"max-findings": {"erors": 3}}, None, "unknown key 'erors' (did you mean 'error'?): use a severity or a category"),
        ({"max-findings": {"error": -1}}, None, "error: a limit is 0 or more"),
        ({"format": ["pdf"]}, None, "format: unknown format 'pdf'"),
        ({"format": ["htm"]}, None, "(did you mean 'html'?)"),
        ({"production-url": "agency.gov"}, None, "production-url: must be an http(s) URL such as https://www.agency.gov/"),
        ({"per-url-ignores": {"re:(": ["PL"]}}, None, "'re:(' is not a valid regular expression"),
        ({"page": {"headers": {"Bad Header": "x"}}}, None, "'Bad Header' is not a valid header name"),
        ({"severity": {"PL101": "fatal"}}, None, "severity.PL101: Input should be 'error', 'warning' or 'info'"),
        (None, {"page": {"timeout": float("inf")}}, "--timeout 'inf': must be a finite number"),
        (None, {"crawl": {"max-pages": 0}}, "--max-pages '0': Input should be greater than or equal to 1"),
        (None, {"format": []}, "--format: name at least one format"),
        (None, {"checks": ["security"]}, "--checks 'security': Input should be"),
    ],
)
def test_each_validation_message(file_data, flags, message):
    assert message in error_of(file_data, flags)


def test_layers_defaults_file_flags():
    plan = build_plan({"standard": "wcag22aa", "crawl": {"max-pages": 50, "delay": 1}}, {"crawl": {"max-pages": 7}})
    assert plan.standard == "wcag22aa"  # from the file
    assert plan.crawl.max_pages == 7  # the flag wins
    assert plan.crawl.delay == 1  # the file's sibling key survives the flag's sub-table
    assert plan.page.timeout == 30  # default
    assert build_plan().fail_on == "error"


def test_public_plan_keeps_env_references_and_hides_values():
    plan = build_plan({"page": {"headers": {"Authorization": "$STAGING_TOKEN", "X-Key": "abc123"}}})
    headers = plan.public()["page"]["headers"]
    assert headers == {"Authorization": "$STAGING_TOKEN", "X-Key": "[redacted]"}
    assert "abc123" not in str(plan.public())


def test_environment_references(monkeypatch):
    monkeypatch.setenv("STAGING_TOKEN", "s3cret")
    assert resolve_env("$STAGING_TOKEN", "--header X") == "s3cret"
    assert resolve_env("${STAGING_TOKEN}", "--header X") == "s3cret"
    assert resolve_env("Bearer x", "--header X") == "Bearer x"
    monkeypatch.delenv("STAGING_TOKEN")
    with pytest.raises(ConfigError, match="--header X: environment variable STAGING_TOKEN is not set"):
        resolve_env("$STAGING_TOKEN", "--header X")


def test_discovery_walks_up_and_prefers_cxlint_toml(tmp_path):
    deep = tmp_path / "site" / "build"
    deep.mkdir(parents=True)
    assert find_config_file(deep) is None or not str(find_config_file(deep)).startswith(str(tmp_path))
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert find_config_file(deep) is None or not str(find_config_file(deep)).startswith(str(tmp_path))
    (tmp_path / "pyproject.toml").write_text("[tool.cxlint]\nstandard = 'wcag22aa'\n")
    assert find_config_file(deep) == tmp_path / "pyproject.toml"
    (tmp_path / "site" / "cxlint.toml").write_text("standard = 'wcag20aa'\n")
    assert find_config_file(deep) == tmp_path / "site" / "cxlint.toml"


def test_file_paths_are_relative_to_the_file(tmp_path):
    cfg = tmp_path / "cxlint.toml"
    cfg.write_text('targets = ["./build", "https://a.gov/"]\nbaseline = ".cxlint/b.json"\nrules = ["my-rules"]\n'
                   '[page]\nstorage-state = "state.json"\n')
    data = load_config_file(cfg)
    assert data["targets"] == [str(tmp_path / "build"), "https://a.gov/"]
    assert data["baseline"] == str(tmp_path / ".cxlint/b.json")
    assert data["rules"] == [str(tmp_path / "my-rules")]
    assert data["page"]["storage-state"] == str(tmp_path / "state.json")


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("cxlint.toml", "standard = ", "cxlint.toml: not valid TOML: "),
        ("pyproject.toml", "[project]\nname='x'\n", "pyproject.toml: has no [tool.cxlint] table"),
        ("missing.toml", None, "--config '"),
    ],
)
def test_file_errors(tmp_path, name, text, message):
    path = tmp_path / name
    if text is not None:
        path.write_text(text)
    with pytest.raises(ConfigError) as e:
        load_config_file(path)
    assert message in str(e.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"select": ["PL1O1"]}, "select[0]: 'PL1O1' names no rule (did you mean 'PL101'?)"),
        ({"ignore": ["axe/imag-alt"]}, "ignore[0]: 'axe/imag-alt' names no rule (did you mean 'axe/image-alt'?)"),
        ({"severity": {"long-sentense": "info"}}, "severity.long-sentense: 'long-sentense' names no rule"),
        ({"per-url-ignores": {"/legacy/**": ["PL", "FEDX"]}}, "per-url-ignores.\"/legacy/**\"[1]: 'FEDX' names no rule"),
    ],
)
def test_rule_tokens_must_name_a_rule(data, message):
    plan = build_plan(data)
    with pytest.raises(ConfigError) as e:
        validate_rule_tokens(plan, load_registry(), "cxlint.toml")
    assert message in str(e.value)


def test_tokens_that_name_rules_pass():
    plan = build_plan({"select": ["PL", "wcag2aa", "image-alt", "federal"], "ignore": ["best-practice"]})
    validate_rule_tokens(plan, load_registry())


def test_resume_may_raise_limits_and_refuses_what_changes_the_scan():
    stored = build_plan({"crawl": {"max-pages": 10}, "page": {"headers": {"Authorization": "$TOKEN"}}}).public()
    raised = plan_for_resume(stored, {"crawl": {"max-pages": 50}, "page": {"timeout": 60, "deadline": 90}})
    assert raised.crawl.max_pages == 50 and raised.page.timeout == 60 and raised.page.deadline == 90
    assert raised.page.headers == {"Authorization": "$TOKEN"}
    with pytest.raises(ConfigError, match="--standard cannot change when resuming"):
        plan_for_resume(stored, {"standard": "wcag22aa"})
    with pytest.raises(ConfigError, match="--ignore cannot change when resuming"):
        plan_for_resume(stored, {"ignore": ["PL"]})
    with pytest.raises(ConfigError, match="--max-pages 5 is below the resumed scan's 10"):
        plan_for_resume(stored, {"crawl": {"max-pages": 5}})
    # the same value again is no conflict
    assert plan_for_resume(stored, {"standard": "wcag21aa"}).standard == "wcag21aa"


def test_the_page_deadline_bounds_the_scanner_and_the_crawler():
    """Unset, a page may take 3 × its load timeout + 30 s; ``page.deadline`` replaces that, and the
    crawler's own hard limit stays 30 s above whatever the scanner's ceiling is."""
    from cxlint.engines import load_rules
    from cxlint.runner import crawl_config
    from cxlint.scanner import PageScanner

    start = ["http://127.0.0.1:1/"]
    default = build_plan({"page": {"timeout": 5}})
    assert default.page.deadline is None and default.page.ceiling == 45
    assert PageScanner.from_plan(default, load_rules(), start).opts.deadline_s == 45
    assert crawl_config(default, start).page_deadline == 75
    set_ = build_plan({"page": {"timeout": 5, "deadline": 12}})
    assert set_.page.ceiling == 12
    assert PageScanner.from_plan(set_, load_rules(), start).opts.deadline_s == 12
    assert crawl_config(set_, start).page_deadline == 42
    assert crawl_config(set_, start, attempts=2).page_deadline == 84


def test_resume_needs_literal_header_values_again():
    stored = build_plan({"page": {"headers": {"X-Key": "abc"}}}).public()
    with pytest.raises(ConfigError, match="--header X-Key: its value was not stored"):
        plan_for_resume(stored, {})
    assert plan_for_resume(stored, {"page": {"headers": {"X-Key": "$KEY"}}}).page.headers == {"X-Key": "$KEY"}


def test_the_starter_file_is_valid_and_complete(tmp_path):
    for pyproject in (False, True):
        path = tmp_path / ("pyproject.toml" if pyproject else "cxlint.toml")
        path.write_text(starter_config(pyproject))
        plan = build_plan(load_config_file(path))
        assert plan == Plan(out=plan.out, store=plan.store)  # every value shown is the default


def test_the_readme_example_is_a_valid_configuration(tmp_path):
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```toml\n(.*?)```", section, re.S)
    assert block, "the README's configuration section has a TOML example"
    path = tmp_path / "cxlint.toml"
    path.write_text(block.group(1))
    plan = build_plan(load_config_file(path), source=str(path))
    validate_rule_tokens(plan, load_registry())
    assert plan.crawl.max_depth == 6 and plan.severity["PL101"] == "warning" and plan.max_findings["warning"] == 25
