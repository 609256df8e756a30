"""The notebook API: the warehouse as polars frames, with the explorer's semantics.

Every function reads through `aggstats.query`, the layer the explorer uses, so a figure in a
notebook is the figure on the page. Each takes an optional connection (`con=`); without one it
opens the warehouse named by the settings (AGGSTATS_WAREHOUSE, or AGGSTATS_DATA_DIR's
aggstats.duckdb) for the call and closes it after.

    >>> import aggstats
    >>> fy = aggstats.series("cbp_encounters.encounters", start="FY2021", end="FY2024")
    >>> fy.select("period", "value", "unit", "complete").to_dicts()[2]
    {'period': datetime.date(2022, 10, 1), 'value': 3201144.0, 'unit': 'encounters',
     'complete': True}
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import duckdb
import polars as pl

from aggstats import query, spanning
from aggstats.calendar import fiscal_year_last_month, fiscal_year_start
from aggstats.query import FAR_FUTURE, QueryError
from aggstats.query.columns import SERIES_COLUMNS
from aggstats.settings import settings

Connection = duckdb.DuckDBPyConnection
DateLike = dt.date | str
_FISCAL_YEAR = re.compile(r"^FY(\d{4})$", re.IGNORECASE)


def connect(warehouse: str | os.PathLike | None = None) -> Connection:
    """A read-only DuckDB connection to the built warehouse.

    Without an argument, the warehouse of the settings (AGGSTATS_WAREHOUSE, or
    AGGSTATS_DATA_DIR/aggstats.duckdb). Raises `QueryError` saying how to build one when there is
    none yet.

    >>> con = aggstats.connect()
    >>> con.execute("SELECT unit FROM dim_measure WHERE source_id = 'cbp_encounters'").fetchall()
    [('encounters',)]
    >>> aggstats.connect("/nowhere/aggstats.duckdb")
    Traceback (most recent call last):
    aggstats.query.QueryError: no warehouse at /nowhere/aggstats.duckdb: build it with
    `aggstats fetch && aggstats build` (or `aggstats up`), or set AGGSTATS_WAREHOUSE to a built
    file
    """
    return query.connect(warehouse if warehouse is not None else settings().warehouse)


def measures(con: Connection | None = None) -> pl.DataFrame:
    """Every measure: unit, definition, caveats, source, levels, breakdowns, grains, coverage.

    >>> m = aggstats.measures().filter(measure_id="cbp_encounters.encounters").row(0, named=True)
    >>> m["unit"], m["counts"], m["additive"], m["first_period"], m["grains"]
    ('encounters', 'events', True, datetime.date(2019, 10, 1), ['month'])
    >>> m["levels"]
    ['nation', 'land_border_region', 'usbp_sector', 'ofo_field_office', 'state']
    """
    with _using(con) as c:
        return query.measures(c)


def regions(
    level: str | None = None, *, measure: str | None = None, con: Connection | None = None
) -> pl.DataFrame:
    """Regions (all, or of one `level`; with `measure`, only those it has figures for).

    A region's code is `<level>:<code>`; `parent_code` links a sector to its land border region.

    >>> sw = aggstats.regions("usbp_sector").filter(parent_code="land_border_region:SW")
    >>> sw["region_code"].to_list()[:3], sw.height
    (['usbp_sector:BBT', 'usbp_sector:DRT', 'usbp_sector:ELC'], 9)
    >>> aggstats.regions("county")
    Traceback (most recent call last):
    aggstats.query.QueryError: unknown level 'county'; levels: nation, land_border_region,
    usbp_sector, ofo_field_office, ice_aor, state, immigration_court, federal_district,
    detention_facility
    """
    with _using(con) as c:
        if level is not None:
            levels = query.levels(c)["level"].to_list()
            if level not in levels:
                raise QueryError(f"unknown level {level!r}; levels: {', '.join(levels)}")
        if measure is not None:
            query.measure(c, measure)
        return query.regions(c, level=level, measure_id=measure)


def sources(con: Connection | None = None) -> pl.DataFrame:
    """Every source file: publisher, licence, citation, release, vintage (`as_of`), URL, sha256.

    >>> s = aggstats.sources().filter(source_id="cbp_encounters")
    >>> s.select("file_name", "as_of").rows()[0]
    ('nationwide-encounters-fy20-fy24-aor.csv', datetime.date(2024, 10, 1))
    """
    with _using(con) as c:
        return query.sources(c)


def releases(measure: str, con: Connection | None = None) -> pl.DataFrame:
    """A measure's releases (vintages), oldest first: `as_of`, the releases published then, and
    how many figures each carries. Pass an `as_of` to `series` for the figures as they stood.

    >>> r = aggstats.releases("cbp_encounters.encounters")
    >>> [f"{d:%Y-%m-%d}" for d in r["as_of"]]
    ['2024-10-01', '2025-09-01', '2026-02-01', '2026-09-01']
    >>> r["figures"].to_list()
    [96005, 745, 32832, 1884]
    """
    with _using(con) as c:
        query.measure(c, measure)
        return query.releases(c, measure)


def series(
    measure: str,
    level: str = "nation",
    regions: Sequence[str] | None = None,
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    grain: str = "fiscal_year",
    breakdown: str | None = None,
    as_of: DateLike | None = None,
    con: Connection | None = None,
) -> pl.DataFrame:
    """A tidy series, one row per region, period and category, as the explorer shows it.

    - `level`: a region level the measure has (`aggstats.measures()["levels"]`).
    - `regions`: codes at that level, `"usbp_sector:RGV"` or just `"RGV"`; all when omitted.
    - `start`, `end`: periods' first days, as dates, `"2023-01-01"` or fiscal years `"FY2023"`
      (an end of `"FY2023"` keeps every month of it).
    - `grain`: `"month"`, `"fiscal_year"` (Oct-Sep, summed from months; partial years kept,
      marked `complete=False`) or `"calendar_year"` (complete years only).
    - `breakdown`: a dimension such as `"citizenship"`; one row per category.
    - `as_of`: the figures as they stood on that date (the releases published by then).

    Columns: measure_id, region_code, region, period, grain, dimension, category, value, unit,
    months, complete, as_of, source, publisher, file_ids. `.to_pandas()` gives pandas.

    A series across sources (`"series:removals"`, pipelines/series.yaml) is one line by fiscal
    year, each year's `source` that of the publication that gives it (also `segment`).

    >>> rgv = aggstats.series(
    ...     "cbp_encounters.encounters", "usbp_sector", ["RGV"], start="FY2021", end="FY2022"
    ... )
    >>> rgv.select("region", "period", "value", "source").rows()
    [('Rio Grande Valley Sector', datetime.date(2020, 10, 1), 549077.0, 'cbp_encounters'),
     ('Rio Grande Valley Sector', datetime.date(2021, 10, 1), 468124.0, 'cbp_encounters')]
    >>> aggstats.series("cbp_encounters.encounters", "state", ["ZZ"])
    Traceback (most recent call last):
    aggstats.query.QueryError: unknown region(s) at level 'state': state:ZZ
    """
    with _using(con) as c:
        if query.is_span(measure):
            return spanning.series(
                c,
                measure,
                level,
                regions,
                grain=grain,
                breakdown=breakdown,
                as_of=_date(as_of, "start"),
                start=_date(start, "start"),
                end=_date(end, "end"),
            )
        meta = query.measure(c, measure)
        frame = query.series(
            c,
            measure,
            level,
            [code if ":" in code else f"{level}:{code}" for code in regions or ()] or None,
            grain=grain,
            breakdown=breakdown,
            start=_date(start, "start"),
            end=_date(end, "end"),
            as_of=_date(as_of, "start"),
        )
    return frame.with_columns(
        source=pl.lit(meta["source_id"]), publisher=pl.lit(meta["publisher"])
    ).select(SERIES_COLUMNS)


def revisions(
    measure: str,
    level: str = "nation",
    regions: Sequence[str] | None = None,
    *,
    grain: str = "month",
    start: DateLike | None = None,
    end: DateLike | None = None,
    con: Connection | None = None,
) -> pl.DataFrame:
    """Where later releases changed a figure already published after its period ended: the
    first figure and the newest, with their release dates (totals, at a grain the agency
    printed). A figure to date that grows release by release is not a revision.

    >>> oct25 = aggstats.revisions("ice_detention.adp", start="2025-10-01", end="2025-10-31")
    >>> oct25.select("period", "first_as_of", "last_as_of", "releases").row(0)
    (datetime.date(2025, 10, 1), datetime.date(2025, 11, 20), datetime.date(2026, 4, 9), 6)
    >>> [round(v, 2) for v in oct25.select("first_value", "last_value").row(0)]
    [63307.74, 63175.58]
    """
    with _using(con) as c:
        query.measure(c, measure)
        codes = [code if ":" in code else f"{level}:{code}" for code in regions or ()]
        codes = codes or query.regions(c, level=level)["region_code"].to_list()
        first, last = _date(start, "start") or dt.date(1, 1, 1), _date(end, "end") or FAR_FUTURE
        return query.revisions(c, measure, codes, grain, first, last)


def cite(what: pl.DataFrame | Sequence[str] | str, con: Connection | None = None) -> str:
    """The citation of the sources behind a series frame (its files) or of measure ids.

    >>> print(aggstats.cite("cbp_encounters.encounters"))  # doctest: +ELLIPSIS
    U.S. Customs and Border Protection, "Nationwide Encounters" and "Southwest Land Border
    Encounters", https://www.cbp.gov/newsroom/stats/nationwide-encounters
      Licence: Public domain (work of the U.S. federal government, 17 U.S.C. 105)
      - nationwide-encounters-fy20-fy24-aor.csv: FY20-FY24 Nationwide Encounters by ...
    """
    if isinstance(what, pl.DataFrame):
        measure_ids = what["measure_id"].unique().to_list()
        file_ids = set(what["file_ids"].explode().drop_nulls())
    else:
        measure_ids = [what] if isinstance(what, str) else list(what)
        file_ids = None
    with _using(con) as c:
        for measure_id in measure_ids:
            query.measure(c, measure_id)
        source_ids = set(
            query.measures(c).filter(pl.col("measure_id").is_in(measure_ids))["source_id"]
        )
        files = query.sources(c).filter(pl.col("source_id").is_in(source_ids))
    if file_ids is not None:
        files = files.filter(pl.col("file_id").is_in(file_ids))
    lines = []
    for _, group in files.group_by("source_id", maintain_order=True):
        first = group.row(0, named=True)
        lines += [first["citation"], f"  Licence: {first['licence']}"]
        lines += [
            f"  - {f['file_name']}: {f['release']} (as of {f['as_of']}, "
            f"{f['url'] or 'reconstruction of ' + ', '.join(f['stands_for'])}, "
            f"sha256 {f['sha256'][:12]})"
            for f in group.iter_rows(named=True)
        ]
    return "\n".join(lines)


@contextmanager
def _using(con: Connection | None) -> Iterator[Connection]:
    if con is not None:
        yield con
        return
    opened = connect()
    try:
        yield opened
    finally:
        opened.close()


def _date(value: DateLike | None, side: str) -> dt.date | None:
    """A date from a date, an ISO string or "FY2023" (its first month, or its last for an end)."""
    if value is None or isinstance(value, dt.date):
        return value
    fiscal = _FISCAL_YEAR.match(value.strip())
    if fiscal:
        year = int(fiscal.group(1))
        return fiscal_year_start(year) if side == "start" else fiscal_year_last_month(year)
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise QueryError(f"{side} {value!r} is neither a date (YYYY-MM-DD) nor FYyyyy") from exc
