from __future__ import annotations

import pytest

from cxlint.crawl.sampling import Sampler, template_key


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://x.gov/forms/1040", "https://x.gov/forms/{id}"),
        ("https://x.gov/forms/form-941", "https://x.gov/forms/{id}"),
        ("https://x.gov/forms/1040.html", "https://x.gov/forms/{id}.html"),
        ("https://x.gov/a/3f2504e0-4f89-11d3-9a0c-0305e82c3301", "https://x.gov/a/{id}"),
        ("https://x.gov/news/2024-01-05/title", "https://x.gov/news/{id}/title"),
        ("https://x.gov/cal/2024/01", "https://x.gov/cal/{id}/{id}"),
        ("https://x.gov/blob/deadbeef42", "https://x.gov/blob/{id}"),
        ("https://x.gov/v2/about", "https://x.gov/v2/about"),
        ("https://x.gov/about-us", "https://x.gov/about-us"),
        ("https://x.gov/s?q=a&page=2", "https://x.gov/s?page&q"),
    ],
)
def test_template_key(url: str, key: str) -> None:
    assert template_key(url) == key


def test_sampler_admits_n_per_template_and_reports_the_rest() -> None:
    s = Sampler(2)
    urls = [f"https://x.gov/forms/{n}" for n in (1, 2, 3, 4)] + ["https://x.gov/about"]
    got = [s.admit(u) for u in urls]
    assert got == [True, True, False, False, True]
    [group] = s.summary()
    assert group.key == "https://x.gov/forms/{id}"
    assert group.admitted == urls[:2]
    assert group.sampled_out == urls[2:4]


def test_sampler_replay_keeps_quota() -> None:
    s = Sampler(1)
    s.note("https://x.gov/f/1")
    assert s.admit("https://x.gov/f/2") is False


def test_sampler_rejects_zero() -> None:
    with pytest.raises(ValueError):
        Sampler(0)
