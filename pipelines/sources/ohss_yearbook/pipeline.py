"""DHS/INS Yearbook of Immigration Statistics: enforcement tables, FY1892-FY2019.

Each file has its own layout, described in layouts.yaml. Countries of nationality go to a
measure's `_by_nationality` sibling: the yearbooks withhold small counts (printed NA), so published
countries do not sum to the total, while regions of nationality do (and stay with the measure).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from pipelines.registry import SourceFile
from pipelines.sources.ohss_yearbook import labelled_rows, tables
from pipelines.sources.ohss_yearbook.workbook import fiscal_year_start
from pipelines.tidy import NATION, OBSERVATION_SCHEMA, TOTAL

BY_NATIONALITY = "_by_nationality"
REGION = "region_of_nationality"
COUNTRY = "nationality"
CRIMINAL_STATUS = "criminal_status"
_READERS = {
    "series": tables.series,
    "series_csv": tables.series_csv,
    "years_across": tables.years_across,
    "year_by_type": tables.year_by_type,
    "labelled_rows": labelled_rows.labelled_rows,
}


@cache
def layouts() -> dict[str, dict[str, Any]]:
    return yaml.safe_load((Path(__file__).parent / "layouts.yaml").read_text(encoding="utf-8"))


def read(path: Path, layout: str) -> pl.DataFrame:
    """The table's published cells, one per row, typed; NA (not available) as a null count."""
    spec = layouts()[layout]
    return _READERS[spec["kind"]](path, spec)


def tidy(staged: pl.DataFrame, file: SourceFile) -> pl.DataFrame:
    """Nation-level observations: totals, regions of nationality, criminal status, countries."""
    spec = layouts()[file.layout]
    published = staged.filter(pl.col("count").is_not_null())
    if spec["kind"] in ("series", "series_csv"):
        return _series(published, spec)
    if spec["kind"] == "labelled_rows":
        return _labelled_rows(published, spec)
    if spec["kind"] == "years_across":
        cells = published.with_columns(type=pl.lit(tables.TOTAL))
    else:
        cells = published
    return _by_nationality(cells, spec)


def _series(cells: pl.DataFrame, spec: dict[str, Any]) -> pl.DataFrame:
    frame = cells.with_columns(
        measure_id=pl.col("column").replace_strict(spec["columns"]),
        period=fiscal_year_start(pl.col("first_fiscal_year")),
        grain=pl.when(pl.col("first_fiscal_year") == pl.col("last_fiscal_year"))
        .then(pl.lit("fiscal_year"))
        .otherwise(pl.lit("decade")),
        dimension=pl.lit(TOTAL),
        category=pl.lit(TOTAL),
    )
    return _observations(frame)


def _labelled_rows(cells: pl.DataFrame, spec: dict[str, Any]) -> pl.DataFrame:
    frame = cells.join(labelled_rows.targets(spec), on="label", how="inner").with_columns(
        period=fiscal_year_start(pl.col("fiscal_year")), grain=pl.lit("fiscal_year")
    )
    return _observations(frame)


def _by_nationality(cells: pl.DataFrame, spec: dict[str, Any]) -> pl.DataFrame:
    measure = spec["measure"]
    regions = spec["regions"]
    not_countries = [tables.TOTAL, *regions, *spec.get("subregions", [])]
    cells = cells.with_columns(
        period=fiscal_year_start(pl.col("fiscal_year")), grain=pl.lit("fiscal_year")
    )
    whole = cells.filter(type=tables.TOTAL)
    total = whole.filter(label=tables.TOTAL)
    by_region = measure if spec.get("regions_sum_to_total", True) else measure + BY_NATIONALITY
    parts = [
        _labelled(total, measure, TOTAL, pl.lit(TOTAL)),
        _labelled(whole.filter(pl.col("label").is_in(regions)), by_region, REGION, pl.col("label")),
        _labelled(total, measure + BY_NATIONALITY, TOTAL, pl.lit(TOTAL)),
        _labelled(
            whole.filter(~pl.col("label").is_in(not_countries)),
            measure + BY_NATIONALITY,
            COUNTRY,
            pl.col("label"),
        ),
    ]
    by_type = cells.filter(pl.col("type") != tables.TOTAL, label=tables.TOTAL)
    if by_type.height:
        parts.append(_labelled(by_type, measure, CRIMINAL_STATUS, pl.col("type")))
    return pl.concat(parts)


def _labelled(cells: pl.DataFrame, measure: str, dimension: str, category: pl.Expr):
    return _observations(
        cells.with_columns(
            measure_id=pl.lit(measure), dimension=pl.lit(dimension), category=category
        )
    )


def _observations(frame: pl.DataFrame) -> pl.DataFrame:
    return (
        frame.with_columns(
            region_level=pl.lit("nation"), region_label=pl.lit(NATION), value=pl.col("count")
        )
        .select(list(OBSERVATION_SCHEMA))
        .cast(OBSERVATION_SCHEMA)
    )
