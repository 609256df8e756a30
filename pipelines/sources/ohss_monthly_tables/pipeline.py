"""DHS OHSS Immigration Enforcement and Legal Processes Monthly Tables (one workbook, 34 tables).

Where each table sits and what each column is lives beside this module as data: `sheets.csv`
(sheet, header row, group header row) and `columns.csv` (per column: its published group and
header, and the observations it feeds: measure, region, dimension, category).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.guard import refuse_event_log, refuse_identifying
from pipelines.readers import ROW
from pipelines.registry import SourceFile
from pipelines.spreadsheets import Column, SheetLayout, check_sheets, open_workbook, read_sheet
from pipelines.tidy import OBSERVATION_SCHEMA, fiscal_month_start

HERE = Path(__file__).parent
FISCAL_YEAR, MONTH = "A", "B"  # every table starts with these two columns
TOTAL_ROW = "Total"  # the row that opens each fiscal year's block
MONTHS = [
    "October",
    "November",
    "December",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
]
# Cells that hold no count: OHSS's own legend, printed under the tables.
MARKERS = {"NA": "not available", "X": "not applicable"}
_FISCAL_YEAR = re.compile(r"^(\d{4})( YTD)?$")
_KEY = ["measure_id", "region_level", "region_label", "period", "grain", "dimension", "category"]


@cache
def layouts() -> tuple[SheetLayout, ...]:
    """Every declared table, from sheets.csv and columns.csv."""
    sheets = pl.read_csv(HERE / "sheets.csv", infer_schema=False)
    columns = pl.read_csv(HERE / "columns.csv", infer_schema=False).unique(
        ["sheet", "column"], keep="first", maintain_order=True
    )
    result = []
    for sheet, header_row, group_row in sheets.select("sheet", "header_row", "group_row").rows():
        if header_row is None:
            continue  # not a table (the table of contents)
        declared = columns.filter(pl.col("sheet") == sheet)
        result.append(
            SheetLayout(
                sheet=sheet,
                header_row=int(header_row),
                group_row=int(group_row) if group_row else None,
                columns=tuple(
                    Column(letter, header, group)
                    for letter, header, group in declared.select("column", "header", "group").rows()
                ),
            )
        )
    return tuple(result)


@cache
def emissions() -> pl.DataFrame:
    """(sheet, column) -> the observation keys its cells feed; a column may feed several."""
    columns = pl.read_csv(HERE / "columns.csv", infer_schema=False)
    return columns.filter(pl.col("measure").is_not_null()).select(
        "sheet",
        "column",
        pl.col("measure").alias("measure_id"),
        "region_level",
        "region_label",
        "dimension",
        "category",
    )


def all_sheets() -> list[str]:
    return pl.read_csv(HERE / "sheets.csv", infer_schema=False)["sheet"].to_list()


def read(path: Path, layout: str) -> pl.DataFrame:
    """Every published cell of every table, long: sheet, cell, headers, fiscal year, month, value.

    Month rows get the fiscal year of the Total row above them. A count is a whole number; NA
    and X (OHSS's legend) are kept in `marker` with no value.
    """
    workbook = open_workbook(path)
    try:
        check_sheets(path, workbook, all_sheets())
        frames = [_read_table(path, workbook, table) for table in layouts()]
    finally:
        workbook.close()
    staged = pl.concat(frames)
    refuse_event_log(path, staged, "value")
    return staged


def _read_table(path: Path, workbook, table: SheetLayout) -> pl.DataFrame:
    refuse_identifying(path, [c.header for c in table.columns], sheet=table.sheet)
    body = read_sheet(path, workbook, table)
    body = _fiscal_years(path, table.sheet, body)
    values = [c for c in table.columns if c.letter not in (FISCAL_YEAR, MONTH)]
    headers = pl.DataFrame(
        {
            "column": [c.letter for c in values],
            "group_header": [c.group for c in values],
            "column_header": [c.header for c in values],
        },
        schema={"column": pl.String, "group_header": pl.String, "column_header": pl.String},
    )
    long = body.unpivot(
        index=[ROW, "fiscal_year", "fiscal_year_label", "month"],
        on=[c.letter for c in values],
        variable_name="column",
        value_name="text",
    ).join(headers, on="column", how="left", maintain_order="left")
    long = long.with_columns(
        sheet=pl.lit(table.sheet),
        cell=pl.col("column") + pl.col(ROW).cast(pl.String),
        value=pl.col("text").cast(pl.Int64, strict=False),
        marker=pl.when(pl.col("text").is_in(list(MARKERS))).then(pl.col("text")),
    )
    bad = long.filter(
        pl.col("text").is_not_null() & pl.col("value").is_null() & pl.col("marker").is_null()
        | (pl.col("value") < 0)
    )
    if bad.height:
        row = bad.row(0, named=True)
        raise InputError(
            path,
            f"cell {row['cell']} holds {row['text']!r}: expected a count (a whole number, not "
            f"negative) or one of OHSS's markers {sorted(MARKERS)}",
            sheet=table.sheet,
            row=row[ROW],
            column=row["column"],
        )
    return long.select(
        "sheet",
        ROW,
        "cell",
        "column",
        "group_header",
        "column_header",
        "fiscal_year",
        "fiscal_year_label",
        "month",
        "value",
        "marker",
    )


def _fiscal_years(path: Path, sheet: str, body: pl.DataFrame) -> pl.DataFrame:
    """Forward-fill the fiscal year from each block's Total row; check months and blocks."""
    fiscal_year, label, rows = None, None, []
    seen: set[tuple[int, str]] = set()
    for number, published, month in body.select(ROW, FISCAL_YEAR, MONTH).rows():
        where = {"sheet": sheet, "row": number}
        if published is not None:
            match = _FISCAL_YEAR.match(published)
            if not match or month != TOTAL_ROW:
                raise InputError(
                    path,
                    f"cell A{number} holds {published!r} beside {month!r}: expected a fiscal year "
                    f"(2014 or '2024 YTD') on a {TOTAL_ROW!r} row",
                    column=FISCAL_YEAR,
                    **where,
                )
            fiscal_year, label = int(match.group(1)), published
        elif month == TOTAL_ROW or fiscal_year is None:
            raise InputError(
                path, f"cell A{number} has no fiscal year", column=FISCAL_YEAR, **where
            )
        if month != TOTAL_ROW and month not in MONTHS:
            raise InputError(
                path, f"cell B{number} holds {month!r}, not a month name", column=MONTH, **where
            )
        if (fiscal_year, month) in seen:
            raise InputError(
                path, f"{month} of FY{fiscal_year} appears twice", column=MONTH, **where
            )
        seen.add((fiscal_year, month))
        rows.append((fiscal_year, label))
    return body.with_columns(
        fiscal_year=pl.Series([r[0] for r in rows], dtype=pl.Int32),
        fiscal_year_label=pl.Series([r[1] for r in rows], dtype=pl.String),
        month=pl.col(MONTH),
    )


def tidy(staged: pl.DataFrame, file: SourceFile) -> pl.DataFrame:
    """Each published count, as published: month rows at grain month, Total rows at fiscal_year.

    A figure printed in several tables (a total repeated beside each breakdown) is kept once; the
    copies must agree. NA and X cells give no observation.
    """
    cells = staged.join(emissions(), on=["sheet", "column"], how="inner")
    # A breakdown with a category "not available" (NA) that month is incomplete: its parts would
    # not sum to the total, so it stays in staging only. "Not applicable" (X) is a structural
    # nothing and leaves the breakdown whole.
    breakdown = ["sheet", ROW, "measure_id", "region_level", "region_label", "dimension"]
    complete = (pl.col("marker") == "NA").any().over(breakdown).not_()
    counted = cells.filter(complete & pl.col("value").is_not_null())
    fiscal_month = pl.col("month").replace_strict(
        {m: i for i, m in enumerate(MONTHS, start=1)}, default=None, return_dtype=pl.Int32
    )
    observations = counted.filter(pl.col("region_level").is_in(list(file.levels))).with_columns(
        grain=pl.when(pl.col("month") == TOTAL_ROW)
        .then(pl.lit("fiscal_year"))
        .otherwise(pl.lit("month")),
        # a Total row's period is its fiscal year's first day, 1 October
        period=fiscal_month_start(pl.col("fiscal_year"), fiscal_month.fill_null(1)),
        value=pl.col("value").cast(pl.Float64),
    )
    _refuse_after(file, observations)
    _check_copies_agree(file, observations)
    return (
        observations.unique(_KEY, keep="first", maintain_order=True)
        .select(list(OBSERVATION_SCHEMA))
        .cast(OBSERVATION_SCHEMA)
    )


def _refuse_after(file: SourceFile, observations: pl.DataFrame) -> None:
    """A figure for a period that begins after the release's data date (a mistyped or future
    year) is refused at its year's cell (A, on the Total row) or its month's (B)."""
    late = observations.filter(pl.col("period") > file.as_of)
    if late.height:
        row = late.row(0, named=True)
        whole_year = row["grain"] == "fiscal_year"
        raise InputError(
            file.name,
            f"{'fiscal year' if whole_year else row['month']} {row['fiscal_year_label']} "
            f"({row['period']:%B %Y}, cell {row['cell']}) begins after the release's data date "
            f"{file.as_of}",
            sheet=row["sheet"],
            row=row[ROW],
            column=FISCAL_YEAR if whole_year else MONTH,
        )


def _check_copies_agree(file: SourceFile, observations: pl.DataFrame) -> None:
    conflicts = (
        observations.group_by(_KEY)
        .agg(
            pl.col("value").n_unique().alias("values"),
            pl.col("sheet"),
            pl.col("cell"),
            pl.col(ROW),
            pl.col("column"),
            pl.col("value").alias("published"),
        )
        .filter(pl.col("values") > 1)
        .sort(_KEY)
    )
    if conflicts.height:
        c = conflicts.row(0, named=True)
        places = ", ".join(
            f"{s}!{a} = {v:g}"
            for s, a, v in zip(c["sheet"], c["cell"], c["published"], strict=True)
        )
        raise InputError(
            file.name,
            f"one figure ({c['measure_id']}, {c['region_label']}, {c['period']}, {c['grain']}, "
            f"{c['dimension']}={c['category']}) is printed with different values: {places}",
            sheet=c["sheet"][-1],
            row=c[ROW][-1],
            column=c["column"][-1],
        )
