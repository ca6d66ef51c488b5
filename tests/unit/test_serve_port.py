"""A local folder keeps its address from one scan to the next (the re-scan cache is keyed by URL)."""

from __future__ import annotations

from pathlib import Path

from cxlint.serve import PORTS, LocalSite, preferred_port


def test_the_same_folder_gets_the_same_origin_and_a_busy_port_falls_back(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<title>x</title>")
    port = preferred_port(tmp_path.resolve())
    assert PORTS[0] <= port < PORTS[1]
    assert preferred_port(tmp_path.resolve() / "other") != port
    first = LocalSite(tmp_path).start()
    origin = first.origin
    busy = LocalSite(tmp_path).start()  # while the first still holds its port
    try:
        assert busy.origin != origin
    finally:
        busy.stop()
        first.stop()
    again = LocalSite(tmp_path).start()
    try:
        assert again.origin == origin == f"http://127.0.0.1:{port}"
    finally:
        again.stop()
