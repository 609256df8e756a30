"""The denominator of a per-resident rate: each period's Census population estimate, carried
forward past the newest estimate and named wherever it is (chart, table, CSV)."""

from __future__ import annotations

import polars as pl

from aggstats.query import population_year

CARRY_YEARS = 3  # how far past the newest Census estimate it is carried forward


def with_population(frame: pl.DataFrame, population: pl.DataFrame, regions) -> pl.DataFrame:
    """Adds `population` (and its release) for each row's period: the region's, or for series
    summed over regions, the sum of the regions' (none unless every region has an estimate).

    Census estimates run a year or two behind: a period after the newest estimate (up to
    CARRY_YEARS after it) divides by that newest estimate, carried forward and named in
    `population_note`; any other period without an estimate gets no rate, and its note says so.
    `population_for` is the year a period matches, `population_year` the estimate's year.
    """
    latest = population["year"].max() if population.height else None
    matching = population_year()
    used = matching
    if latest is not None:
        carried = (matching > latest) & (matching <= latest + CARRY_YEARS)
        used = pl.when(carried).then(pl.lit(latest)).otherwise(matching)
    frame = frame.with_columns(population_for=matching, population_year=used)
    if "region_code" in frame.columns:
        joined = frame.join(
            population.select(
                "region_code", "population", "population_release", population_year="year"
            ),
            on=["region_code", "population_year"],
            how="left",
        )
    else:
        regions = set(regions)
        summed = (
            population.filter(pl.col("region_code").is_in(list(regions)))
            .group_by(population_year="year")
            .agg(
                pl.when(pl.len() == len(regions))
                .then(pl.col("population").sum())
                .alias("population"),
                pl.col("population_release").first(),
            )
        )
        joined = frame.join(summed, on="population_year", how="left")
    return joined.with_columns(population_note=_population_row_note())


def _population_row_note() -> pl.Expr:
    year, matching = pl.col("population_year"), pl.col("population_for")
    return (
        pl.when(pl.col("population").is_null())
        .then(pl.format("no Census estimate for {}: no rate", matching))
        .when(year < matching)
        .then(pl.format("{} estimate carried forward to {}", year, matching))
        .otherwise(None)
    )


def population_gaps(frame: pl.DataFrame) -> list[str]:
    """What a per-resident view must say about its denominator's years: the estimate carried
    forward to which years, and which years have no rate ("2024 estimate used for 2025-2026")."""
    if "population_gaps" in frame.columns:  # a ranking: the sentences of the frame it ranks
        return [line for line in (frame["population_gaps"][0] or "").split("\n") if line]
    if "population_for" not in frame.columns:
        return []
    lines = []
    carried = frame.filter(
        pl.col("population").is_not_null() & (pl.col("population_year") < pl.col("population_for"))
    )
    if carried.height:
        estimate = carried["population_year"].max()
        years = _years(carried["population_for"])
        lines.append(f"{estimate} estimate used for {years}: the newest Census estimate.")
    missing = frame.filter(pl.col("population").is_null())
    by_region = "region" in missing.columns and missing["region"].n_unique() < frame.height
    gaps: dict[str, list[str]] = {}  # years -> the regions without an estimate for them
    for (region,), rows in missing.group_by(pl.col("region") if by_region else pl.lit("")):
        gaps.setdefault(_years(rows["population_for"]), []).append(region)
    for years, regions in sorted(gaps.items()):
        named = ", ".join(sorted(r for r in regions if r and r != "Selected regions"))
        gaps_line = f"No population estimate for {named + ' in ' if named else ''}{years}: no rate."
        lines.append(gaps_line)
    return lines


def _years(years: pl.Series) -> str:
    """2025-2026, or 2001-2003, 2009 for years that do not follow each other."""
    runs: list[list[int]] = []
    for year in sorted(set(years.drop_nulls())):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)
