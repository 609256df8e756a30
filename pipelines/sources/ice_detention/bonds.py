"""Book-outs on bond and the average bond amount, by month, per release.

ICE's Bond sheet prints about thirteen months of bond statistics (a rolling window across
fiscal years): every final book-out, those with a bond, the share with a bond posted, the
average bond amount and an average length of stay. Each release is a vintage of those
months. `bond_metrics.csv` says which printed row becomes which measure and why the others are
not kept.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.readers import ROW
from pipelines.sources.ice_detention.national import TOTALS, national
from pipelines.sources.ice_detention.releases import with_release_dates
from pipelines.sources.ice_detention.row_checks import refuse_rows, refuse_unknown

METRICS_CSV = Path(__file__).with_name("bond_metrics.csv")


def tidy(path: Path, staged: pl.DataFrame) -> pl.DataFrame:
    metrics = pl.read_csv(METRICS_CSV, infer_schema=False)
    frame = with_release_dates(path, staged, "bond_stats").sort(ROW)
    refuse_unknown(
        path, frame, metrics, on="metric", declared="metric", what="column",
        listed_in="bond_metrics.csv",
    )  # fmt: skip
    blank = frame.filter(pl.col("value").is_null() | pl.col("date").is_null())
    refuse_rows(path, blank, "blank value or month", column="value")
    twice = frame.filter(pl.struct("as_of", "date", "metric").is_duplicated())
    if twice.height:
        row = twice.row(1, named=True)
        raise InputError(
            path,
            f"release of {row['as_of']} prints {row['metric']} for {row['date']:%B %Y} twice",
            row=row[ROW],
            column="date",
        )
    future = frame.filter(pl.col("date") > pl.col("as_of"))
    if future.height:
        row = future.row(0, named=True)
        raise InputError(
            path,
            f"release of {row['as_of']} has a figure for {row['date']:%B %Y}, after its release "
            "date (exclude it in releases.csv)",
            row=row[ROW],
            column="date",
        )
    _check_bonds_within_book_outs(path, frame)
    share = frame.filter((pl.col("metric") == "bond_pct") & (pl.col("value") > 1))
    refuse_rows(path, share, "a share above 1 (100%) in Bond Posted %", column="value")
    kept = frame.join(metrics.filter(pl.col("measure").is_not_null()), on="metric")
    return national(
        kept,
        pl.col("measure"),
        period="date",
        grain=pl.lit("month"),
        value=pl.col("value") * pl.col("scale").cast(pl.Float64),
        **TOTALS,
    )


def _check_bonds_within_book_outs(path: Path, frame: pl.DataFrame) -> None:
    """Book-outs on bond are some of the month's book-outs: more bonds than book-outs means the
    two columns are swapped (set the release aside in releases.csv)."""
    keys = ["as_of", "date"]
    bonds = frame.filter(metric="bond_book_outs").select(*keys, ROW, bonds="value")
    everyone = frame.filter(metric="total_book_outs").select(*keys, everyone="value")
    over = bonds.join(everyone, on=keys).filter(pl.col("bonds") > pl.col("everyone")).sort(ROW)
    if over.height:
        row = over.row(0, named=True)
        raise InputError(
            path,
            f"release of {row['as_of']}, {row['date']:%B %Y}: {row['bonds']:,.0f} book-outs on "
            f"bond exceed the {row['everyone']:,.0f} book-outs of the month (columns swapped?)",
            row=row[ROW],
            column="value",
        )
