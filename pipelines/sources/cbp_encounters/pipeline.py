"""CBP Nationwide Encounters (AOR and State files) and Southwest Land Border Encounters, and a
third party's aggregate of an AOR release by sector and field office (layout `sectors`)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.readers import (
    ROW,
    check_unique,
    check_values,
    read_csv_as_published,
    refuse_after,
    to_int,
)
from pipelines.registry import SourceFile
from pipelines.tidy import FISCAL_MONTHS, NATION, breakdowns, fiscal_month_start

MEASURE = "cbp_encounters.encounters"
COUNT = "Encounter Count"

_COMMON = {
    "Fiscal Year": "fiscal_year",
    "Month Grouping": "month_grouping",
    "Month (abbv)": "month_abbv",
}
HEADERS = {
    "aor": {
        **_COMMON,
        "Component": "component",
        "Land Border Region": "land_border_region",
        "Area of Responsibility": "area_of_responsibility",
        "AOR (Abbv)": "aor_abbv",
        "Demographic": "demographic",
        "Citizenship": "citizenship",
        "Title of Authority": "title_of_authority",
        "Encounter Type": "encounter_type",
        COUNT: "encounter_count",
    },
    "state": {
        **_COMMON,
        "Land Border Region": "land_border_region",
        "State": "state",
        "Demographic": "demographic",
        "Citizenship": "citizenship",
        "Title of Authority": "title_of_authority",
        COUNT: "encounter_count",
    },
    # a third party's reshaping of CBP's AOR file: calendar month, CBP's component, border and
    # area of responsibility renamed, summed over demographic and citizenship
    "sectors": {
        "month": "month",
        "fiscal_year": "fiscal_year",
        "agency": "component",
        "border": "land_border_region",
        "office": "area_of_responsibility",
        "encounter_type": "encounter_type",
        "encounters": "encounter_count",
    },
    "southwest": {
        **_COMMON,
        "Component": "component",
        "Demographic": "demographic",
        "Citizenship Grouping": "citizenship_group",
        "Title of Authority": "title_of_authority",
        "Encounter Type": "encounter_type",
        COUNT: "encounter_count",
    },
}
USBP = "U.S. Border Patrol"
OFO = "Office of Field Operations"
# the reshaped file's names for CBP's components
AGENCIES = {"Border Patrol": USBP, "Field Operations": OFO}
SOUTHWEST = "Southwest Land Border"
_DIMENSIONS = {
    "aor": ["component", "citizenship", "demographic", "title_of_authority", "encounter_type"],
    "state": ["citizenship", "demographic", "title_of_authority"],
    "sectors": ["component", "encounter_type"],
    "southwest": [
        "component",
        "citizenship_group",
        "demographic",
        "title_of_authority",
        "encounter_type",
    ],
}


def read(path: Path, layout: str) -> pl.DataFrame:
    """The file as published: CBP's columns in snake_case, fiscal year and count as integers."""
    header = HEADERS[layout]
    if layout == "sectors":
        return _read_sectors(path, header)
    frame = read_csv_as_published(path, header, guard_count=COUNT)
    # "2026 (FYTD)" marks the current, partial fiscal year; the year is its first four digits.
    frame = frame.with_columns(pl.col("fiscal_year").str.slice(0, 4))
    frame = to_int(path, frame, "fiscal_year", "Fiscal Year")
    frame = to_int(path, frame, "encounter_count", COUNT)
    check_values(path, frame, "month_abbv", "Month (abbv)", set(FISCAL_MONTHS))
    check_values(path, frame, "month_grouping", "Month Grouping", {"FYTD", "Remaining"})
    if "component" in frame.columns:
        check_values(path, frame, "component", "Component", {USBP, OFO})
    negative = frame.filter(pl.col("encounter_count") < 0)
    if negative.height:
        raise InputError(path, "negative count", row=negative[ROW][0], column=COUNT)
    keys = [c for c in header.values() if c not in ("encounter_count", "month_grouping")]
    check_unique(path, frame, keys)
    return frame


def _read_sectors(path: Path, header: dict[str, str]) -> pl.DataFrame:
    """The reshaped file: its month (YYYY-MM) as the month's first day, checked against its
    fiscal year; its agency names as CBP's components."""
    frame = read_csv_as_published(path, header, guard_count="encounters")
    frame = to_int(path, frame, "fiscal_year", "fiscal_year")
    frame = to_int(path, frame, "encounter_count", "encounters")
    check_values(path, frame, "component", "agency", set(AGENCIES))
    frame = frame.with_columns(
        period=pl.concat_str(pl.col("month"), pl.lit("-01")).str.to_date("%Y-%m-%d", strict=False),
        component=pl.col("component").replace_strict(AGENCIES),
    )
    bad = frame.filter(
        pl.col("period").is_null()
        | (pl.col("period").dt.offset_by("3mo").dt.year() != pl.col("fiscal_year"))
    )
    if bad.height:
        raise InputError(path, "month not in its fiscal year", row=bad[ROW][0], column="month")
    negative = frame.filter(pl.col("encounter_count") < 0)
    if negative.height:
        raise InputError(path, "negative count", row=negative[ROW][0], column="encounters")
    check_unique(
        path,
        frame,
        ["month", "component", "land_border_region", "area_of_responsibility", "encounter_type"],
    )
    return frame


def tidy(staged: pl.DataFrame, file: SourceFile) -> pl.DataFrame:
    """Encounters by month for each region level the file declares, with one-way breakdowns."""
    frame = staged
    if "month_abbv" in staged.columns:  # CBP's own files: a fiscal year and a month's name
        frame = staged.with_columns(
            period=fiscal_month_start(
                pl.col("fiscal_year"), pl.col("month_abbv").replace_strict(FISCAL_MONTHS)
            )
        )
    frame = frame.with_columns(value=pl.col("encounter_count"))
    refuse_after(Path(file.name), frame, file.as_of, "Fiscal Year")
    regions = _regions(frame, file.layout)
    parts = []
    for level in file.levels:
        rows, label = regions[level]
        # Sectors are all Border Patrol and field offices all OFO: component says nothing there.
        dims = [d for d in _DIMENSIONS[file.layout] if d != "component" or level in _MIXED]
        parts.append(
            breakdowns(rows, measure_id=MEASURE, level=level, region_label=label, dimensions=dims)
        )
    return pl.concat(parts)


_MIXED = {"nation", "land_border_region"}


def _regions(frame: pl.DataFrame, layout: str) -> dict[str, tuple[pl.DataFrame, pl.Expr]]:
    """For each region level this layout can give: the rows it sums and the label naming it."""
    regions = {"nation": (frame, pl.lit(NATION))}
    if layout == "southwest":
        regions["land_border_region"] = (frame, pl.lit(SOUTHWEST))
    else:
        regions["land_border_region"] = (frame, pl.col("land_border_region"))
    if layout == "state":
        regions["state"] = (frame, pl.col("state"))
    if layout in ("aor", "sectors"):
        aor = pl.col("area_of_responsibility")
        regions["usbp_sector"] = (frame.filter(pl.col("component") == USBP), aor)
        regions["ofo_field_office"] = (frame.filter(pl.col("component") == OFO), aor)
    return regions
