"""Series: one measure's figures by region and period, summed into years where asked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb
import polars as pl

from aggstats.query import sql
from aggstats.query.catalog import measure_row
from aggstats.query.core import (
    FAR_FUTURE,
    GRAINS,
    POPULATION_ROLE,
    QueryError,
    region_codes,
    run,
)


def series(
    con: duckdb.DuckDBPyConnection,
    measure_id: str,
    level: str = "nation",
    regions: Sequence[str] | None = None,
    *,
    grain: str = "fiscal_year",
    breakdown: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    as_of: dt.date | None = None,
) -> pl.DataFrame:
    """A tidy series: one row per region, period (first day) and category.

    Months are summed into fiscal or calendar years for flows (counts of events; a publisher's own
    annual figures are used where it prints them); `months` says how many months of a year the
    region's monthly figures cover and `complete` whether all twelve (calendar years that are
    not complete are dropped; partial fiscal years are kept and marked).
    """
    if grain not in GRAINS:
        raise QueryError(f"unknown grain {grain!r}; choose one of {', '.join(GRAINS)}")
    measure = measure_row(con, measure_id)
    if level not in measure["levels"]:
        raise QueryError(
            f"{measure_id} has no figures at level {level!r}; it has {measure['levels']}"
        )
    source_grain, shape = _plan(measure, grain)
    period, grain_sql = sql.PERIOD[shape]
    params = {
        **({"cutoff": as_of} if as_of else {}),
        "measure_id": measure_id,
        "level": level,
        "source_grain": source_grain,
        "dimension": breakdown or "total",
        "regions": list(regions) if regions else None,
        "start": start or dt.date(1, 1, 1),
        "end": end or FAR_FUTURE,
        "to_date": measure["to_date"],
    }
    statement = sql.SERIES.format(
        period=period,
        grain=grain_sql,
        year=sql.YEAR_OF.get(grain, "o.period"),
        observations=sql.observations(as_of),
        after=sql.AFTER,
    )
    frame = run(con, statement, params)
    if breakdown and breakdown not in measure["dimensions"]:
        raise QueryError(
            f"{measure_id} has no breakdown {breakdown!r}; it has {measure['dimensions']}"
        )
    if regions:
        known = set(frame["region_code"])
        unknown = sorted(set(regions) - known - set(region_codes(con, level, regions)))
        if unknown:
            raise QueryError(f"unknown region(s) at level {level!r}: {', '.join(unknown)}")
    yearly = grain in ("fiscal_year", "calendar_year")
    months = pl.col("months").cast(pl.Int32) if yearly else pl.lit(None, pl.Int32)
    frame = frame.with_columns(
        unit=pl.lit(measure["unit"]),
        months=months,
        # a year is partial when the region's monthly figures cover fewer than 12 of its months,
        # or when a figure (or a month of it) was released before its period ended (to date)
        complete=((months.fill_null(12) == 12) if yearly else pl.lit(True)) & pl.col("whole"),
    ).drop("whole")
    if grain == "calendar_year":
        frame = frame.filter("complete")
    return frame


def per_capita(
    con: duckdb.DuckDBPyConnection,
    frame: pl.DataFrame,
    per: int = 100_000,
    denominator: str | None = None,
) -> pl.DataFrame:
    """A series with `population`, its vintage, and `value_per_capita` (per `per` residents).

    The population is the July 1 estimate of the matching year: the calendar year of a month or
    calendar year, and for a fiscal year the year it ends in (its July 1 falls inside it). Years
    without an estimate get no rate (null), never a neighbouring year's; regions without any
    population (sectors, field offices, courts...) are an error that says so.
    """
    denominator = denominator or population_measure(con)
    codes = frame["region_code"].unique().to_list()
    population = run(con, sql.POPULATION, {"denominator": denominator, "regions": codes})
    missing = sorted(set(codes) - set(population["region_code"]))
    if missing:
        raise QueryError(
            f"no population for {', '.join(missing[:5])}: per-capita rates exist only for regions "
            f"with a {denominator} estimate (states and the nation)"
        )
    return (
        frame.with_columns(population_year=population_year())
        .join(
            population.rename({"year": "population_year"}),
            on=["region_code", "population_year"],
            how="left",
        )
        .with_columns(
            value_per_capita=pl.col("value") / pl.col("population") * per,
            per=pl.lit(per),
        )
    )


def population_measure(con: duckdb.DuckDBPyConnection) -> str:
    """The measure per-capita rates divide by: the one whose declaration gives it that role."""
    rows = con.execute(sql.MEASURE_OF_ROLE, {"role": POPULATION_ROLE}).fetchall()
    if not rows:
        raise QueryError(
            f"no measure has the role {POPULATION_ROLE!r}: per-capita rates need a source "
            "that declares one (census_state_population)"
        )
    return rows[0][0]


def population_year() -> pl.Expr:
    """The year whose July 1 population estimate matches a period: its calendar year, and for a
    fiscal year the year it ends in."""
    fiscal = pl.col("grain") == "fiscal_year"
    return (
        pl.when(fiscal).then(pl.col("period").dt.year() + 1).otherwise(pl.col("period").dt.year())
    )


def level_population(
    con: duckdb.DuckDBPyConnection, level: str, denominator: str | None = None
) -> pl.DataFrame:
    """Every population estimate of a level's regions (empty for levels without residents, and
    in a warehouse without a population measure)."""
    params = {"denominator": denominator, "role": POPULATION_ROLE, "level": level}
    return run(con, sql.LEVEL_POPULATION, params)


# A level series' columns, in order (the build computes `months` and `complete`).
LEVEL_SERIES_COLUMNS = [
    "region_code", "region", "period", "grain", "category", "value", "months", "days",
    "data_date", "final", "as_of", "file_ids", "unit", "complete",
]  # fmt: skip


def level_series(
    con: duckdb.DuckDBPyConnection,
    measure: dict,
    level: str,
    *,
    grain: str = "fiscal_year",
    breakdown: str | None = None,
    as_of: dt.date | None = None,
    series_key: int | None = None,
) -> pl.DataFrame:
    """`series` for every region of a level at once, plus `days` (the days a period's figures
    cover, for per-day rates). `measure` is a row of `measures()`, so a caller that keeps the
    catalog does not read it again; the rules (grains, additivity, vintages) are `series`'s,
    except that `months` and `complete` are the level's coverage, not the row's (a region or
    category absent in a month, as publishers leave out zeros, does not make a year partial).
    `series_key` is the series' number in level_series_key (`series_keys`), where the caller
    keeps them: the same rows, read faster.
    """
    if grain not in GRAINS:
        raise QueryError(f"unknown grain {grain!r}; choose one of {', '.join(GRAINS)}")
    if level not in (measure["levels"] or []):
        raise QueryError(f"{measure['measure_id']} has no figures at level {level!r}")
    _plan(measure, grain)  # a grain the measure cannot be shown at is an error that says why
    names = {
        "measure_id": measure["measure_id"],
        "level": level,
        "grain": grain,
        "dimension": breakdown or "total",
    }
    if as_of:
        source, params = sql.LEVEL_SERIES_AS_OF, {**names, "cutoff": as_of}
    elif series_key is not None:
        source, params = sql.LEVEL_SERIES_BY_KEY, {"series_key": series_key}
    else:
        source, params = sql.LEVEL_SERIES_IN_FORCE, names
    frame = run(con, sql.LEVEL_SERIES.format(**source), params)
    frame = frame.with_columns(unit=pl.lit(measure["unit"])).select(LEVEL_SERIES_COLUMNS)
    if grain == "calendar_year":
        frame = frame.filter("complete")
    return frame


def series_keys(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str, str, str], int]:
    """(measure id, level, grain, breakdown or 'total') -> the series' number (level_series)."""
    rows = run(con, sql.LEVEL_SERIES_KEYS).iter_rows()
    return {
        (measure_id, level, grain, dimension): key
        for key, measure_id, level, grain, dimension in rows
    }


def _plan(measure: dict, grain: str) -> tuple[str, str]:
    """Which published grain to read, and whether to sum months into years."""
    if grain in measure["grains"]:
        return grain, "as published"
    if grain in ("fiscal_year", "calendar_year") and "month" in measure["grains"]:
        if measure["kind"] != "flow":
            raise QueryError(
                f"{measure['measure_id']} is a {measure['kind']} ({measure['unit']}), not a count "
                f"of events: its months cannot be summed into years; ask for grain='month'"
            )
        return "month", grain
    raise QueryError(
        f"{measure['measure_id']} is published by {', '.join(measure['grains'])}; "
        f"no {grain} figures can be made from it"
    )
