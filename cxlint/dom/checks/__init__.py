"""Named checks. Importing this package fills the page, site and origin check registries."""

from cxlint.dom.checks import content, federal, forms, keyboard, origin, site, visual, widgets  # noqa: F401
from cxlint.dom.checks.base import ORIGIN_CHECKS, PAGE_CHECKS, SITE_CHECKS

__all__ = ["ORIGIN_CHECKS", "PAGE_CHECKS", "SITE_CHECKS"]
