"""Segregation placements of vulnerable and special-population detainees, by quarter and
placement reason, with their average days in segregation, per release.

ICE's "Vulnerable & Special Population" sheet prints, for each fiscal quarter since FY2022, the
placements by reason and a Grand Total, with the average consecutive and cumulative days; every
release reprints the quarters, so each is a vintage. The reasons must add up to the Grand Total.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from aggstats.calendar import fiscal_year_start_expr
from pipelines.errors import InputError
from pipelines.readers import ROW
from pipelines.sources.ice_detention.national import national
from pipelines.sources.ice_detention.releases import RELEASE, with_release_dates
from pipelines.sources.ice_detention.row_checks import refuse_blank, refuse_rows
from pipelines.tidy import TOTAL

GRAND_TOTAL = "Grand Total"
# value column -> measure
MEASURES = {
    "n_placements": "ice_detention.segregation_placements",
    "avg_consecutive_days": "ice_detention.segregation_average_consecutive_days",
    "avg_cumulative_days": "ice_detention.segregation_average_cumulative_days",
}


def tidy(path: Path, staged: pl.DataFrame) -> pl.DataFrame:
    frame = with_release_dates(path, staged, "vulnerable_segregation").sort(ROW)
    bad_quarter = frame.filter(~pl.col("data_quarter").is_between(1, 4))
    refuse_rows(path, bad_quarter, "no such quarter", column="data_quarter")
    for column in MEASURES:
        refuse_blank(path, frame, column)
        refuse_rows(path, frame.filter(pl.col(column) < 0), "negative value", column=column)
    _check_reasons_make_the_grand_total(path, frame)
    quarter = fiscal_year_start_expr(pl.col("data_fiscal_year")).dt.offset_by(
        pl.format("{}mo", (pl.col("data_quarter") - 1) * 3)
    )
    total = pl.col("placement_reason") == GRAND_TOTAL
    frame = frame.with_columns(
        period=quarter,
        grain=pl.lit("fiscal_quarter"),
        dimension=pl.when(total).then(pl.lit(TOTAL)).otherwise(pl.lit("placement_reason")),
        category=pl.when(total).then(pl.lit(TOTAL)).otherwise("placement_reason"),
    )
    return pl.concat(
        national(frame, pl.lit(measure), value=column) for column, measure in MEASURES.items()
    )


def _check_reasons_make_the_grand_total(path: Path, frame: pl.DataFrame) -> None:
    keys = [*RELEASE, "data_fiscal_year", "data_quarter"]
    total = pl.col("placement_reason") == GRAND_TOTAL
    quarters = frame.group_by(keys).agg(
        pl.col("n_placements").filter(~total).sum().alias("reasons"),
        pl.col("n_placements").filter(total).alias("totals"),
        pl.col(ROW).max(),
    )
    odd = quarters.filter(pl.col("totals").list.len() != 1).sort(ROW)
    refuse_rows(
        path,
        odd,
        "a quarter of a release has not exactly one Grand Total",
        column="placement_reason",
    )
    differs = quarters.filter(pl.col("reasons") != pl.col("totals").list.first())
    if differs.height:
        row = differs.sort(ROW).row(0, named=True)
        raise InputError(
            path,
            f"FY{row['data_fiscal_year']} Q{row['data_quarter']}: the reasons add up to "
            f"{row['reasons']:,.0f}, not the Grand Total {row['totals'][0]:,.0f}",
            row=row[ROW],
            column="n_placements",
        )
