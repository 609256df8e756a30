"""DHS OHSS Knowledge Hub "CBP Encounters (USBP)" workbook: sixteen long sheets of rounded counts.

Which sheet holds which table, its header row and what it yields are declared under `layouts` in
this folder's source.yaml; this module only follows that declaration.
"""

from __future__ import annotations

import calendar
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from aggstats.calendar import fiscal_year_start_expr
from pipelines.errors import InputError
from pipelines.readers import ROW, check_unique
from pipelines.registry import SourceFile
from pipelines.sources.ohss_khsm_usbp_encounters import sheets
from pipelines.tidy import OBSERVATION_SCHEMA, TOTAL, fiscal_month_start

DECLARATION = Path(__file__).with_name("source.yaml")
MEASURE = "ohss_khsm_usbp_encounters.usbp_encounters"
SHEET = "sheet"  # the staged column naming the sheet a row came from
# "01 October" ... "12 September": the fiscal month's number, then its calendar name.
MONTHS = {f"{i:02d} {calendar.month_name[(i + 8) % 12 + 1]}": i for i in range(1, 13)}


def read(path: Path, layout: str) -> pl.DataFrame:
    """Every declared sheet as published, stacked: one row per sheet row, `sheet` naming it."""
    spec = _layout(layout)
    workbook = sheets.open_workbook(path, [s.name for s in spec["sheets"]])
    frames = []
    for sheet in spec["sheets"]:
        frame = sheets.read_sheet(path, workbook, sheet, spec["value"])
        _check(path, sheet, frame, spec)
        frames.append(frame.select(pl.lit(sheet.name).alias(SHEET), pl.all()))
    staged = [c.name for c in spec["columns"] if any(c.name in f.columns for f in frames)]
    return pl.concat(frames, how="diagonal").select(SHEET, ROW, *staged)


def tidy(staged: pl.DataFrame, file: SourceFile) -> pl.DataFrame:
    """One observation per published cell of each sheet that yields a level the file declares."""
    spec = _layout(file.layout)
    parts = []
    for sheet in spec["sheets"]:
        level, dimension, grain = spec["yields"][sheet.name]
        if level not in file.levels:
            continue
        region = spec["regions"][level]
        rows = staged.filter(pl.col(SHEET) == sheet.name)
        _refuse_after(file, sheet, rows.with_columns(period=_period(grain)))
        parts.append(
            rows.select(
                measure_id=pl.lit(MEASURE),
                region_level=pl.lit(level),
                region_label=pl.col(region) if region else pl.lit(spec["nation_label"]),
                period=_period(grain),
                grain=pl.lit(grain),
                dimension=pl.lit(dimension),
                category=pl.lit(TOTAL) if dimension == TOTAL else pl.col(dimension),
                value=pl.col(spec["value"]),
            )
        )
    return pl.concat(parts).cast(OBSERVATION_SCHEMA)


def _refuse_after(file: SourceFile, sheet: sheets.Sheet, rows: pl.DataFrame) -> None:
    """A period that begins after the release's data date (a mistyped or future fiscal year) is
    refused at its fiscal-year cell."""
    late = rows.filter(pl.col("period") > file.as_of)
    if late.height:
        first = late.row(0, named=True)
        raise InputError(
            file.name,
            f"fiscal year {first['fiscal_year']} ({first['period']:%B %Y}) begins after the "
            f"release's data date {file.as_of}",
            sheet=sheet.name,
            row=first[ROW],
            column=sheet.letter("fiscal_year"),
        )


def _period(grain: str) -> pl.Expr:
    """First day of the month, or of the fiscal year (1 October of the calendar year before)."""
    year = pl.col("fiscal_year")
    if grain == "month":
        return fiscal_month_start(
            year, pl.col("month").replace_strict(MONTHS, return_dtype=pl.Int32)
        )
    return fiscal_year_start_expr(year)


def _check(path: Path, sheet: sheets.Sheet, frame: pl.DataFrame, spec: dict[str, Any]) -> None:
    value, step = spec["value"], spec["rounded_to"]
    names = [c.name for c in sheet.columns]
    if "month" in names:
        sheets.refuse(
            path, sheet, frame, ~pl.col("month").is_in(list(MONTHS)), "month",
            f"unexpected month {{value}}; expected one of {list(MONTHS)}",
        )  # fmt: skip
    sheets.refuse(path, sheet, frame, pl.col(value) < 0, value, "negative count {value}")
    # source.yaml says OHSS rounds to `rounded_to`; a value off that step means it no longer does.
    sheets.refuse(
        path, sheet, frame, pl.col(value) % step != 0, value,
        f"{{value}} is not a multiple of {step}, the rounding source.yaml declares",
    )  # fmt: skip
    try:
        check_unique(path, frame, [n for n in names if n != value])
    except InputError as exc:
        raise InputError(path, exc.detail, sheet=sheet.name, row=exc.row) from None


@cache
def _layout(layout: str) -> dict[str, Any]:
    """The layout's declaration: its sheets as `sheets.Sheet`, and what each sheet yields."""
    declaration = yaml.safe_load(DECLARATION.read_text(encoding="utf-8"))
    doc = declaration["layouts"][layout]
    columns = {
        published: sheets.Column(published, c["name"], c["type"])
        for published, c in doc["columns"].items()
    }
    (measure,) = declaration["measures"]
    return {
        "sheets": [
            sheets.Sheet(s["sheet"], s["header_row"], tuple(columns[h] for h in s["header"]))
            for s in doc["sheets"]
        ],
        "columns": list(columns.values()),
        "yields": {s["sheet"]: (s["level"], s["dimension"], s["grain"]) for s in doc["sheets"]},
        "value": columns[doc["value"]].name,
        "regions": doc["regions"],
        "nation_label": doc["nation_label"],
        "rounded_to": measure["rounded_to"],
    }
