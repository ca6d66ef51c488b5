"""Word lists adapted from wordfreq's CC BY-SA 4.0 data carry their attribution and licence, in the repo and the wheel."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTICE = ROOT / "rules" / "plain-language" / "data" / "LICENSE-wordlists.md"


def _derived_from_wordfreq() -> list[Path]:
    """Every shipped data or rule file that says it was made from wordfreq."""
    found = []
    for base in (ROOT / "rules", ROOT / "cxlint"):
        for path in base.rglob("*"):
            data = path.is_file() and path != NOTICE and path.suffix in {".txt", ".tsv", ".yml", ".yaml", ".json"}
            if data and "wordfreq" in path.read_text(encoding="utf-8", errors="replace").lower():
                found.append(path)
    return sorted(found)


def test_every_list_made_from_wordfreq_is_named_in_the_notice_and_points_to_it() -> None:
    derived = _derived_from_wordfreq()
    assert {p.name for p in derived} >= {"common_words.txt", "everyday_long_words.txt"}
    notice = NOTICE.read_text(encoding="utf-8")
    for path in derived:
        head = "".join(line for line in path.read_text(encoding="utf-8").splitlines(True)[:12] if line.startswith("#"))
        assert f"`{path.name}`" in notice, f"{path.name} is not listed in {NOTICE.name}"
        assert "CC BY-SA 4.0" in head and NOTICE.name in head and "Robyn Speer" in head, path.name
        assert path.parent == NOTICE.parent, f"{path.name} must sit beside {NOTICE.name}"


def test_notice_gives_attribution_licence_changes_and_share_alike() -> None:
    notice = NOTICE.read_text(encoding="utf-8")
    for required in (
        "Copyright 2022 Robyn Speer",
        "https://creativecommons.org/licenses/by-sa/4.0/",
        "## Changes made",
        "SUBTLEX",
        "Google Books Ngram",
        "share them under CC BY-SA 4.0",
        "MIT",
    ):
        assert required in notice, required


def test_package_metadata_declares_both_licences_and_ships_the_notice() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    meta = project["project"]
    assert meta["license"] == "MIT AND CC-BY-SA-4.0"
    assert str(NOTICE.relative_to(ROOT)) in meta["license-files"]
    # The rules folder, notice included, is copied into the wheel next to the code that reads it.
    include = project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert include.get("rules") == "cxlint/_data/rules"
    assert "CC BY-SA 4.0" in (ROOT / "README.md").read_text(encoding="utf-8")
