"""Alternatives to Detention (ATD) participants by area of responsibility, per release.

One column mixes three kinds of row: the national total, an AOR's total (by its name, e.g.
"Atlanta"), and that AOR's rows by technology; `atd_rows.csv` names the total and technology
labels, anything else is an AOR. The count is the number of people enrolled on the data date,
a stock: it is filed under the month of the release.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.sources.ice_detention import atd_aor_detail
from pipelines.sources.ice_detention.releases import with_release_dates
from pipelines.sources.ice_detention.row_checks import refuse_blank, refuse_rows
from pipelines.tidy import NATION, OBSERVATION_SCHEMA

MEASURE = "ice_detention.atd_participants"
ROWS_CSV = Path(__file__).with_name("atd_rows.csv")


def tidy(path: Path, staged: pl.DataFrame) -> pl.DataFrame:
    rows = pl.read_csv(ROWS_CSV, infer_schema=False).rename({"label": "aor_technology"})
    frame = (
        with_release_dates(path, staged, "atd_by_aor")
        .join(rows, on="aor_technology", how="left")
        .with_columns(role=pl.col("role").fill_null("aor"))
    )
    frame = _drop_repeated_grand_total(path, frame)
    # Technology rows carry counts for their AOR only; the AOR and national rows are ICE's totals.
    totals = frame.filter(pl.col("role") != "technology")
    refuse_blank(path, totals, "count", "blank total")
    missing = totals.group_by("as_of").agg((pl.col("role") == "total").sum().alias("n"))
    if missing.filter(pl.col("n") != 1).height:
        as_of = missing.filter(pl.col("n") != 1)["as_of"][0]
        raise InputError(path, f"release of {as_of} has not exactly one national Total row")
    aor_totals = totals.select(
        measure_id=pl.lit(MEASURE),
        region_level=pl.when(pl.col("role") == "total")
        .then(pl.lit("nation"))
        .otherwise(pl.lit("ice_aor")),
        region_label=pl.when(pl.col("role") == "total")
        .then(pl.lit(NATION))
        .otherwise(pl.col("aor_technology")),
        period=pl.col("as_of").dt.month_start(),
        grain=pl.lit("month"),
        dimension=pl.lit("total"),
        category=pl.lit("total"),
        value=pl.col("count"),
        as_of="as_of",
    ).cast({**OBSERVATION_SCHEMA, "as_of": pl.Date})
    return pl.concat([aor_totals, atd_aor_detail.observations(path, frame)])


def _drop_repeated_grand_total(path: Path, frame: pl.DataFrame) -> pl.DataFrame:
    """One release ends with a "Grand Total" row repeating its "Total": it must equal it."""
    grand = frame.filter(role="grand_total").join(
        frame.filter(role="total").select("as_of", pl.col("count").alias("total")),
        on="as_of",
        how="left",
    )
    differs = grand.filter(pl.col("count") != pl.col("total").fill_null(-1))
    refuse_rows(path, differs, "Grand Total differs from the release's Total", column="count")
    return frame.filter(pl.col("role") != "grand_total")
