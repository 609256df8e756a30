"""Which ICE release each parsed row came from, and that release's date (its vintage).

The third-party parquet tables stack every ICE detention-statistics spreadsheet; a release is
identified by `fiscal_year`, `file_date` (the date in ICE's file name) and `pull_date` (the
sheet's "data as of" date). Known mistakes in those three are corrected, and releases whose
sheets hold another year's figures are set aside, through `releases.csv` (data, with reasons).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from aggstats.calendar import fiscal_year_start_expr
from pipelines.errors import InputError
from pipelines.readers import ROW

RELEASE = ["fiscal_year", "file_date", "pull_date"]
RELEASES_CSV = Path(__file__).with_name("releases.csv")


def read_releases(path: Path = RELEASES_CSV) -> pl.DataFrame:
    """The corrections and exclusions, one row per (layout, release)."""
    frame = pl.read_csv(path, infer_schema=False)
    return frame.select(
        pl.col("layouts").str.split(";").alias("layout"),
        pl.col("fiscal_year").cast(pl.Int32),
        pl.col("file_date").str.to_date(),
        pl.col("pull_date").str.to_date(),
        "action",
        pl.col("as_of").str.to_date(strict=False).alias("corrected_as_of"),
    ).explode("layout")


def with_release_dates(path: Path, frame: pl.DataFrame, layout: str) -> pl.DataFrame:
    """`frame` with an `as_of` column (the release date), excluded releases dropped.

    Undated year-end files carry the parser's placeholder file_date of 31 December; their
    release date is unknown, so the data date (pull_date) stands for it: it is never later
    than the release and keeps a year-end file behind any dated file with newer data.
    """
    fixes = read_releases().filter(pl.col("layout").is_in([layout, "*"])).drop("layout")
    placeholder = (pl.col("file_date").dt.month() == 12) & (pl.col("file_date").dt.day() == 31)
    dated = (
        frame.join(fixes, on=RELEASE, how="left")
        .filter(pl.col("action").fill_null("") != "exclude")
        .with_columns(
            as_of=pl.coalesce(
                "corrected_as_of",
                pl.when(placeholder).then("pull_date").otherwise("file_date"),
            )
        )
        .drop("action", "corrected_as_of")
    )
    _check_release_dates(path, dated)
    return dated


def _check_release_dates(path: Path, frame: pl.DataFrame) -> None:
    fy_start = fiscal_year_start_expr(pl.col("fiscal_year"))
    early = frame.filter(pl.col("as_of") < fy_start)
    if early.height:
        row = early.row(0, named=True)
        raise InputError(
            path,
            f"release {_name(row)} is dated before its fiscal year began; correct it in "
            "releases.csv",
            row=row[ROW],
            column="file_date",
        )
    shared = frame.select(*RELEASE, "as_of", ROW).unique(RELEASE, keep="first")
    clash = shared.filter(pl.col("as_of").is_duplicated()).sort(ROW)
    if clash.height:
        row = clash.row(0, named=True)
        raise InputError(
            path,
            f"two releases share the release date {row['as_of']}; tell them apart in releases.csv",
            row=row[ROW],
            column="file_date",
        )


def covered_months(
    path: Path, frame: pl.DataFrame, total: pl.Expr, value: str, published: str
) -> pl.DataFrame:
    """Keep each release's months up to its last month with a figure (ICE fills later months
    with 0 or blanks). A figure for a month that starts after the release is refused: that
    sheet belongs to another year and must be excluded in releases.csv."""
    future = frame.filter((pl.col("date") > pl.col("as_of")) & (pl.col(value).fill_null(0) != 0))
    if future.height:
        row = future.row(0, named=True)
        raise InputError(
            path,
            f"release {_name(row)} has a figure for {row['date']:%B %Y}, after its release "
            "date: the sheet holds another year's figures (exclude it in releases.csv)",
            row=row[ROW],
            column=published,
        )
    last = (
        frame.filter(total & (pl.col(value).fill_null(0) != 0))
        .group_by("as_of")
        .agg(pl.col("date").max().alias("last_month"))
    )
    return (
        frame.join(last, on="as_of", how="inner")
        .filter(pl.col("date") <= pl.col("last_month"))
        .drop("last_month")
    )


def _name(row: dict) -> str:
    file_date: dt.date = row["file_date"]
    return f"FY{row['fiscal_year']} of {file_date} (data as of {row['pull_date']})"
