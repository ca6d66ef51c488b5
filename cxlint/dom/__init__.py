"""DOM engine: federal website standards and the accessibility checks axe-core cannot make.

Rules are data (``rules/federal``, ``rules/accessibility``) over a small closed set of
kinds registered in :mod:`cxlint.dom.kinds`; the named browser, site and origin checks
those kinds refer to live in :mod:`cxlint.dom.checks`.
"""
