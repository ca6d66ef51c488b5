from __future__ import annotations

from cxlint.text.extract import extract
from tests.unit.text.helpers import check, check_page

PAGE = """<!doctype html><html lang="en-US"><head><title>Apply for benefits</title>
<meta name="description" content="How to apply."></head><body>
<section class="usa-banner"><p>An official website of the United States government</p></section>
<header><nav aria-label="Main"><ul><li><a href="/">Home</a></li><li><a href="/apply">Apply</a></li></ul></nav></header>
<main id="content">
  <h1>Apply for benefits</h1>
  <h2>Who can apply</h2>
  <ul><li>People over 65</li><li>People with a disability</li></ul>
  <p>You can apply online. <a href="/form" aria-label="Read more about the form">Read more</a></p>
  <p hidden>Hidden paragraph text.</p>
  <p style="display: none">Inline hidden text.</p>
  <div aria-hidden="true"><p>Decorative text.</p></div>
  <template><p>Template text.</p></template>
  <script>var notText = "Script text.";</script>
  <pre>Preformatted code text.</pre>
  <p>Call <code>1-800</code> today.<br>We answer every day.</p>
  <img src="flag.png" alt="The US flag">
  <div>Loose text in a div. <p>Inner paragraph.</p> Trailing loose text.</div>
  <table><tr><th>Fee</th><td>$10</td></tr></table>
  <p lang="es">Puede solicitar en línea.</p>
</main>
<footer><p>This site is maintained by the Office of Communications and utilizes cookies.</p></footer>
</body></html>"""


def _blocks() -> list[tuple[str, str, str]]:
    return [(b.scope, b.region, b.text) for b in extract(PAGE).blocks]


def test_headings_and_list_items_are_separate_blocks_and_sentences() -> None:
    doc = extract(PAGE)
    main = [b for b in doc.blocks if b.region == "main"]
    texts = [s.text for b in main for s in b.sentences]
    assert "Apply for benefits" in texts
    assert "Who can apply" in texts
    assert "People over 65" in texts
    assert "People with a disability" in texts
    # No sentence spans two blocks: a heading never merges with the list below it.
    assert not any("apply People" in t or "65 People" in t for t in texts)


def test_hidden_and_non_text_content_is_ignored() -> None:
    text = " ".join(t for _, _, t in _blocks())
    for hidden in ("Hidden paragraph", "Inline hidden", "Decorative", "Template text", "Script text", "Preformatted"):
        assert hidden not in text
    assert "Call today." in text  # <code> is left out, the sentence around it stays


def test_regions_scopes_and_br() -> None:
    blocks = _blocks()
    assert ("title", "head", "Apply for benefits") in blocks
    assert ("meta-description", "head", "How to apply.") in blocks
    assert ("paragraph", "header", "An official website of the United States government") in blocks
    assert ("link", "navigation", "Home") in blocks
    assert ("alt", "main", "The US flag") in blocks
    assert ("table-cell", "main", "Fee") in blocks
    assert (
        "paragraph",
        "footer",
        "This site is maintained by the Office of Communications and utilizes cookies.",
    ) in blocks
    assert ("paragraph", "main", "Call today.\nWe answer every day.") in blocks
    loose = [t for s, r, t in blocks if r == "main" and s == "paragraph"]
    assert loose.index("Loose text in a div.") < loose.index("Inner paragraph.") < loose.index("Trailing loose text.")


def test_link_accessible_name_and_selectors() -> None:
    doc = extract(PAGE)
    link = next(b for b in doc.blocks if b.scope == "link" and b.region == "main")
    assert (link.text, link.name, link.href) == ("Read more", "Read more about the form", "/form")
    assert doc.selector(link.el) == "#content > p:nth-of-type(1) > a"
    meta = next(b for b in doc.blocks if b.scope == "meta-description")
    assert doc.selector(meta.el) == 'head > meta[name="description"]'


def test_block_language_is_inherited() -> None:
    doc = extract(PAGE)
    assert doc.lang == "en"
    es = next(b for b in doc.blocks if b.text.startswith("Puede"))
    assert es.lang == "es"


def test_navigation_and_footer_are_left_out_of_scores() -> None:
    result = check_page(PAGE)
    # "utilizes" sits in the footer: not judged by word rules, not counted in the page's words.
    assert not any(f.location.text.lower().startswith("utiliz") for f in result.findings)
    main_words = result.metrics["words"]
    with_footer_as_main = check_page(PAGE.replace("<footer>", "<div>").replace("</footer>", "</div>"))
    assert with_footer_as_main.metrics["words"] == main_words  # a div outside <main> is not main content either
    no_main = check_page(PAGE.replace("<main", "<div").replace("</main>", "</div>"))
    assert no_main.metrics["words"] >= main_words  # without <main>, the body minus landmarks stands in
    assert "Home" not in " ".join(f.location.text for f in no_main.findings)


def test_suppressed_blocks_are_left_to_the_findings_stage() -> None:
    """The engine reports inside a ``data-cxlint-ignore`` subtree, so the findings stage (which drops
    those findings for every engine alike) knows the marker was used; ``all`` text is not judged."""
    html = (
        "<p>We will utilize your answers.</p>"
        '<div data-cxlint-ignore="PL119"><p>We will utilize your data.</p></div>'
        '<div data-cxlint-ignore="all"><p>Applicants shall utilize the form.</p></div>'
    )
    result = check({"html": html})
    quoted = [(f.rule, f.location.selector) for f in result.findings]
    assert ("PL119", "main > p") in quoted
    assert any(rule == "PL119" and sel.startswith("main > div:nth-of-type(1)") for rule, sel in quoted)
    assert not any(sel.startswith("main > div:nth-of-type(2)") for _, sel in quoted)


def test_page_level_ignore_on_main() -> None:
    long_sentences = " ".join(
        [
            "Applicants who want to renew a license must send the completed renewal form to the local office before the date on the notice."
        ]
        * 4
    )
    html = f'<html lang="en"><body><main data-cxlint-ignore="PL103"><p>{long_sentences}</p></main></body></html>'
    assert "PL103" not in {f.rule for f in check({"html": html}).findings}
    assert "PL103" in {f.rule for f in check({"html": html.replace(' data-cxlint-ignore="PL103"', "")}).findings}
