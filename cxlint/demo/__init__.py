"""The bundled sample federal service site that ``cxlint demo`` serves and scans."""

from pathlib import Path

SITE_DIR = Path(__file__).resolve().parent / "site"
EXPECTED = Path(__file__).resolve().parent / "expected.yaml"
