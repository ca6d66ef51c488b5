"""Engines turn a loaded page into findings. Importing this package registers every rule kind."""

from cxlint.dom import kinds as dom_kinds  # noqa: F401
from cxlint.engines import scan_kinds  # noqa: F401
from cxlint.text import kinds  # noqa: F401
