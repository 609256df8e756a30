"""U.S. Border Patrol apprehensions by sector: the FY2000-FY2016 wide table (here) and CBP's
citizenship-by-sector PDF (citizenship_pdf.py) with a third party's CSV extraction of it
(extraction.py), each file read by its layout's module.

The wide table's header, years and what each column counts are declared under `layouts` in this
folder's source.yaml. The file prints border and all-border totals; they are kept as published,
after checking each equals the sum of the rows it totals.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from aggstats.calendar import fiscal_year_start_expr
from pipelines.errors import InputError
from pipelines.guard import refuse_event_log, refuse_identifying
from pipelines.readers import ROW, check_unique
from pipelines.registry import SourceFile
from pipelines.sources.usbp_sector_apprehensions import citizenship_pdf, extraction
from pipelines.tidy import OBSERVATION_SCHEMA, TOTAL

DECLARATION = Path(__file__).with_name("source.yaml")
COLUMN = "column"  # the published header of the cell a staged value came from
_HEADER = re.compile(r"(?P<year>\d{4}) \((?P<counts>.+)\)")
_MODULES = {"citizenship_by_sector": citizenship_pdf, "citizenship_extraction": extraction}


def read(path: Path, layout: str) -> pl.DataFrame:
    """One row per published cell: border, sector, fiscal year, what it counts, the count.

    A blank count stays null (the sector did not exist); a blank in a total row is refused.
    """
    if layout in _MODULES:
        return _MODULES[layout].read(path, layout)
    spec = _layout(layout)
    try:
        wide = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    except (pl.exceptions.NoDataError, pl.exceptions.ComputeError) as exc:
        raise InputError(path, f"not a readable CSV table: {str(exc).splitlines()[0]}") from exc
    refuse_identifying(path, wide.columns)
    expected = [*spec["id_columns"], *spec["value_columns"]]
    if wide.columns != expected:
        wrong = next(
            (c for c, e in zip(wide.columns, expected, strict=False) if c != e),
            wide.columns[len(expected)] if len(wide.columns) > len(expected) else expected[-1],
        )
        raise InputError(
            path,
            f"header does not match the published layout; expected {', '.join(expected)}",
            row=1,
            column=wrong,
        )
    refuse_event_log(path, wide, spec["value_columns"][0])
    wide = wide.rename(spec["id_columns"]).with_row_index(ROW, offset=2)
    long = wide.unpivot(
        index=[ROW, *spec["id_columns"].values()], variable_name=COLUMN, value_name="text"
    )
    parsed = pl.col("text").str.strip_chars().cast(pl.Int64, strict=False)
    bad = long.filter(pl.col("text").is_not_null() & (parsed.is_null() | (parsed < 0)))
    if bad.height:
        raise InputError(
            path, f"{bad['text'][0]!r} is not a count", row=bad[ROW][0], column=bad[COLUMN][0]
        )
    header = pl.col(COLUMN).str.extract_groups(_HEADER.pattern)
    staged = long.select(
        ROW,
        *spec["id_columns"].values(),
        COLUMN,
        fiscal_year=header.struct["year"].cast(pl.Int32),
        measure_id=header.struct["counts"].replace_strict(spec["counts"]),
        apprehensions=parsed,
    ).sort(ROW, COLUMN, maintain_order=True)
    check_unique(path, wide, ["border", "sector"])
    _check_totals(path, staged, spec)
    return staged


def tidy(staged: pl.DataFrame, file: SourceFile) -> pl.DataFrame:
    """Each published count at its level: sectors, the border totals and the all-border total."""
    if file.layout in _MODULES:
        return _MODULES[file.layout].tidy(staged, file)
    spec = _layout(file.layout)
    rows = staged.filter(pl.col("apprehensions").is_not_null())
    labels = {
        "nation": pl.col("border"),
        "land_border_region": pl.col("border"),
        "usbp_sector": pl.col("sector"),
    }
    return pl.concat(
        rows.filter(_level(spec) == level).select(
            measure_id=pl.col("measure_id"),
            region_level=pl.lit(level),
            region_label=labels[level],
            period=fiscal_year_start_expr(pl.col("fiscal_year")),
            grain=pl.lit("fiscal_year"),
            dimension=pl.lit(TOTAL),
            category=pl.lit(TOTAL),
            value=pl.col("apprehensions"),
        )
        for level in file.levels
    ).cast(OBSERVATION_SCHEMA)


def _level(spec: dict[str, Any]) -> pl.Expr:
    """Which level a staged row's region is: the all-border row, a border's total, or a sector."""
    return (
        pl.when(pl.col("border") == spec["nation_border"])
        .then(pl.lit("nation"))
        .when(pl.col("sector") == spec["border_total"])
        .then(pl.lit("land_border_region"))
        .otherwise(pl.lit("usbp_sector"))
    )


def _check_totals(path: Path, staged: pl.DataFrame, spec: dict[str, Any]) -> None:
    """Each border's total is the sum of its sectors; the all-border total, of the borders."""
    frame = staged.with_columns(level=_level(spec))
    blank_total = frame.filter(
        (pl.col("level") != "usbp_sector") & pl.col("apprehensions").is_null()
    )
    if blank_total.height:
        raise InputError(
            path, "blank total", row=blank_total[ROW][0], column=blank_total[COLUMN][0]
        )
    for level, part, key in (
        ("land_border_region", "usbp_sector", ["border", COLUMN]),
        ("nation", "land_border_region", [COLUMN]),
    ):
        sums = (
            frame.filter(level=part).group_by(key).agg(pl.col("apprehensions").sum().alias("parts"))
        )
        off = (
            frame.filter(level=level)
            .join(sums, on=key, how="left")
            .filter(pl.col("parts").is_null() | (pl.col("parts") != pl.col("apprehensions")))
            .sort(ROW)
        )
        if off.height:
            raise InputError(
                path,
                f"total {off['apprehensions'][0]} is not the sum of its {part} rows "
                f"({off['parts'][0]})",
                row=off[ROW][0],
                column=off[COLUMN][0],
            )


@cache
def _layout(layout: str) -> dict[str, Any]:
    doc = yaml.safe_load(DECLARATION.read_text(encoding="utf-8"))["layouts"][layout]
    years = range(doc["first_year"], doc["last_year"] + 1)
    return {
        **doc,
        "value_columns": [f"{year} ({counts})" for year in years for counts in doc["counts"]],
    }
