"""docs/ice-tables.md, the inventory of ICE's tables, agrees with what the pipelines declare:
every ICE file and every ICE sheet of OHSS's monthly tables is listed, each file marked loaded
names the measures its layout yields, and every measure it names exists."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from pipelines.registry import load_registry

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "ice-tables.md"
SHEETS = ROOT / "pipelines" / "sources" / "ohss_monthly_tables" / "sheets.csv"
ICE_SHEET = re.compile(r"^(ERO|ICE|DHS Removals)\b")


def table_rows() -> list[list[str]]:
    rows = []
    for line in DOC.read_text().splitlines():
        if line.startswith("| ") and not line.startswith("| sheet"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def measures_in(cell: str) -> set[str]:
    return set(re.findall(r"`((?:ice_detention|ohss_monthly_tables)\.[a-z_]+)`", cell))


def test_every_measure_named_is_declared():
    declared = {m.measure_id for s in load_registry() for m in s.measures}
    named = set().union(*(measures_in(cell) for row in table_rows() for cell in row))
    assert named and named <= declared, named - declared


def test_every_ice_file_is_listed_with_the_measures_it_yields():
    source = next(s for s in load_registry() if s.source_id == "ice_detention")
    listed = {}
    for row in table_rows():
        files = re.findall(r"`([^`]+\.(?:parquet|xlsx))`", row[1]) if len(row) > 2 else []
        for name in files:
            listed.setdefault(name, set()).update(measures_in(row[2]))
    for file in source.files:
        assert file.name in listed, f"{file.name} missing from docs/ice-tables.md"
        assert listed[file.name], f"{file.name} is loaded but no measure is named for it"


def test_every_ice_sheet_of_the_ohss_monthly_tables_is_listed():
    with SHEETS.open() as handle:
        sheets = {row["sheet"] for row in csv.DictReader(handle) if ICE_SHEET.match(row["sheet"])}
    listed = {row[0] for row in table_rows()}
    assert len(sheets) == 13 and sheets <= listed, sheets - listed
