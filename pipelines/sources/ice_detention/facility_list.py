"""ICE's 2015 list of authorized detention facilities (FOIA release, as of 2015-12-08): the
average daily population of each facility in fiscal years 2010 to 2016 (FY2016 to date).

The workbook is an agency original made for reading: a "Notes" sheet, and the list on "Facility
List - Main" with group headers on row 6 over the column names on row 7. `facility_list_2015.csv`
declares both sheets and every column (letter, header, group header) and names the few columns
kept; `pipelines.spreadsheets` refuses a renamed sheet, a moved header or an unexpected column.

Its ADP is the measure of the detention statistics' Facilities sheet (ice_detention.facility_adp:
the average midnight count of a facility over the fiscal year, to date for the current one), so
it is a vintage of that measure for years those releases do not cover; it has no split by
classification level, and it names no AOR, so it rolls up to state and nation only.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from aggstats.calendar import fiscal_year_start_expr
from pipelines.errors import InputError
from pipelines.guard import refuse_identifying
from pipelines.readers import ROW
from pipelines.registry import SourceFile
from pipelines.sources.ice_detention.facilities import MEASURE, facility_label
from pipelines.sources.ice_detention.row_checks import refuse_rows
from pipelines.spreadsheets import Column, SheetLayout, check_sheets, open_workbook, read_sheet
from pipelines.tidy import NATION, breakdowns

DECLARED = Path(__file__).with_name("facility_list_2015.csv")
# A facility's name names a place, not a person.
PLACE_FIELDS = {"name"}


def declared() -> tuple[list[str], SheetLayout, dict[str, str]]:
    """(every sheet, the list's layout, kept column letter -> field) from the CSV."""
    rows = pl.read_csv(DECLARED, infer_schema=False)
    sheets = rows["sheet"].unique(maintain_order=True).to_list()
    table = rows.filter(pl.col("letter").is_not_null())
    first = table.row(0, named=True)
    layout = SheetLayout(
        sheet=first["sheet"],
        header_row=int(first["header_row"]),
        group_row=int(first["group_row"]),
        columns=tuple(
            Column(letter=r["letter"], header=r["header"], group=r["group"])
            for r in table.iter_rows(named=True)
        ),
    )
    kept = dict(table.filter(pl.col("field").is_not_null()).select("letter", "field").iter_rows())
    return sheets, layout, kept


def read(path: Path) -> pl.DataFrame:
    """The kept columns of the list, ADP as numbers; `_row` the sheet row."""
    sheets, layout, kept = declared()
    workbook = open_workbook(path)
    try:
        check_sheets(path, workbook, sheets)
        body = read_sheet(path, workbook, layout)
    finally:
        workbook.close()
    screened = [f for f in kept.values() if f not in PLACE_FIELDS]
    refuse_identifying(path, screened, sheet=layout.sheet)
    frame = body.select(ROW, *[pl.col(letter).alias(field) for letter, field in kept.items()])
    adp = [f for f in kept.values() if f.startswith("adp_fy")]
    for field in [*adp, "detloc", "name", "city", "state"]:
        letter = next(x for x, f in kept.items() if f == field)
        blank = frame.filter(pl.col(field).is_null())
        if blank.height:
            raise _cell_error(path, layout, "blank cell", blank[ROW][0], letter)
        if field in adp:
            bad = frame.filter(pl.col(field).cast(pl.Float64, strict=False).is_null())
            if bad.height:
                raise _cell_error(path, layout, "not a number", bad[ROW][0], letter)
    return frame.with_columns(pl.col(adp).cast(pl.Float64))


def tidy(path: Path, staged: pl.DataFrame, file: SourceFile) -> pl.DataFrame:
    adp = [c for c in staged.columns if c.startswith("adp_fy")]
    twice = staged.filter(pl.col("detloc").is_duplicated())
    if twice.height:
        raise InputError(path, "a DETLOC listed twice", row=twice[ROW][1], column="A")
    refuse_rows(path, staged.filter(pl.any_horizontal(pl.col(adp) < 0)), "negative ADP")
    long = staged.unpivot(
        index=[ROW, "name", "city", "state", "facility_type"], on=adp, variable_name="year"
    ).with_columns(
        period=fiscal_year_start_expr(pl.col("year").str.extract(r"(\d{4})").cast(pl.Int32)),
        facility=facility_label(pl.col("name"), pl.col("city"), pl.col("state")),
    )
    regions = {
        "detention_facility": (pl.col("facility"), []),
        "state": (pl.col("state"), ["facility_type"]),
        "nation": (pl.lit(NATION), ["facility_type"]),
    }
    return pl.concat(
        breakdowns(
            long,
            measure_id=MEASURE,
            level=level,
            region_label=regions[level][0],
            dimensions=regions[level][1],
            grain="fiscal_year",
        )
        for level in file.levels
    ).with_columns(as_of=pl.lit(file.as_of, dtype=pl.Date))


def _cell_error(path: Path, layout: SheetLayout, problem: str, row: int, letter: str) -> InputError:
    return InputError(
        path, f"{problem} in cell {letter}{row}", sheet=layout.sheet, row=row, column=letter
    )
