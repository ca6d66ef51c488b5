"""A form handler for the loopback fixture server that validates like a careful federal service.

It answers a post with an error page built the USWDS way: the title starts with "Error:", an
error summary (role=alert) links to each field, each message is tied to its field with
aria-describedby, fields carry aria-invalid, and every value sent is filled back in. With
nothing wrong it answers "Thank you". Form-journey tests use it as the good server round trip.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl

from tests.support import server

RULES: dict[str, tuple[str, str]] = {
    # field name -> (pattern the value must match, message)
    "full_name": (r".+", "Enter your full name"),
    "name": (r".+", "Enter your name"),
    "email": (r"[^@\s]+@[^@\s]+\.[^@\s]+", "Enter an email address in the correct format, like name@example.com"),
    "zip": (r"\d{5}", "Enter a 5-digit ZIP code, like 20500"),
    "ssn": (r"\d{3}-?\d{2}-?\d{4}", "Enter your Social Security number as 9 digits, like 123-45-6789"),
    "permit_number": (r"\d{10}", "Enter your 10-digit permit number, like 1234567890"),
}


def echo(_path: str, body: str) -> server.Reply:
    fields = parse_qsl(body, keep_blank_values=True)
    errors = [(n, RULES[n][1]) for n, v in fields if n in RULES and not re.fullmatch(RULES[n][0], v)]
    if not errors:
        page = "<!doctype html><html lang='en'><title>Thank you | Example Agency</title><main><h1>Thank you</h1></main></html>"
        return server.html(page)
    msgs = dict(errors)
    items = "".join(f'<li><a href="#{n}">{html.escape(m)}</a></li>' for n, m in errors)
    groups = []
    for n, v in fields:
        err = msgs.get(n)
        attrs = f' aria-invalid="true" aria-describedby="{n}-error"' if err else ""
        message = f'<span class="usa-error-message" id="{n}-error">{html.escape(err)}</span>' if err else ""
        groups.append(
            f'<div class="usa-form-group{" usa-form-group--error" if err else ""}">'
            f'<label class="usa-label" for="{n}">{html.escape(n.replace("_", " ").capitalize())}</label>{message}'
            f'<input class="usa-input" id="{n}" name="{n}" value="{html.escape(v)}"{attrs}></div>'
        )
    page = (
        "<!doctype html><html lang='en'><head><title>Error: Requests and sign-ups | Example Agency</title></head>"
        '<body><main><div class="usa-alert usa-alert--error" role="alert" tabindex="-1" id="summary">'
        '<div class="usa-alert__body"><h2 class="usa-alert__heading">There is a problem</h2>'
        f"<ul>{items}</ul></div></div>"
        f'<form class="usa-form" action="/forms/echo" method="post">{"".join(groups)}'
        '<button class="usa-button" type="submit">Continue</button></form></main>'
        "<script>document.getElementById('summary').focus();</script></body></html>"
    )
    return server.html(page)
