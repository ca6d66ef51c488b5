"""cxlint: check federal service pages for accessibility, plain language and federal web standards."""

__version__ = "0.1.0"
