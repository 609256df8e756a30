"""Series across sources: one line joined from several publishers' figures, by fiscal year.

Declared in pipelines/series.yaml and built into the warehouse (fact_series: the segment that
wins each year; fact_series_segment: every segment's years). A series is named `series:<id>`
wherever a measure id is taken (the explorer's picker and URL, `aggstats.series`).
"""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from aggstats.query import sql_series
from aggstats.query.core import FAR_FUTURE, QueryError, run

PREFIX = "series:"


def is_span(measure_id: str | None) -> bool:
    return measure_id is not None and measure_id.startswith(PREFIX)


def spans(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every series across sources: id (`series:<id>`), name, unit, kind, definition, region,
    coverage and its segments (in order of precedence)."""
    frame = run(con, sql_series.SPANS)
    return frame.with_columns(measure_id=PREFIX + pl.col("series_id"))


def span(
    con: duckdb.DuckDBPyConnection,
    series_id: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> pl.DataFrame:
    """A series year by year: value, the segment that gives it (`segment`, `source_id`,
    `segment_measure`, `rank`), months, days and whether the year is complete."""
    name = _name(con, series_id)
    params = {"series_id": name, "start": start or dt.date(1, 1, 1), "end": end or FAR_FUTURE}
    return run(con, sql_series.SPAN, params)


def span_lines(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every series across sources year by year (a few hundred rows in all), as `span` gives
    each: for a reader that keeps them all."""
    params = {"series_id": None, "start": dt.date(1, 1, 1), "end": FAR_FUTURE}
    return run(con, sql_series.SPAN, params)


def segment_years(con: duckdb.DuckDBPyConnection, series_id: str) -> pl.DataFrame:
    """Every segment's figure for every fiscal year it has, whether it wins the year or not."""
    return run(con, sql_series.SEGMENT_YEARS, {"series_id": _name(con, series_id)})


def seams(con: duckdb.DuckDBPyConnection, series_id: str) -> list[dict]:
    """Where the winning segment changes: the year the new one starts, both segments' labels,
    and both segments' figures at the years they overlap around the seam (the seam year and
    the year before), with every other segment's figures for those years."""
    line = span(con, series_id)
    years = segment_years(con, series_id)
    out = []
    ranks = line["rank"].to_list()
    shorts = dict(years.select("rank", "short").unique().iter_rows())
    for i in range(1, line.height):
        if ranks[i] == ranks[i - 1]:
            continue
        before, after = line.row(i - 1, named=True), line.row(i, named=True)
        around = years.filter(pl.col("period").is_in([before["period"], after["period"]]))
        figures = around.select(
            "fiscal_year", "rank", "label", "short", "value", "complete"
        ).to_dicts()
        sides = {before["rank"], after["rank"]}
        both = [
            fy
            for fy in sorted({f["fiscal_year"] for f in figures})
            if {f["rank"] for f in figures if f["fiscal_year"] == fy} >= sides
        ]
        out.append(
            {
                "period": after["period"],
                "fiscal_year": after["period"].year + 1,
                "from_label": before["segment"],
                "to_label": after["segment"],
                "from_short": shorts[before["rank"]],
                "to_short": shorts[after["rank"]],
                "from_rank": before["rank"],
                "to_rank": after["rank"],
                "overlap_years": both,
                "figures": figures,
            }
        )
    return out


def _name(con: duckdb.DuckDBPyConnection, series_id: str) -> str:
    name = series_id.removeprefix(PREFIX)
    known = [row[0] for row in con.execute(sql_series.SERIES_IDS).fetchall()]
    if name not in known:
        raise QueryError(
            f"unknown series {series_id!r}; series across sources: "
            + ", ".join(PREFIX + k for k in known)
        )
    return name
