"""Rule examples and test cases as page HTML.

An example is plain text written like a tiny Markdown page (``# Heading``,
``- list item``, blank lines between paragraphs) or a mapping with ``html`` (a
fragment placed in ``<main>``, or a whole page) and optional ``lang``.
"""

from __future__ import annotations

from html import escape
from typing import Any


def text_to_html(text: str) -> str:
    parts: list[str] = []
    para: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if para:
            parts.append(f"<p>{escape(' '.join(para))}</p>")
            para.clear()
        if items:
            parts.append(f"<ul>{''.join(items)}</ul>")
            items.clear()

    for raw in text.strip().splitlines():
        line = raw.strip()
        if line.startswith("- "):
            if para:
                flush()
            items.append(f"<li>{escape(line[2:].strip())}</li>")
        elif line.startswith("#"):
            flush()
            level = min(6, len(line) - len(line.lstrip("#")) + 1)
            parts.append(f"<h{level}>{escape(line.lstrip('#').strip())}</h{level}>")
        elif not line:
            flush()
        else:
            if items:
                flush()
            para.append(line)
    flush()
    return "".join(parts)


def example_html(example: Any) -> str:
    """A whole page for an example: text goes in ``<main>``; an ``html`` mapping may be a full page."""
    if isinstance(example, str):
        body = text_to_html(example)
        return f'<html lang="en"><head><title>Example</title></head><body><main>{body}</main></body></html>'
    if not isinstance(example, dict) or not ({"html", "text"} & set(example)):
        raise ValueError(f"an example is text or a mapping with 'html' or 'text': {example!r}")
    lang = example.get("lang", "en")
    body = example["html"] if "html" in example else text_to_html(example["text"])
    if "<html" in body.lower():
        return body
    lang_attr = f' lang="{escape(lang)}"' if lang else ""
    return f"<html{lang_attr}><head><title>Example</title></head><body><main>{body}</main></body></html>"
