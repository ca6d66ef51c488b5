"""Generate a deterministic N-page site for speed benchmarks, side by side with the peers.

    python bench/make_site.py [--port 8810] [--out DIR] [--pages N] [--template]

Pages are 20–60 KB each with varied content (headings, forms, tables, images with and
without alt, links between pages, CSS) and planted accessibility defects, so every scanner
has something to find. Only local resources are referenced. Without ``--template`` the
output is byte for byte what ``../shared/bench/make_site.py`` writes for the same
arguments, so numbers measured against either are comparable.

``--template`` gives every page the same USWDS-style frame (the "official website"
banner, a header with the agency's name, the main navigation and a footer with the
agency identifier), which is what a federal site looks like to a scanner: a large share
of each page is identical on every page. The per-page navigation links are then dropped
(the random numbers they used are still drawn, so the page bodies stay the same).

Writes the pages, ``frag.html``, ``index.html``, ``sitemap.xml``, ``urls.txt`` and
``site_defects.json`` (the defects planted on each page).
"""

from __future__ import annotations

import argparse
import html
import json
import random
import struct
import zlib
from pathlib import Path

SEED = 20261124
_WORD_TEXT = (
    "accessibility audit browser chromium crawler semantic landmark heading contrast keyboard focus "
    "screen reader label button navigation region table caption figure image alternative text form "
    "input select option checkbox radio fieldset legend error message validation performance report "
    "summary detail timeline budget customer service account billing invoice shipping delivery order "
    "product catalogue inventory warehouse support article guide tutorial release notes changelog "
    "privacy policy cookie consent newsletter subscribe community forum question answer"
)
WORDS = _WORD_TEXT.split()
DEFECTS = [
    "no-lang", "img-alt", "label", "contrast", "heading-skip", "dup-id", "empty-link",
    "button-name", "table-th", "empty-title", "select-name", "frame-title", "list",
]  # fmt: skip
COLORS = [(200, 60, 60), (60, 160, 90), (40, 90, 200), (220, 180, 40), (120, 120, 120), (150, 60, 180)]

CSS = """
:root{--fg:#222;--bg:#fff;--accent:#0b5fff}
*{box-sizing:border-box} body{font-family:system-ui,sans-serif;color:var(--fg);background:var(--bg);margin:0;line-height:1.5}
header,footer{background:#0d2238;color:#fff;padding:1rem 2rem} header a,footer a{color:#cfe3ff}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;margin:0;padding:0}
main{max-width:70rem;margin:0 auto;padding:1rem 2rem} .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1rem}
.card{border:1px solid #ddd;border-radius:6px;padding:1rem;box-shadow:0 1px 3px rgba(0,0,0,.1)}
table{border-collapse:collapse;width:100%} td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}
.low-contrast{color:#aaa;background:#fff} .tiny{font-size:10px} .muted{color:#bbb}
.btn{background:var(--accent);color:#fff;border:0;padding:.5rem 1rem;border-radius:4px}
.ghost{background:#eee;color:#ccc} form .row{margin:.5rem 0} aside{background:#f5f7fa;padding:1rem}
@media (max-width:40rem){main{padding:.5rem}}
"""

TEMPLATE_CSS = """
.usa-skipnav{position:absolute;left:-999em}.usa-skipnav:focus{left:0;top:0;background:#fff;color:#005ea2;padding:.5rem;z-index:10}
.usa-banner{background:#f0f0f0;color:#1b1b1b;font-size:.85rem}.usa-banner__inner{max-width:70rem;margin:0 auto;padding:.25rem 2rem;display:flex;gap:.5rem;align-items:center}
.usa-banner__button{background:none;border:0;color:#005ea2;text-decoration:underline;cursor:pointer;font-size:.85rem}
.usa-banner__content{max-width:70rem;margin:0 auto;padding:.5rem 2rem;display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.usa-banner__content[hidden]{display:none}.usa-header{background:#fff;color:#1b1b1b;border-bottom:1px solid #dfe1e2}
.usa-header a{color:#1b1b1b}.usa-logo{font-size:1.4rem;font-weight:700;margin:0}.usa-nav__primary{display:flex;flex-wrap:wrap;gap:1.5rem;list-style:none;margin:.5rem 0 0;padding:0}
.usa-nav__primary a{color:#005ea2;font-weight:700;text-decoration:none}.usa-search{display:flex;gap:.25rem;margin-top:.5rem}
.usa-footer{background:#dfe1e2;color:#1b1b1b}.usa-footer a{color:#005ea2}.usa-footer__nav ul{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;padding:0}
.usa-identifier{background:#1b1b1b;color:#fff;padding:1rem 2rem}.usa-identifier a{color:#fff}
"""

NAV = [("Benefits", "/page001.html"), ("Apply", "/page002.html"), ("Forms", "/page003.html"),
       ("Laws and regulations", "/page004.html"), ("News", "/page005.html"), ("About us", "/page006.html"),
       ("Contact us", "/page007.html")]  # fmt: skip
FOOTER_LINKS = [("Accessibility support", "/page008.html"), ("FOIA requests", "/page009.html"),
                ("No FEAR Act data", "/page010.html"), ("Office of the Inspector General", "/page011.html"),
                ("Privacy policy", "/page012.html"), ("USA.gov", "/index.html")]  # fmt: skip


def banner() -> str:
    """The USWDS "An official website of the United States government" banner, collapsed."""
    return (
        '<a class="usa-skipnav" href="#main">Skip to main content</a>\n'
        '<section class="usa-banner" aria-label="Official website of the United States government">'
        '<div class="usa-banner__inner"><span>An official website of the United States government</span>'
        '<button type="button" class="usa-banner__button" aria-expanded="false" aria-controls="gov-banner">'
        "Here's how you know</button></div>"
        '<div class="usa-banner__content" id="gov-banner" hidden>'
        "<p><strong>Official websites use .gov</strong><br>A <strong>.gov</strong> website belongs to an official "
        "government organization in the United States.</p>"
        "<p><strong>Secure .gov websites use HTTPS</strong><br>A <strong>lock</strong> or <strong>https://</strong> "
        "means you've safely connected to the .gov website. Share sensitive information only on official, "
        "secure websites.</p></div></section>\n"
    )


def template_header() -> str:
    links = "".join(f'<li><a href="{href}">{html.escape(text)}</a></li>' for text, href in NAV)
    return (
        '<header class="usa-header"><div class="usa-logo"><a href="/index.html" title="Home">'
        "Example Benefits Agency</a></div>"
        f'<nav aria-label="Primary navigation"><ul class="usa-nav__primary">{links}</ul></nav>'
        '<form class="usa-search" role="search" action="/index.html" method="get">'
        '<label for="site-search">Search this site</label><input id="site-search" type="search" name="q">'
        '<button type="submit">Search</button></form></header>\n'
    )


def template_footer() -> str:
    links = "".join(f'<li><a href="{href}">{html.escape(text)}</a></li>' for text, href in FOOTER_LINKS)
    return (
        '<footer class="usa-footer"><nav class="usa-footer__nav" aria-label="Footer navigation">'
        f"<ul>{links}</ul></nav>"
        '<div class="usa-identifier"><p>Example Benefits Agency, an official website of the '
        '<a href="/index.html">Example Department</a>. <a href="/sitemap.xml">Sitemap</a></p>'
        '<p>Looking for U.S. government information and services? Visit <a href="/index.html">USA.gov</a></p>'
        "</div></footer>\n"
    )


def png(w: int, h: int, rgb: tuple[int, int, int]) -> bytes:
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))

    def chunk(tag: bytes, data: bytes) -> bytes:
        c = struct.pack(">I", len(data)) + tag + data
        return c + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def page_name(i: int) -> str:
    return f"page{i:03d}.html"


class SiteWriter:
    """Draws every page from one seeded generator, in the same order as the shared generator."""

    def __init__(self, pages: int, template: bool) -> None:
        self.n = pages
        self.template = template
        self.rng = random.Random(SEED)

    def sentence(self, n: int | None = None) -> str:
        n = n or self.rng.randint(8, 22)
        return " ".join(self.rng.choice(WORDS) for _ in range(n)).capitalize() + "."

    def para(self, ns: int | None = None) -> str:
        return " ".join(self.sentence() for _ in range(ns or self.rng.randint(3, 7)))

    def page(self, i: int) -> tuple[str, set[str]]:
        r = self.rng
        target = r.randint(20_000, 60_000)
        title = f"{r.choice(WORDS).capitalize()} {r.choice(WORDS)} - page {i}"
        defects = set(r.sample(DEFECTS, k=r.randint(1, 6)))
        if i % 10 == 0:
            defects = set()  # every 10th page is clean-ish
        lang = "" if "no-lang" in defects else ' lang="en"'
        t = "" if "empty-title" in defects else html.escape(title)
        extra_css = '<link rel="stylesheet" href="/css/template.css">\n' if self.template else ""
        out = [
            f'<!DOCTYPE html>\n<html{lang}>\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{t}</title>\n'
            f'<link rel="stylesheet" href="/css/site.css">\n{extra_css}'
            f"<style>.p{i}-hero{{background:linear-gradient(90deg,#0b5fff,#5a2dd1);color:#fff;padding:2rem}}</style>\n"
            "</head>\n<body>\n"
        ]
        picked = sorted(r.sample(range(1, self.n + 1), min(8, self.n)))
        if self.template:
            out.append(banner() + template_header() + '<main id="main">\n')
        else:
            links = "".join(f'<li><a href="/{page_name(j)}">Section {j}</a></li>' for j in picked)
            out.append(
                f'<header><a href="/index.html">Home</a><nav aria-label="Main"><ul>{links}</ul></nav></header>\n'
                '<main id="main">\n'
            )
        out.append(f'<div class="p{i}-hero"><h1>{html.escape(title)}</h1><p>{self.sentence()}</p></div>\n')
        blocks = 0
        while sum(len(x) for x in out) < target:
            kind = r.choice(["text", "text", "text", "img", "table", "form", "cards", "list", "links", "details"])
            lvl = 4 if ("heading-skip" in defects and blocks == 2) else 2
            out.append(f"<section><h{lvl}>{self.sentence(4)[:-1]}</h{lvl}>\n")
            out.append(self.block(kind, i, blocks, defects))
            out.append("</section>\n")
            blocks += 1
        if self.template:
            out.append(f'</main>\n<aside aria-label="Related"><p>{self.sentence()}</p></aside>\n')
            out.append(template_footer() + "</body>\n</html>\n")
        else:
            out.append(
                f'</main>\n<aside aria-label="Related"><p>{self.sentence()}</p></aside>\n'
                '<footer><p>&copy; 2026 Example Org. <a href="/sitemap.xml">Sitemap</a></p></footer>\n'
                "</body>\n</html>\n"
            )
        return "".join(out), defects

    def block(self, kind: str, i: int, blocks: int, defects: set[str]) -> str:
        r = self.rng
        out: list[str] = []
        if kind == "text":
            out.append("".join(f"<p>{self.para()}</p>\n" for _ in range(r.randint(2, 5))))
            if "contrast" in defects and r.random() < 0.5:
                out.append(f'<p class="low-contrast tiny">{self.para(2)}</p>\n<p class="muted">{self.sentence()}</p>\n')
        elif kind == "img":
            for k in range(r.randint(1, 4)):
                c = r.randrange(len(COLORS))
                alt = "" if ("img-alt" in defects and k == 0) else f' alt="{self.sentence(5)[:-1]}"'
                out.append(
                    f'<figure><img src="/img/photo{c}.png" width="64" height="48"{alt}>'
                    f"<figcaption>{self.sentence()}</figcaption></figure>\n"
                )
            out.append(
                f'<p><img src="/img/icon{r.randrange(6)}.svg" alt="" width="24" height="24"> {self.sentence()}</p>\n'
            )
        elif kind == "table":
            cols, rows = r.randint(3, 6), r.randint(5, 20)
            th = "td" if "table-th" in defects else "th"
            scope = "" if th == "td" else ' scope="col"'
            out.append(
                f"<table><caption>{self.sentence(4)}</caption><thead><tr>"
                + "".join(f"<{th}{scope}>{r.choice(WORDS).capitalize()}</{th}>" for _ in range(cols))
                + "</tr></thead><tbody>"
            )
            for _ in range(rows):
                out.append(
                    "<tr>" + "".join(f"<td>{r.randint(0, 99999)} {r.choice(WORDS)}</td>" for _ in range(cols)) + "</tr>"
                )
            out.append("</tbody></table>\n")
        elif kind == "form":
            out.append(self.form(i, blocks, defects))
        elif kind == "cards":
            out.append('<div class="grid">')
            for _ in range(r.randint(3, 9)):
                out.append(
                    f'<article class="card"><h3>{self.sentence(3)[:-1]}</h3><p>{self.para(2)}</p>'
                    f'<a href="/{page_name(r.randint(1, self.n))}">Read more about {r.choice(WORDS)}</a></article>'
                )
            out.append("</div>\n")
        elif kind == "list":
            if "list" in defects:
                out.append("<ul>" + "".join(f"<div>{self.sentence()}</div>" for _ in range(3)) + "</ul>\n")
            out.append("<ol>" + "".join(f"<li>{self.sentence()}</li>" for _ in range(r.randint(4, 12))) + "</ol>\n")
        elif kind == "links":
            out.append(
                "<p>"
                + " | ".join(
                    f'<a href="/{page_name(r.randint(1, self.n))}">{r.choice(WORDS)} {r.choice(WORDS)}</a>'
                    for _ in range(r.randint(5, 15))
                )
                + "</p>\n"
            )
            if "empty-link" in defects:
                out.append(
                    f'<p><a href="/{page_name(r.randint(1, self.n))}"><img src="/img/icon1.svg" width="24" height="24" alt=""></a></p>\n'
                )
        elif kind == "details":
            out.append(f"<details><summary>{self.sentence(4)}</summary><p>{self.para()}</p></details>\n")
            if "frame-title" in defects and blocks % 3 == 0:
                out.append('<iframe src="/frag.html" width="300" height="80"></iframe>\n')
        return "".join(out)

    def form(self, i: int, blocks: int, defects: set[str]) -> str:
        r = self.rng
        fid = f"f{i}_{blocks}"
        out = [f'<form action="/{page_name(i)}" method="get"><fieldset><legend>{self.sentence(3)}</legend>']
        for k in range(r.randint(2, 6)):
            iid = "dup" if "dup-id" in defects and k < 2 else f"{fid}_{k}"
            if "label" in defects and k == 1:
                out.append(
                    f'<div class="row"><input type="text" id="{iid}" name="n{k}" placeholder="{r.choice(WORDS)}"></div>'
                )
            else:
                out.append(
                    f'<div class="row"><label for="{iid}">{r.choice(WORDS).capitalize()}</label> '
                    f'<input type="{r.choice(["text", "email", "tel", "number"])}" id="{iid}" name="n{k}"></div>'
                )
        if "select-name" in defects:
            out.append('<div class="row"><select name="s"><option>One</option><option>Two</option></select></div>')
        else:
            out.append(
                f'<div class="row"><label for="{fid}_s">Choice</label><select id="{fid}_s" name="s">'
                "<option>One</option><option>Two</option></select></div>"
            )
        out.append(
            f'<div class="row"><input type="checkbox" id="{fid}_c"><label for="{fid}_c">{self.sentence(5)}</label></div>'
        )
        if "button-name" in defects:
            out.append('<button class="btn" type="submit"><span class="icon"></span></button>')
        else:
            out.append('<button class="btn" type="submit">Send</button>')
        out.append("</fieldset></form>\n")
        return "".join(out)


def write_site(out: Path, pages: int, port: int, template: bool = False) -> dict[str, object]:
    """Write the site under ``out``; returns its size summary."""
    base = f"http://127.0.0.1:{port}"
    (out / "img").mkdir(parents=True, exist_ok=True)
    (out / "css").mkdir(parents=True, exist_ok=True)
    (out / "css" / "site.css").write_text(CSS)
    if template:
        (out / "css" / "template.css").write_text(TEMPLATE_CSS)
    for i, c in enumerate(COLORS):
        (out / "img" / f"photo{i}.png").write_bytes(png(64, 48, c))
        (out / "img" / f"icon{i}.svg").write_text(
            f'<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"><circle cx="12" cy="12" r="10" fill="rgb{c}"/></svg>'
        )
    (out / "frag.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>Fragment</title></head><body><p>Embedded fragment.</p></body></html>'
    )
    writer = SiteWriter(pages, template)
    sizes: list[int] = []
    defect_log: dict[str, list[str]] = {}
    for i in range(1, pages + 1):
        body, defects = writer.page(i)
        (out / page_name(i)).write_text(body)
        sizes.append(len(body.encode()))
        defect_log[page_name(i)] = sorted(defects)
    idx = "".join(f'<li><a href="/{page_name(i)}">Page {i}</a></li>' for i in range(1, pages + 1))
    (out / "index.html").write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test site index</title>'
        f'<link rel="stylesheet" href="/css/site.css"></head><body><main><h1>Test site</h1><ul>{idx}</ul></main></body></html>'
    )
    locs = "".join(f"  <url><loc>{base}/{page_name(i)}</loc></url>\n" for i in range(1, pages + 1))
    (out / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{locs}</urlset>\n"
    )
    (out / "urls.txt").write_text("".join(f"{base}/{page_name(i)}\n" for i in range(1, pages + 1)))
    (out / "site_defects.json").write_text(json.dumps(defect_log, indent=1))
    return {"pages": pages, "min": min(sizes), "max": max(sizes), "mean": sum(sizes) // pages, "base": base}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=8810)
    ap.add_argument("--out", default="site")
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument(
        "--template", action="store_true", help="every page shares a USWDS-style banner, header, nav, footer"
    )
    a = ap.parse_args()
    if a.pages < 2:
        ap.error("--pages must be at least 2")
    s = write_site(Path(a.out), a.pages, a.port, a.template)
    print(f"{s['pages']} pages, size min {s['min']} max {s['max']} mean {s['mean']} bytes; base {s['base']}")


if __name__ == "__main__":
    main()
