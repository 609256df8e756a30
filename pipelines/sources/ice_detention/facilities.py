"""Fiscal-year-to-date ADP by detention facility, per release, rolled up to AOR, state, nation.

ICE splits each facility's ADP by detainee classification level (A-D); the facility's ADP is
their sum. A facility is named by ICE's name, city and state (`facility_label`); the region
files map that label to a `detention_facility` region whose parent is its AOR.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from aggstats.calendar import fiscal_year_start_expr
from pipelines.readers import ROW
from pipelines.sources.ice_detention.releases import with_release_dates
from pipelines.sources.ice_detention.row_checks import refuse_rows
from pipelines.tidy import NATION, OBSERVATION_SCHEMA, TOTAL, breakdowns

MEASURE = "ice_detention.facility_adp"
STAY = "ice_detention.facility_average_length_of_stay"
LEVELS = {"level_a": "Level A", "level_b": "Level B", "level_c": "Level C", "level_d": "Level D"}
COLUMNS = {
    "name": pl.String,
    "address": pl.String,
    "city": pl.String,
    "state": pl.String,
    "zip": pl.String,
    "aor": pl.String,
    "type_detailed": pl.String,
    "male_female": pl.String,
    **dict.fromkeys(LEVELS, pl.Float64),
    "male_crim": pl.Float64,
    "alos": pl.Float64,
}
PLACE_COLUMNS = {"name", "address"}


def facility_label(name: pl.Expr, city: pl.Expr, state: pl.Expr) -> pl.Expr:
    """ICE's facility name with its city and state: names repeat across states."""

    def clean(e: pl.Expr) -> pl.Expr:
        return e.str.replace_all(r"\s+", " ").str.strip_chars()

    place = pl.concat_str([clean(city), clean(state)], separator=", ", ignore_nulls=True)
    return pl.concat_str([clean(name), place], separator=" | ")


def tidy(path: Path, staged: pl.DataFrame, levels: Sequence[str]) -> pl.DataFrame:
    frame = with_release_dates(path, staged, "facilities")
    # A facility with every level blank has no ADP in that release; a blank beside figures is 0.
    frame = frame.filter(pl.any_horizontal(pl.col(list(LEVELS)).is_not_null()))
    frame = _fill_state(path, frame).with_columns(
        facility=facility_label(pl.col("name"), pl.col("city"), pl.col("state_published")),
        period=fiscal_year_start_expr(pl.col("fiscal_year")),
    )
    long = frame.unpivot(
        index=[ROW, "as_of", "period", "facility", "aor", "state", "type_detailed"],
        on=list(LEVELS),
        variable_name="classification_level",
        value_name="value",
    ).with_columns(
        pl.col("classification_level").replace_strict(LEVELS), pl.col("value").fill_null(0.0)
    )
    regions = {
        "detention_facility": (pl.col("facility"), ["classification_level"]),
        "ice_aor": (pl.col("aor"), ["classification_level", "facility_type"]),
        "state": (pl.col("state"), ["classification_level", "facility_type"]),
        "nation": (pl.lit(NATION), ["classification_level", "facility_type"]),
    }
    long = long.rename({"type_detailed": "facility_type"})
    parts = []
    for level in levels:
        label, dimensions = regions[level]
        for as_of, rows in long.group_by("as_of"):
            parts.append(
                breakdowns(
                    rows,
                    measure_id=MEASURE,
                    level=level,
                    region_label=label,
                    dimensions=dimensions,
                    grain="fiscal_year",
                ).with_columns(as_of=pl.lit(as_of[0]))
            )
    if "detention_facility" in levels:
        parts.append(_length_of_stay(path, frame))
    return pl.concat(parts)


def _length_of_stay(path: Path, frame: pl.DataFrame) -> pl.DataFrame:
    """Each facility's fiscal-year-to-date ALOS as ICE prints it beside the ADP (an average: not
    summed to AOR, state or nation). A facility listed twice in a release prints it once."""
    stays = frame.filter(pl.col("alos").is_not_null())
    per = stays.group_by("as_of", "period", "facility").agg(
        pl.col("alos").unique().alias("values"), pl.col(ROW).min()
    )
    uneven = per.filter(pl.col("values").list.len() > 1).sort(ROW)
    refuse_rows(path, uneven, "a facility listed twice with two ALOS", column="alos")
    refuse_rows(path, stays.filter(pl.col("alos") < 0), "negative ALOS", column="alos")
    return per.select(
        measure_id=pl.lit(STAY),
        region_level=pl.lit("detention_facility"),
        region_label="facility",
        period="period",
        grain=pl.lit("fiscal_year"),
        dimension=pl.lit(TOTAL),
        category=pl.lit(TOTAL),
        value=pl.col("values").list.first(),
        as_of="as_of",
    ).cast({**OBSERVATION_SCHEMA, "as_of": pl.Date})


def _fill_state(path: Path, frame: pl.DataFrame) -> pl.DataFrame:
    """A few rows lack the state; the same facility (name and city) gives it in other releases."""
    known = (
        frame.filter(pl.col("state").is_not_null())
        .group_by("name", "city")
        .agg(pl.col("state").unique().alias("states"))
    )
    filled = frame.join(known, on=["name", "city"], how="left").with_columns(
        state_published=pl.col("state"),
        state=pl.coalesce(pl.col("state"), pl.col("states").list.first()),
    )
    ambiguous = filled.filter(
        pl.col("state_published").is_null() & (pl.col("states").list.len() > 1)
    )
    unknown = filled.filter(pl.col("state").is_null())
    bad = pl.concat([ambiguous, unknown])
    refuse_rows(
        path, bad, "facility without a state, and no other release gives it", column="state"
    )
    return filled.drop("states")
