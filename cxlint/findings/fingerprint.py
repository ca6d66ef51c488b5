"""Fingerprints: one id per finding that survives rescans, redeploys and unrelated edits.

Version 2 depends on the rule, the page's path and query (never its scheme, host
or port: a baseline made on a preview deploy at 127.0.0.1 must match staging),
the frame chain, the element's selector with positional parts removed
(``:nth-child(3)`` shifts when a sibling is added elsewhere), the element's
opening tag with its attributes sorted and volatile ones dropped, and the text
the finding quotes, each with any ``scheme://host:port`` left out (a robots.txt finding quotes
its URL). Two identical elements of one page share a fingerprint;
baselines therefore count occurrences (see ``cxlint.findings.baseline``).
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

from cxlint.model import Location

VERSION = 2
PREFIX = f"cx{VERSION}-"

_POSITIONAL = re.compile(
    r":(?:nth-child|nth-of-type|nth-last-child|nth-last-of-type)\([^)]*\)"
    r"|:(?:first|last|only)-(?:child|of-type)"
)
_WS = re.compile(r"\s+")
_ORIGIN = re.compile(r"\b(?:https?|wss?)://[^/\s\"'<>]+", re.I)
_VOLATILE_ATTR = re.compile(
    r"""\s(?:nonce|style|data-reactid|data-react-[\w-]+|data-v-[\w-]*|data-testid|data-cxlint-[\w-]+|jsaction"""
    r"""|data-gtm-[\w-]+)(?:="[^"]*"|='[^']*')?"""
)
_OPEN_TAG = re.compile(r"<([\w-]+)((?:\s+[^\s=>]+(?:=(?:\"[^\"]*\"|'[^']*'|[^\s>]*))?)*)\s*/?>")
_ATTR = re.compile(r"""([^\s=>]+)(?:=("[^"]*"|'[^']*'|[^\s>]*))?""")


def stable_selector(selector: str) -> str:
    """The selector without positional pseudo-classes, which move when other elements are added."""
    s = _POSITIONAL.sub("", selector)
    return _WS.sub(" ", s).strip()


def opening_tag(snippet: str) -> str:
    """The element's opening tag, attributes sorted, volatile ones dropped, white space folded."""
    s = _WS.sub(" ", snippet).strip()
    m = _OPEN_TAG.match(s)
    if not m:
        return s[:200]
    attrs = _VOLATILE_ATTR.sub("", " " + m.group(2))
    parts = sorted(f"{k.lower()}={v.strip(chr(34) + chr(39))}" if v else k.lower() for k, v in _ATTR.findall(attrs))
    return f"<{m.group(1).lower()} {' '.join(parts)}>".replace(" >", ">")


def page_key(url: str) -> str:
    """The part of a URL a fingerprint depends on: path and sorted query, no scheme, host or port."""
    parts = urlsplit(url)
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return (parts.path or "/") + (f"?{query}" if query else "")


def fingerprint(rule: str, page_url: str, loc: Location) -> str:
    basis = "\x1f".join(
        [
            rule,
            page_key(page_url) if page_url else "",
            " > ".join(stable_selector(f) for f in loc.frames),
            stable_selector(loc.selector),
            _ORIGIN.sub("", opening_tag(loc.snippet)),
            _ORIGIN.sub("", _WS.sub(" ", loc.text).strip()),
        ]
    )
    return PREFIX + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def version_of(fp: str) -> int:
    """The version a stored fingerprint was made with (1: the unprefixed hex of cxlint 0.1)."""
    m = re.match(r"^cx(\d+)-[0-9a-f]+$", fp)
    return int(m.group(1)) if m else 1
