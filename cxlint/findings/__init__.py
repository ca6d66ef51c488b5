"""The one findings stage between the engines and the store.

Every finding, whatever engine raised it, passes through here exactly once:
rule metadata from ``rules/``, one suppression semantics, ``--select`` /
``--ignore``, per-URL ignores, severity overrides, a versioned fingerprint and
the baseline. Pure: no browser, no printing; what the page contributes
(inline suppression markers) is collected by ``cxlint.engines.suppression``
and handed in as data.
"""
