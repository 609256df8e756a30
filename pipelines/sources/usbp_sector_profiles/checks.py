"""The checks a sector profile's printed totals must pass, by the kind of the column.

- count (apprehensions, prosecutions, assaults, rescues, deaths): the totals row equals the sum
  of its rows exactly (pipelines.pdf_tables.check_totals).
- pounds (drug seizures): each row is printed rounded (to the pound, or to the hundredth), so
  the totals row may differ from the sum of the printed rows by up to half a pound per row.
- agents: exact, except where the page's footnote says the printed total also counts agents
  with no row of their own (the Special Operations Group, Headquarters): there the total is at
  least the sum of its rows.
- N/A (not tracked) in a totals row only where every row of the table is N/A too; a printed
  total over some N/A rows is the sum of the rows that print a figure (the nation's rescues are
  the Southwest's).
Within a row, the columns declared `part_of` another sum to it (juveniles and adults to total
apprehensions; female and male to total apprehensions).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.pdf_tables import TableSpec, check_totals
from pipelines.readers import ROW

POUNDS_ROUNDING = 0.5  # the most a printed row can differ from its unrounded weight


def check_table(path: Path, cells: pl.DataFrame, spec: TableSpec, counts_more: set[str]) -> None:
    """The table's totals row against its rows, column by column, by the column's kind."""
    rows = cells.filter(~pl.col("is_total"))
    total = cells.filter("is_total")
    printed = {c: (v, r) for c, v, r in total.select("column", "value", ROW).iter_rows()}
    exact = []
    for column, kind in cells.select("column", "kind").unique(maintain_order=True).iter_rows():
        value, row = printed[column]
        parts = rows.filter(column=column)["value"]
        if value is None:
            _check_not_applicable(path, spec, column, row, parts)
        elif kind == "pounds":
            if abs(value - parts.sum()) > POUNDS_ROUNDING * parts.len():
                _refuse(path, spec, column, row, value, parts.sum(), "beyond rounding")
        elif kind == "agents" and column in counts_more:
            if value < parts.sum():
                _refuse(path, spec, column, row, value, parts.sum(), "though it counts more")
        else:
            exact.append(column)
    check_totals(path, cells, spec, exact)


def _check_not_applicable(path, spec, column, row, parts: pl.Series) -> None:
    if parts.null_count() != parts.len():
        raise InputError(
            path,
            f"the {spec.total_label} row prints N/A (not tracked) but "
            f"{parts.len() - parts.null_count()} of its {parts.len()} rows print a figure",
            sheet=spec.where,
            row=row,
            column=column,
        )


def _refuse(path, spec, column, row, value, summed, why) -> None:
    raise InputError(
        path,
        f"the {spec.total_label} row prints {value:,.2f}, its rows sum to {summed:,.2f} ({why})",
        sheet=spec.where,
        row=row,
        column=column,
    )


def check_rows(
    path: Path,
    cells: pl.DataFrame,
    spec: TableSpec,
    *,
    parts_are: str = "its parts",
    slack: pl.Expr | float = 0.0,
    keys: tuple[str, ...] = (),
) -> None:
    """Within each row, the parts declared in columns.csv sum to the column they are part of
    (within `slack`, an expression of the row's `keys` and its number of parts `n`)."""
    parts = cells.filter(pl.col("part_of").is_not_null())
    if not parts.height:
        return
    sums = parts.group_by(ROW, "label", *keys, "part_of").agg(
        summed=pl.col("value").sum(), n=pl.len()
    )
    whole = cells.select(ROW, part_of="column", printed="value")
    bad = sums.join(whole, on=[ROW, "part_of"]).filter(
        (pl.col("summed") - pl.col("printed")).abs() > slack
    )
    if bad.height:
        first = bad.sort(ROW).row(0, named=True)
        raise InputError(
            path,
            f"row {first['label']!r}: {parts_are} sum to {first['summed']:,.0f}, "
            f"the {first['part_of']} column prints {first['printed']:,.0f}",
            sheet=spec.where,
            row=first[ROW],
            column=first["part_of"],
        )
