"""The issue's own case, on CBP's real files: the AOR CSV replaced by its header line, or by
itself without the field offices, each registered with its new sha256, is refused, and the
warehouse built from the real files is left byte-identical."""

from __future__ import annotations

import hashlib
import shutil

import duckdb
import pytest

from pipelines.build import build
from pipelines.errors import CoverageError, InputError
from pipelines.fetch import fetch_all
from pipelines.registry import SOURCES_DIR, load_registry

pytestmark = pytest.mark.integration

AOR = "nationwide-encounters-fy20-fy24-aor.csv"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def cbp(tmp_path_factory, mirror):
    """CBP's registered files fetched from the mirror, its warehouse built once, and a function
    that registers another AOR file (its sha256 and size) and rebuilds."""
    root = tmp_path_factory.mktemp("cbp")
    shutil.copytree(SOURCES_DIR / "cbp_encounters", root / "sources" / "cbp_encounters")
    raw, target = root / "raw", root / "aggstats.duckdb"
    fetch_all(load_registry(root / "sources"), raw, mirror)
    build(load_registry(root / "sources"), raw, target)
    declaration = root / "sources" / "cbp_encounters" / "source.yaml"
    published, text = (raw / "cbp_encounters" / AOR).read_bytes(), declaration.read_text()

    def rebuild(aor: bytes):
        (raw / "cbp_encounters" / AOR).write_bytes(aor)
        declaration.write_text(
            text.replace(sha256(published), sha256(aor)).replace(
                f"size: {len(published)}", f"size: {len(aor)}"
            )
        )
        try:
            return build(load_registry(root / "sources"), raw, target)
        finally:
            (raw / "cbp_encounters" / AOR).write_bytes(published)
            declaration.write_text(text)

    return rebuild, target, published


def levels(target) -> dict[str, int]:
    with duckdb.connect(str(target), read_only=True) as con:
        return dict(
            con.execute(
                "SELECT region_level, count(*) FROM observation GROUP BY 1 ORDER BY 1"
            ).fetchall()
        )


def test_the_real_aor_file_header_only_is_refused(cbp):
    rebuild, target, published = cbp
    before = sha256(target.read_bytes())
    with pytest.raises(InputError, match="has its header but no data rows") as error:
        rebuild(published.split(b"\n", 1)[0] + b"\n")
    assert (error.value.file, error.value.row) == (AOR, 2)
    assert sha256(target.read_bytes()) == before
    # 30,158 from the AOR file to Sep 2024, 966 from the sector aggregate from Oct 2024
    assert levels(target)["ofo_field_office"] == 31_124


def test_the_real_aor_file_without_its_field_offices_is_refused(cbp):
    rebuild, target, published = cbp
    before = sha256(target.read_bytes())
    lines = published.splitlines(keepends=True)
    with pytest.raises(CoverageError) as error:
        rebuild(b"".join(line for line in lines if b"Office of Field Operations" not in line))
    measure = "cbp_encounters.encounters"
    assert error.value.losses == [
        f"file '{AOR}': {measure} at level 'land_border_region' loses 1,127 of 7,397 cells "
        "(15.2%; tolerance 1%)",
        f"file '{AOR}': {measure} at level 'nation' loses 222 of 2,446 cells (9.1%; tolerance 1%)",
        f"file '{AOR}': {measure} at level 'ofo_field_office' loses 60 of 83 periods "
        "(2019-10-01 to 2024-09-01) and 30,158 of 31,124 cells (96.9%; tolerance 1%)",
    ]
    assert sha256(target.read_bytes()) == before
