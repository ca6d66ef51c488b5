"""Fingerprints survive what should not matter (host, port, positions, attribute order) and notice what should."""

from __future__ import annotations

from cxlint.findings.fingerprint import PREFIX, fingerprint, opening_tag, page_key, stable_selector, version_of
from cxlint.model import Location


def loc(**kw: object) -> Location:
    base = {"selector": "#main > ul > li:nth-child(3) > img", "snippet": '<img src="a.png" class="x">'}
    base.update(kw)
    return Location(**base)  # type: ignore[arg-type]


def fp(url: str = "https://a.gov/p.html", rule: str = "axe/image-alt", **kw: object) -> str:
    return fingerprint(rule, url, loc(**kw))


def test_independent_of_scheme_host_port_and_fragment():
    urls = [
        "http://127.0.0.1:8000/apply/step-1.html",
        "http://localhost:9999/apply/step-1.html",
        "https://preview.agency.gov/apply/step-1.html#top",
        "https://www.agency.gov:443/apply/step-1.html",
    ]
    assert len({fp(u) for u in urls}) == 1


def test_query_is_part_of_the_page_in_any_order():
    assert fp("https://a.gov/s?b=2&a=1") == fp("https://a.gov/s?a=1&b=2")
    assert fp("https://a.gov/s?a=1") != fp("https://a.gov/s?a=2")


def test_positional_selectors_do_not_matter():
    # a sibling added earlier in the list shifts nth-child: the element is the same
    assert fp(selector="#main > ul > li:nth-child(3) > img") == fp(selector="#main > ul > li:nth-child(4) > img")
    assert stable_selector("body > div:nth-of-type(2) > p:first-child") == "body > div > p"


def test_attribute_order_white_space_and_volatile_attributes_do_not_matter():
    a = fp(snippet='<img src="a.png" class="x">')
    assert a == fp(snippet='<img   class="x"\n src="a.png" >')
    assert a == fp(snippet='<IMG class="x" src="a.png" style="width: 3px" nonce="abc">')
    assert a == fp(snippet='<img src="a.png" class="x">with children that follow</img>')
    assert opening_tag("<input required type=text name='q'>") == "<input name=q required type=text>"


def test_sensitive_to_rule_page_element_frames_and_quoted_text():
    base = fp()
    assert fp(rule="axe/label") != base
    assert fp("https://a.gov/other.html") != base
    assert fp(selector="#footer img") != base
    assert fp(snippet='<img src="b.png" class="x">') != base
    assert fp(frames=["#calculator"]) != base
    assert fp(text="We will utilize") != fp(text="We will use")


def test_versioned():
    assert fp().startswith(PREFIX) and version_of(fp()) == 2
    assert version_of("0123456789abcdef") == 1
    assert page_key("https://a.gov") == "/"


def test_urls_quoted_in_text_or_markup_do_not_carry_the_host():
    a = fingerprint("FED320", "", Location(text="http://127.0.0.1:41911/robots.txt"))
    b = fingerprint("FED320", "", Location(text="https://staging.agency.gov/robots.txt"))
    assert a == b
    assert fp(snippet='<a href="http://127.0.0.1:8000/form.pdf">') == fp(snippet='<a href="http://localhost:9/form.pdf">')
    assert fp(snippet='<a href="http://127.0.0.1:8000/form.pdf">') != fp(snippet='<a href="http://127.0.0.1:8000/other.pdf">')
