"""The declared layers hold (import-linter contracts in pyproject.toml)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("importlinter")

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_are_kept(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_a_broken_contract_is_caught(tmp_path, monkeypatch):
    """The check really analyses imports: the registry does import the model, so forbidding it must fail."""
    ini = tmp_path / "contracts.ini"
    ini.write_text(
        "[importlinter]\nroot_package = cxlint\n\n[importlinter:contract:probe]\nname = probe\ntype = forbidden\n"
        "source_modules =\n    cxlint.registry\nforbidden_modules =\n    cxlint.model\n"
    )
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ini), no_cache=True) == 1
