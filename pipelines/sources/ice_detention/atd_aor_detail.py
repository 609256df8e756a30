"""Each AOR's Alternatives to Detention participants by technology, and the average days its
participants have been in the program, per release.

ICE's ATD-by-AOR table lists each AOR's total followed by its rows by technology, every row with
a count and an average length in the program. atd.py files the AOR totals; this module files the
rest: the technology rows under the AOR they follow, and the averages of AOR and technology rows.
The national row's average is not filed here: the case-type table prints it too
(ice_detention.atd_average_days_in_program, nation).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.readers import ROW
from pipelines.sources.ice_detention.row_checks import refuse_rows
from pipelines.tidy import OBSERVATION_SCHEMA, TOTAL

BY_TECHNOLOGY = "ice_detention.atd_participants_by_aor_technology"
AVERAGE_DAYS = "ice_detention.atd_average_days_in_program"
# ICE's technology rows add up to their AOR's total within this share (12 of about 3,300 AOR
# releases differ, by at most 0.8%); a row filed under the wrong AOR would miss by far more.
TOLERANCE = 0.01


def observations(path: Path, frame: pl.DataFrame) -> pl.DataFrame:
    """`frame`: the table with its release (`as_of`) and each row's `role` (total, aor,
    technology) and technology `category`, in the parse's row order."""
    frame = frame.sort(ROW).with_columns(
        aor=pl.when(pl.col("role") == "aor")
        .then(pl.col("aor_technology"))
        .otherwise(pl.when(pl.col("role") == "total").then(pl.lit("")))
        .forward_fill()
        .over("as_of")
    )
    orphan = frame.filter((pl.col("role") == "technology") & (pl.col("aor").fill_null("") == ""))
    refuse_rows(path, orphan, "a technology row precedes every AOR", column="aor_technology")
    aor = frame.filter(pl.col("role").is_in(["aor", "technology"]))
    _check_technologies_make_the_total(path, aor)
    labelled = aor.with_columns(
        dimension=pl.when(pl.col("role") == "aor")
        .then(pl.lit(TOTAL))
        .otherwise(pl.lit("atd_technology")),
        category=pl.when(pl.col("role") == "aor").then(pl.lit(TOTAL)).otherwise("category"),
    )
    # ICE printed negative averages in one release (2023-12-07: Dual Tech and No Tech rows of
    # seven AORs); a release's averages are kept only when none is negative.
    negative = labelled.filter(pl.col("avg_length_in_program") < 0)["as_of"].unique()
    averages = labelled.filter(
        pl.col("avg_length_in_program").is_not_null() & ~pl.col("as_of").is_in(negative.implode())
    )
    # a technology row ICE left blank (Baltimore's No Tech in early 2023) is no figure
    counts = _observe(labelled.filter(pl.col("count").is_not_null()), BY_TECHNOLOGY, "count")
    days = _observe(averages, AVERAGE_DAYS, "avg_length_in_program")
    return pl.concat([counts, days])


def _check_technologies_make_the_total(path: Path, aor: pl.DataFrame) -> None:
    sums = (
        aor.group_by("as_of", "aor")
        .agg(
            pl.col("count").filter(pl.col("role") == "technology").sum().alias("parts"),
            pl.col("count").filter(pl.col("role") == "technology").len().alias("n"),
            pl.col("count").filter(pl.col("role") == "aor").first().alias("total"),
            pl.col(ROW).filter(pl.col("role") == "aor").first().alias(ROW),
        )
        .filter(pl.col("n") > 0)
    )
    off = sums.filter((pl.col("parts") - pl.col("total")).abs() > TOLERANCE * pl.col("total"))
    if off.height:
        row = off.sort(ROW).row(0, named=True)
        raise InputError(
            path,
            f"the technology rows of {row['aor']} (release of {row['as_of']}) add up to "
            f"{row['parts']:,.0f}, not its total {row['total']:,.0f}",
            row=row[ROW],
            column="count",
        )


def _observe(frame: pl.DataFrame, measure_id: str, value: str) -> pl.DataFrame:
    return frame.select(
        measure_id=pl.lit(measure_id),
        region_level=pl.lit("ice_aor"),
        region_label="aor",
        period=pl.col("as_of").dt.month_start(),
        grain=pl.lit("month"),
        dimension="dimension",
        category="category",
        value=pl.col(value),
        as_of="as_of",
    ).cast({**OBSERVATION_SCHEMA, "as_of": pl.Date})
