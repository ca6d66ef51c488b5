"""The audit file: every mistake found before the first page loads, in one line naming the site and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxlint.audit import AuditError, AuditResult, AuditSite, SiteRun, check_audit, load_audit, slugify
from cxlint.config import Plan

GOOD = """\
title = "Department of Parks audit"
agency = "Department of Parks"
out = "reports/audit"
store = "data/audit.db"

[defaults]
standard = "wcag22aa"
crawl.max-pages = 40
page.timeout = 20

[[sites]]
name = "Backcountry permits"
service = "Permits"
start = "https://permits.parks.example.gov/"
crawl.max-pages = 10

[[sites]]
name = "Grants (pilot)"
agency = "Rural Development Office"
start = ["site/build", "https://grants.example.gov/apply"]
ignore = ["PL112"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "agency.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_sites_get_defaults_their_own_settings_and_paths_relative_to_the_file(tmp_path):
    audit = load_audit(write(tmp_path, GOOD))
    assert audit.title == "Department of Parks audit"
    assert audit.out == tmp_path / "reports" / "audit"
    assert audit.store == tmp_path / "data" / "audit.db"
    assert audit.formats == ["html", "json"]
    permits, grants = audit.sites
    assert (permits.slug, grants.slug) == ("backcountry-permits", "grants-pilot")
    assert permits.plan.crawl.max_pages == 10 and grants.plan.crawl.max_pages == 40
    assert permits.plan.standard == grants.plan.standard == "wcag22aa"
    assert permits.plan.page.timeout == 20
    assert grants.plan.ignore == ["PL112"] and permits.plan.ignore == []
    assert grants.plan.targets == [str(tmp_path / "site" / "build"), "https://grants.example.gov/apply"]
    assert (permits.agency, grants.agency) == ("Department of Parks", "Rural Development Office")
    assert permits.service == "Permits"
    for site in audit.sites:
        assert site.plan.store == str(audit.store)
        assert site.plan.out == str(audit.out / site.slug)
        assert site.plan.title == site.name


def test_command_line_overrides_win_over_the_file(tmp_path):
    audit = load_audit(write(tmp_path, GOOD), {
        "out": "elsewhere", "store": "other.db", "format": ["sarif", "json"], "agency": "GSA",
        "crawl": {"max-pages": 3}, "fail-on": "warning",
    })
    assert audit.out == Path("elsewhere") and audit.store == Path("other.db")
    assert audit.formats == ["sarif", "json"]
    assert [s.plan.crawl.max_pages for s in audit.sites] == [3, 3]
    assert all(s.plan.fail_on == "warning" for s in audit.sites)
    # A site's own agency still names it; --agency names the others and the report.
    assert [s.agency for s in audit.sites] == ["GSA", "Rural Development Office"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('titel = "x"\n[[sites]]\nname = "a"\nstart = "https://a.gov/"\n', "unknown key 'titel' (did you mean 'title'?)"),
        ('title = "x"\n', "list the sites as [[sites]] tables"),
        ('[[sites]]\nstart = "https://a.gov/"\n', "sites[1]: every site needs a name"),
        ('[[sites]]\nname = "A"\n', "sites[1] ('A'): 'start' is missing"),
        ('[[sites]]\nname = "A"\nurl = "https://a.gov/"\n', "'start' is missing (use 'start', the site's start URLs)"),
        ('[[sites]]\nname = "A"\nstart = []\n', "start: give a URL, a file or a folder"),
        ('[[sites]]\nname = "A"\nstart = "https://a.gov/"\n[[sites]]\nname = "A"\nstart = "https://b.gov/"\n',
         "sites[2] ('A'): two sites are called 'A'"),
        ('[[sites]]\nname = "A"\nstart = "https://a.gov/"\nstore = "x.db"\n',
         "sites[1] ('A'): 'store' is set for the whole audit, not per site"),
        ('[[sites]]\nname = "A"\nstart = "https://a.gov/"\ncrawl.max-pagez = 3\n', "max-pagez"),
        ('[[sites]]\nname = "A"\nstart = "https://a.gov/"\nstandard = "wcag9"\n', "sites[1] ('A')"),
        ('format = "html,pdf"\n[[sites]]\nname = "A"\nstart = "https://a.gov/"\n', "format 'pdf' is not a report"),
        ('[defaults]\nout = "x"\n[[sites]]\nname = "A"\nstart = "https://a.gov/"\n', "defaults.out is set for the whole"),
        ('[[sites]\nname = "A"\n', "not valid TOML"),
    ],
)
def test_mistakes_are_one_line_naming_the_site_and_key(tmp_path, text, message):
    with pytest.raises(AuditError) as err:
        load_audit(write(tmp_path, text))
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_a_missing_file_is_one_line(tmp_path):
    with pytest.raises(AuditError, match="no such file"):
        load_audit(tmp_path / "nope.toml")


def test_rule_names_are_checked_before_anything_loads(tmp_path):
    audit = load_audit(write(tmp_path, '[[sites]]\nname = "A"\nstart = "https://a.gov/"\nignore = ["PL1O1"]\n'))
    with pytest.raises(AuditError, match=r"site 'A'.*'PL1O1' names no rule \(did you mean 'PL101'\?\)"):
        check_audit(audit)


def test_an_output_path_that_is_a_file_is_refused_before_scanning(tmp_path):
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    audit = load_audit(write(tmp_path, 'out = "taken"\n[[sites]]\nname = "A"\nstart = "https://a.gov/"\n'))
    with pytest.raises(AuditError, match="taken"):
        check_audit(audit)


def test_slugs_are_unique_and_plain():
    taken: set[str] = set()
    assert slugify("Département des Parcs", taken) == "departement-des-parcs"
    assert slugify("Département des parcs!", taken) == "departement-des-parcs-2"
    assert slugify("???", taken) == "site"


def test_exit_code_unscanned_beats_failing_beats_passing():
    plan = Plan()
    site = AuditSite(name="a", slug="a", plan=plan)
    assert AuditResult(runs=[SiteRun(site=site, error="down")], agency_report=None, data_file=None).exit_code == 2
    assert AuditResult(runs=[], agency_report=None, data_file=None, interrupted=True).exit_code == 2
    assert AuditResult(runs=[], agency_report=None, data_file=None).exit_code == 0


def test_the_cluster_is_the_audits_and_checked_up_front(tmp_path):
    site = '[[sites]]\nname = "A"\nstart = "https://a.gov/"\n'
    audit = load_audit(write(tmp_path, 'cluster = "local:2"\n' + site))
    assert audit.cluster == "local:2" and audit.sites[0].plan.cluster is None
    assert load_audit(write(tmp_path, 'cluster = "local:2"\n' + site), {"cluster": "tcp://10.0.0.5:8786"}).cluster \
        == "tcp://10.0.0.5:8786"
    assert load_audit(write(tmp_path, site)).cluster is None
    with pytest.raises(AuditError, match=r"agency.toml: cluster 'local:x'"):
        load_audit(write(tmp_path, 'cluster = "local:x"\n' + site))
    with pytest.raises(AuditError, match=r"sites\[1\] \('A'\): 'cluster' is set for the whole audit"):
        load_audit(write(tmp_path, site + 'cluster = "local:2"\n'))
