"""Checks within one nationality's row, for the PDF editions and the CSV extraction alike.

EOIR prints no totals row, so each row proves itself: its total is its grants, denials, other
(and administrative closures, FY2018) decisions; where EOIR suppressed a part (`*`), the parts it
printed are no more than the total. A printed rate is its count's share of the total, to the
precision printed (whole percents; two decimals in FY2018).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.readers import ROW

EPSILON = 1e-9


def check_rows(path: Path, cells: pl.DataFrame, columns: pl.DataFrame, keys: list[str]) -> None:
    """`cells`: one row per printed cell (`keys` name its table row, with ROW), `column`, `text`
    and `value` (null where suppressed); `columns`: columns.csv. `where` names the page."""
    kinds = dict(columns.select("column", "kind").iter_rows())
    rows = cells.group_by([*keys, ROW, "where", "label"], maintain_order=True).agg(
        parts=pl.col("value").filter(pl.col("column").replace_strict(kinds) == "part").sum(),
        suppressed=pl.col("value")
        .filter(pl.col("column").replace_strict(kinds) == "part")
        .is_null()
        .sum(),
        total=pl.col("value").filter(pl.col("column").replace_strict(kinds) == "total").first(),
        total_column=pl.col("column")
        .filter(pl.col("column").replace_strict(kinds) == "total")
        .first(),
    )
    bad = rows.filter(
        pl.col("total").is_not_null()
        & pl.when(pl.col("suppressed") == 0)
        .then(pl.col("parts") != pl.col("total"))
        .otherwise(pl.col("parts") > pl.col("total"))
    )
    if bad.height:
        row = bad.row(0, named=True)
        relation = "sum to" if row["suppressed"] == 0 else "(the printed ones) sum to"
        raise InputError(
            path,
            f"row {row['label']!r}: the total prints {row['total']:,.0f}, its parts "
            f"{relation} {row['parts']:,.0f}",
            sheet=row["where"],
            row=row[ROW],
            column=row["total_column"],
        )
    _check_rates(path, cells, columns, keys)


def _check_rates(path: Path, cells: pl.DataFrame, columns: pl.DataFrame, keys: list[str]) -> None:
    row_keys = [*keys, ROW]
    shares = columns.filter(kind="rate").select("column", "share_of")
    totals = cells.filter(pl.col("column") == _total_column(columns)).select(
        *row_keys, total="value"
    )
    counts = cells.select(*row_keys, share_of="column", count="value")
    rates = (
        cells.join(shares, on="column")
        .filter(pl.col("value").is_not_null())
        .join(counts, on=[*row_keys, "share_of"], how="left")
        .join(totals, on=row_keys, how="left")
        .with_columns(
            decimals=pl.col("text").str.extract(r"\.(\d+)%").str.len_chars().fill_null(0),
        )
        .with_columns(
            expected=100 * pl.col("count") / pl.col("total"),
            half_step=0.5 / 10 ** pl.col("decimals").cast(pl.Float64),
        )
    )
    bad = rates.filter(
        pl.col("expected").is_null()
        | ((pl.col("value") - pl.col("expected")).abs() > pl.col("half_step") + EPSILON)
    )
    if bad.height:
        row = bad.row(0, named=True)
        expected = "no total" if row["expected"] is None else f"{row['expected']:.2f}%"
        raise InputError(
            path,
            f"row {row['label']!r}: the rate {row['text']} is not {row['share_of']} over the "
            f"total ({expected})",
            sheet=row["where"],
            row=row[ROW],
            column=row["column"],
        )


def _total_column(columns: pl.DataFrame) -> str:
    return columns.filter(kind="total")["column"].item()
