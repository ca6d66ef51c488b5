from __future__ import annotations

import socket
from typing import Any

import pytest

from cxlint.text.engine import check_html
from tests.unit.text.helpers import check, check_page, pl_rules

SPANISH = """<html lang="es"><head><title>Solicite beneficios</title></head><body><main>
<h1>Cómo solicitar</h1><p>Usted debe utilizar el formulario en línea. HAGA CLIC AQUÍ PARA SOLICITAR.
Haga clic <a href="/x">aquí</a>. El solicitante deberá presentar los documentos requeridos.</p></main></body></html>"""

METRIC_KEYS = {
    "plain_language_score", "reading_grade", "grades", "words", "sentences", "avg_sentence_words",
    "passive_share", "you_per_100_words", "checked", "reason", "lang",
}  # fmt: skip


def test_spanish_page_is_not_judged_by_english_rules() -> None:
    result = check_page(SPANISH)
    assert result.findings == []
    assert result.metrics["checked"] is False
    assert result.metrics["lang"] == "es"
    assert result.metrics["reason"] == "page language is 'es'; plain-language rules are English-only"
    assert result.metrics["plain_language_score"] is None
    assert set(result.metrics) >= METRIC_KEYS


def test_undeclared_language_is_detected() -> None:
    result = check_page(SPANISH.replace(' lang="es"', ""))
    assert (result.metrics["checked"], result.metrics["lang"]) == (False, "es")
    assert "detected" in result.metrics["reason"]
    english = check_page(
        "<html><body><main><p>You can apply for benefits online. We will answer your questions "
        "by phone or by mail within ten days.</p></main></body></html>"
    )
    assert (english.metrics["checked"], english.metrics["lang"]) == (True, "en")


def test_region_subtag_counts_as_english() -> None:
    assert check_page('<html lang="en-GB"><body><p>We utilize forms.</p></body></html>').metrics["checked"]


LONG_PAGE = "\n\n".join(
    [
        "# How to apply",
        "In accordance with the regulations, applicants shall submit documentation prior to the deadline. "
        "The application must be reviewed by a case worker before a decision is made about the benefit. "
        "You can call us if you have questions about your application or the documents you need.",
    ]
    * 40
)


def test_check_works_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Syllables, language detection and word lists must come from installed files, never the network."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        attempts.append(args)
        raise OSError("network access attempted during a plain-language check")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    # Clear the lazily loaded data, so this test loads it with the network blocked.
    from cxlint.text import readability, syllables

    syllables._cmu_counts.cache_clear()
    syllables.syllables.cache_clear()
    readability._word_stats.cache_clear()
    result = check(LONG_PAGE)
    undeclared = check_page("<html><body><main><p>" + LONG_PAGE.replace("#", "") + "</p></main></body></html>")
    assert attempts == []
    assert result.metrics["checked"] and undeclared.metrics["lang"] == "en"
    assert result.metrics["words"] > 1500
    assert result.metrics["grades"]["smog"] is not None
    assert {"PL108", "PL119", "PL105"} <= {f.rule for f in result.findings}


def test_the_network_guard_itself_trips(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: (_ for _ in ()).throw(OSError("blocked")))
    with pytest.raises(OSError, match="blocked"):
        socket.create_connection(("example.com", 80))


def test_metrics_are_complete_and_consistent() -> None:
    m = check(LONG_PAGE).metrics
    assert set(m) >= METRIC_KEYS
    assert m["checked"] is True and m["reason"] == "" and m["lang"] == "en"
    assert set(m["grades"]) == {"flesch_kincaid", "ari", "smog", "coleman_liau", "flesch_reading_ease"}
    four = [m["grades"][k] for k in ("flesch_kincaid", "ari", "smog", "coleman_liau")]
    assert m["reading_grade"] == pytest.approx(sum(four) / 4, abs=0.01)  # 120 sentences: SMOG is valid
    assert m["sentences"] == 120
    assert m["passive_share"] == pytest.approx(1 / 3, abs=0.01)
    assert 0 < m["you_per_100_words"] < 10
    assert 0 <= m["plain_language_score"] <= 100


def test_plainer_text_scores_higher() -> None:
    plain = check(
        "You can apply online. It takes ten minutes. We will write to you in a week. Call us if you need help."
    )
    hard = check(
        "Pursuant to applicable regulations, individuals requesting reconsideration shall furnish comprehensive "
        "documentation substantiating extraordinary circumstances. Determinations are rendered exclusively by "
        "designated adjudicative personnel."
    )
    assert plain.metrics["plain_language_score"] > hard.metrics["plain_language_score"] + 30
    assert plain.metrics["reading_grade"] < hard.metrics["reading_grade"]


def test_findings_carry_location_quote_and_fix() -> None:
    result = check("We will utilize your answers.")
    f = next(f for f in result.findings if f.rule == "PL119")
    assert (f.category, f.engine, f.name) == ("plain-language", "text", "dirty-dozen")
    assert f.location.selector == "main > p"
    assert f.location.snippet == "<p>We will utilize your answers.</p>"
    assert f.location.text == "utilize"
    assert f.suggestion == "Use 'use' instead of 'utilize'."
    assert f.message


def test_empty_and_odd_input() -> None:
    assert check_html("", "u", pl_rules()).findings == []
    xml = '<?xml version="1.0" encoding="utf-8"?><html lang="en"><body><p>We utilize it.</p></body></html>'
    assert "PL119" in {f.rule for f in check_html(xml, "u", pl_rules()).findings}


def test_smog_joins_the_grade_only_on_samples_long_enough_for_it() -> None:
    from cxlint.text.readability import consensus

    g = {"flesch_kincaid": 6.0, "ari": 7.0, "smog": 12.0, "coleman_liau": 8.0}
    assert consensus(g, sentences=10) == 7.0
    assert consensus(g, sentences=30) == 8.25
