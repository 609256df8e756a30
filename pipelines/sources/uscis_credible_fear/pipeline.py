"""USCIS credible fear / reasonable fear semi-monthly report: declared rows, half-months as printed.

The sheet is wide: each block has `From`/`To` rows of half-month dates across columns D onward,
then one row per count. blocks.csv says where each block's title and date rows are, rows.csv
which row is which measure and outcome. The outcomes must add up to All Decisions, except in the
half-months listed in mismatches.csv, where USCIS printed outcomes summing to more than All
Decisions (from mid-May 2021, unexplained): those are kept as printed and must differ exactly so.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from openpyxl.utils import get_column_letter

from pipelines.errors import InputError
from pipelines.guard import refuse_identifying
from pipelines.readers import ROW
from pipelines.registry import SourceFile
from pipelines.spreadsheets import open_workbook
from pipelines.tidy import NATION, OBSERVATION_SCHEMA, TOTAL

HERE = Path(__file__).parent
SOURCE = "uscis_credible_fear"
SHEET = " Congressional Semi-Monthly Rep"  # the leading space is USCIS's
FIRST_COLUMN = 4  # D: the first half-month
ZERO = "-"  # the table key: "- Represents 0"


def read(path: Path, layout: str) -> pl.DataFrame:
    """Every declared row's count for every half-month, with its cell."""
    workbook = open_workbook(path)
    try:
        if SHEET not in workbook.sheetnames:
            raise InputError(path, f"sheet {SHEET!r} not found; sheets: {workbook.sheetnames}")
        grid = [list(r) for r in workbook[SHEET].iter_rows(values_only=True)]
    finally:
        workbook.close()
    return read_grid(path, grid)


def read_grid(path: Path, grid: list[list], folder: Path = HERE) -> pl.DataFrame:
    """`read` on the sheet's values (row 1 first), with the declarations in `folder`."""

    def at(row: int, column: int):
        cells = grid[row - 1] if row <= len(grid) else []
        return cells[column - 1] if column <= len(cells) else None

    blocks = pl.read_csv(folder / "blocks.csv", infer_schema=False)
    rows = pl.read_csv(folder / "rows.csv", infer_schema=False)
    refuse_identifying(path, rows["label"].unique().to_list(), sheet=SHEET)
    first = blocks.row(0, named=True)
    periods = _periods(path, at, int(first["from_row"]), int(first["to_row"]))
    for block in blocks.iter_rows(named=True):
        title = str(at(int(block["title_row"]), 2) or "")
        if not title.startswith(block["block"]):
            raise InputError(
                path,
                f"block title {block['block']!r} expected, found {title!r}",
                sheet=SHEET,
                row=int(block["title_row"]),
                column="B",
            )
        if _periods(path, at, int(block["from_row"]), int(block["to_row"])) != periods:
            raise InputError(
                path,
                "half-months differ from the first block's",
                sheet=SHEET,
                row=int(block["from_row"]),
            )
    records = []
    for spec in rows.iter_rows(named=True):
        row, letter = int(spec["row"]), spec["label_column"]
        label = at(row, 2 if letter == "B" else 3)
        if label != spec["label"]:
            raise InputError(
                path,
                f"label {spec['label']!r} expected, found {label!r}",
                sheet=SHEET,
                row=row,
                column=letter,
            )
        for offset, (start, end) in enumerate(periods):
            column = FIRST_COLUMN + offset
            records.append(
                {
                    ROW: row,
                    "column": get_column_letter(column),
                    "block": spec["block"],
                    "label": spec["label"],
                    "period_start": start,
                    "period_end": end,
                    "value": _count(path, at(row, column), row, get_column_letter(column)),
                }
            )
    staged = pl.DataFrame(records, schema=_STAGED)
    _check_outcomes(path, staged, rows, folder)
    return staged


_STAGED = {
    ROW: pl.Int64,
    "column": pl.String,
    "block": pl.String,
    "label": pl.String,
    "period_start": pl.Date,
    "period_end": pl.Date,
    "value": pl.Int64,
}


def _periods(path: Path, at, from_row: int, to_row: int) -> list[tuple[dt.date, dt.date]]:
    """The half-months of a block, checked to be 1st-15th or 16th-end, and consecutive."""
    for row, word in ((from_row, "From"), (to_row, "To")):
        if word not in (at(row, 2), at(row, 3)):
            raise InputError(path, f"{word!r} row expected", sheet=SHEET, row=row, column="B")
    periods, column = [], FIRST_COLUMN
    while at(from_row, column) is not None:
        start, end = at(from_row, column), at(to_row, column)
        letter = get_column_letter(column)
        if not isinstance(start, dt.datetime) or not isinstance(end, dt.datetime):
            raise InputError(path, "not a date", sheet=SHEET, row=from_row, column=letter)
        start, end = start.date(), end.date()
        next_day = end + dt.timedelta(days=1)
        half = start.day in (1, 16) and (end.day == 15 or next_day.day == 1)
        if (
            not half
            or (end - start).days > 15
            or (periods and periods[-1][1] + dt.timedelta(1) != start)
        ):
            raise InputError(
                path,
                f"{start} to {end} is not the next half-month",
                sheet=SHEET,
                row=from_row,
                column=letter,
            )
        periods.append((start, end))
        column += 1
    if not periods:
        raise InputError(path, "no half-months", sheet=SHEET, row=from_row, column="D")
    return periods


def _count(path: Path, value, row: int, column: str) -> int:
    if value == ZERO:
        return 0
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or value % 1:
        raise InputError(path, f"{value!r} is not a count", sheet=SHEET, row=row, column=column)
    return int(value)


def _check_outcomes(path: Path, staged: pl.DataFrame, rows: pl.DataFrame, folder: Path) -> None:
    """Each half-month's outcomes add up to its All Decisions figure."""
    cells = staged.join(
        rows.select(pl.col("row").cast(pl.Int64).alias(ROW), "measure", "category"), on=ROW
    )
    sums = cells.group_by("measure", "column").agg(
        parts=pl.col("value").filter(pl.col("category") != TOTAL).sum(),
        n_parts=(pl.col("category") != TOTAL).sum(),
        total=pl.col("value").filter(pl.col("category") == TOTAL).first(),
        total_row=pl.col(ROW).filter(pl.col("category") == TOTAL).first(),
    )
    known = pl.read_csv(folder / "mismatches.csv", schema_overrides={"column": pl.String})
    sums = sums.join(
        known.rename({"row": "total_row"}), on=["total_row", "column"], how="left"
    ).with_columns(
        expected=pl.coalesce("outcomes_sum", "total"),
        printed=pl.coalesce("all_decisions", "total"),
    )
    bad = sums.filter(
        (pl.col("n_parts") > 0)
        & ((pl.col("parts") != pl.col("expected")) | (pl.col("total") != pl.col("printed")))
    )
    if bad.height:
        first = bad.sort("total_row", "column").row(0, named=True)
        raise InputError(
            path,
            f"All Decisions prints {first['total']}, its outcomes sum to {first['parts']} "
            f"(mismatches.csv expects {first['printed']} and {first['expected']})",
            sheet=SHEET,
            row=first["total_row"],
            column=first["column"],
        )


def tidy(staged: pl.DataFrame, file: SourceFile) -> pl.DataFrame:
    """One observation per declared cell: the total rows and the outcome breakdowns."""
    rows = pl.read_csv(HERE / "rows.csv", infer_schema=False).select(
        pl.col("row").cast(pl.Int64).alias(ROW), "measure", "category"
    )
    return (
        staged.join(rows, on=ROW)
        .select(
            measure_id=pl.lit(f"{SOURCE}.") + pl.col("measure"),
            region_level=pl.lit("nation"),
            region_label=pl.lit(NATION),
            period=pl.col("period_start"),
            grain=pl.lit("half_month"),
            dimension=pl.when(pl.col("category") == TOTAL)
            .then(pl.lit(TOTAL))
            .otherwise(pl.lit("outcome")),
            category="category",
            value=pl.col("value").cast(pl.Float64),
        )
        .cast(OBSERVATION_SCHEMA)
    )
