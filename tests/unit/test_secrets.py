"""The redactor and credential splitting: pure functions, no browser."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

import pytest

from cxlint.model import Finding, Outcome, PageResult, Severity
from cxlint.secrets import REDACTED, Credentials, Redactor, split_credentials

TOKEN = "tok-7f3a9c-staging-secret"


def test_text_redacts_the_value_and_the_forms_a_page_echoes_it_in() -> None:
    r = Redactor(["a&b <secret>", TOKEN])
    assert r.text(f"token={TOKEN}.") == f"token={REDACTED}."
    assert r.text("x a%26b%20%3Csecret%3E y") == f"x {REDACTED} y"
    assert r.text("x a&amp;b &lt;secret&gt; y") == f"x {REDACTED} y"
    assert r.text("nothing here") == "nothing here"


def test_basic_auth_payload_is_redacted_in_base64_too() -> None:
    creds = Credentials("http://x.gov", "auditor", "pa55-w0rd")
    r = Redactor(creds.secrets())
    encoded = base64.b64encode(b"auditor:pa55-w0rd").decode()
    assert r.text(f"Authorization: Basic {encoded}") == f"Authorization: Basic {REDACTED}"
    assert r.text("user auditor, password pa55-w0rd") == f"user auditor, password {REDACTED}"


def test_short_values_are_not_secrets() -> None:
    r = Redactor(["1", "on", " "])
    assert not r
    assert r.text("page 1 is on") == "page 1 is on"


def test_longest_value_wins_when_one_contains_another() -> None:
    assert Redactor(["abcd", "abcdefgh"]).text("abcdefgh abcd") == f"{REDACTED} {REDACTED}"


def test_obj_walks_dicts_lists_and_dataclasses_keeping_enums() -> None:
    finding = Finding("PL101", "x", Severity.ERROR, Outcome.VIOLATION, f"says {TOKEN}", "plain-language")
    page = PageResult(url="https://x.gov/", title=f"Debug {TOKEN}", findings=[finding], metrics={TOKEN: [TOKEN, 3]})
    clean = Redactor([TOKEN]).obj(page)
    assert clean.title == f"Debug {REDACTED}"
    assert clean.findings[0].message == f"says {REDACTED}" and clean.findings[0].severity is Severity.ERROR
    assert clean.metrics == {REDACTED: [REDACTED, 3]}
    assert page.title == f"Debug {TOKEN}", "the original is not changed"
    assert Redactor([TOKEN]).obj({"a": (TOKEN, None, 1.5)}) == {"a": (REDACTED, None, 1.5)}


@dataclass
class _Holder:
    items: list[str] = field(default_factory=list)


def test_empty_redactor_returns_the_same_object() -> None:
    h = _Holder([TOKEN])
    assert Redactor().obj(h) is h


@pytest.mark.parametrize(
    ("url", "clean", "creds"),
    [
        ("http://u:p%40ss@x.gov:8080/a?b=1#c", "http://x.gov:8080/a?b=1#c", Credentials("http://x.gov:8080", "u", "p@ss")),
        ("https://u@X.gov:443/", "https://X.gov:443/", Credentials("https://x.gov", "u", "")),
        ("https://x.gov/a@b", "https://x.gov/a@b", None),
        ("mailto:a@b.gov", "mailto:a@b.gov", None),
    ],
)
def test_split_credentials(url: str, clean: str, creds: Credentials | None) -> None:
    assert split_credentials(url) == (clean, creds)


def test_credentials_for_playwright_are_bound_to_their_origin() -> None:
    _, creds = split_credentials("http://u:pw-1234@127.0.0.1:9000/")
    assert creds is not None
    assert creds.playwright() == {"username": "u", "password": "pw-1234", "origin": "http://127.0.0.1:9000"}
