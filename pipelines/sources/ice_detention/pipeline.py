"""ICE ERO detention statistics: every release FY2019-FY2026, as parsed into parquet tables.

Each table stacks all of ICE's releases; every release becomes a vintage (`as_of`), so the
warehouse shows, per period, the newest release and keeps the older ones.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.guard import refuse_event_log, refuse_identifying
from pipelines.readers import ROW
from pipelines.registry import SourceFile
from pipelines.sources.ice_detention import (
    agency_tables,
    atd,
    atd_court,
    atd_population,
    bonds,
    book_outs,
    currently_detained,
    facilities,
    facility_list,
    facility_types,
    fear,
    release_totals,
    segregation,
)
from pipelines.sources.ice_detention.row_checks import refuse_blank, refuse_rows

_RELEASE = {"fiscal_year": pl.Int32, "file_date": pl.Date, "pull_date": pl.Date}
_MONTHLY = {"month": pl.String, "date": pl.Date}
# Columns as the parser wrote them; the count column feeds the record-level guard.
COLUMNS = {
    "adp": {"agency": pl.String, **_MONTHLY, "adp": pl.Float64, "adp_fy_ytd": pl.Float64},
    "stay_length": {
        "agency": pl.String,
        **_MONTHLY,
        "avg_stay_length_days": pl.Float64,
        "avg_stay_length_days_fy_ytd": pl.Float64,
    },
    "book_ins": {
        "arresting_agency": pl.String,
        **_MONTHLY,
        "n_book_ins": pl.Float64,
        "n_book_ins_ytd": pl.Float64,
    },
    "atd_by_aor": {
        "aor_technology": pl.String,
        "count": pl.Float64,
        "avg_length_in_program": pl.Float64,
    },
    "atd_population": {
        "category": pl.String,
        "count": pl.Float64,
        "value": pl.Float64,
        "table": pl.String,
    },
    "atd_court": {
        "hearing_type": pl.String,
        "metric": pl.String,
        "count": pl.Float64,
        "pct": pl.Float64,
    },
    "bond_stats": {**_MONTHLY, "metric": pl.String, "value": pl.Float64},
    "fear_detained": {"facility_type": pl.String, "total_detained": pl.Float64},
    "fear_time": {
        "data_fiscal_year": pl.Int32,
        **dict.fromkeys(["fsc", "adult", "total"], pl.Float64),
    },
    "facilities": facilities.COLUMNS,
    "removals": {"removals": pl.Float64},
    "famu_removals": {"famu_removals": pl.Float64},
    "book_outs": {
        "release_reason": pl.String,
        "criminality": pl.String,
        **_MONTHLY,
        "n_book_outs": pl.Float64,
        "n_book_outs_ytd": pl.Float64,
    },
    "book_outs_annual": {
        "release_reason": pl.String,
        **dict.fromkeys([*book_outs.CRIMINALITY_COLUMNS, "total"], pl.Float64),
    },
    "detained_criminality": {
        "criminality": pl.String,
        **dict.fromkeys(["ice", "percent_ice", "cbp", "percent_cbp", "total"], pl.Float64),
    },
    "detained_disposition": {
        "disposition": pl.String,
        **dict.fromkeys(["fsc_frc", "adult", "total"], pl.Float64),
    },
    "book_ins_facility": {
        "facility_type": pl.String,
        **dict.fromkeys([*facility_types.CRIMINALITY_COLUMNS, "total"], pl.Float64),
    },
    "book_outs_facility": {"facility_type": pl.String, "total": pl.Float64},
    "vulnerable_segregation": {
        "placement_reason": pl.String,
        "data_fiscal_year": pl.Int32,
        "data_quarter": pl.Int32,
        "n_placements": pl.Float64,
        "avg_consecutive_days": pl.Float64,
        "avg_cumulative_days": pl.Float64,
    },
}
# Layouts read from an agency workbook rather than a parsed table.
WORKBOOKS = {"facility_list_2015": facility_list.read}
COUNT = {
    "adp": "adp",
    "stay_length": "avg_stay_length_days",
    "book_ins": "n_book_ins",
    "atd_by_aor": "count",
    "atd_population": "count",
    "atd_court": "count",
    "bond_stats": "value",
    "fear_detained": "total_detained",
    "fear_time": "total",
    "facilities": "level_a",
    "removals": "removals",
    "famu_removals": "famu_removals",
    "book_outs": "n_book_outs",
    "book_outs_annual": "total",
    "detained_criminality": "total",
    "detained_disposition": "adult",
    "book_ins_facility": "total",
    "book_outs_facility": "total",
    "vulnerable_segregation": "n_placements",
}


def read(path: Path, layout: str) -> pl.DataFrame:
    """The parsed table as stored: columns checked and typed, `_row` the 1-based parquet row."""
    if layout in WORKBOOKS:
        return WORKBOOKS[layout](path)
    expected = {**COLUMNS[layout], **_RELEASE}
    try:
        frame = pl.read_parquet(path)
    except (pl.exceptions.ComputeError, OSError) as exc:
        raise InputError(path, f"not a readable parquet table: {exc}") from exc
    # A facility's name and street address name a place, not a person: only they are exempt.
    exempt = facilities.PLACE_COLUMNS if layout == "facilities" else set()
    refuse_identifying(path, [c for c in frame.columns if c not in exempt])
    missing = [c for c in expected if c not in frame.columns]
    unexpected = [c for c in frame.columns if c not in expected]
    if missing or unexpected:
        raise InputError(
            path,
            f"columns differ from the {layout} table: missing {missing}, unexpected "
            f"{unexpected}. Expected: {', '.join(expected)}",
            row=1,
            column=(missing or unexpected)[0],
        )
    refuse_event_log(path, frame, COUNT[layout], first_row=1)  # parquet rows count from 1
    for column, dtype in expected.items():
        if frame.schema[column] != dtype:
            raise InputError(
                path, f"has type {frame.schema[column]}, expected {dtype}", column=column
            )
    frame = frame.select(list(expected)).with_row_index(ROW, offset=1)
    for column in _RELEASE:
        refuse_blank(path, frame, column)
    for column in (c for c, dtype in expected.items() if dtype.is_float()):
        # NaN is the parser's blank for a cell it could not read: refused here, where its row
        # and column are still known (the build's own check sees only observations)
        refuse_rows(
            path, frame.filter(pl.col(column).is_nan()), "NaN (an unreadable cell)", column=column
        )
    negative = frame.filter(pl.col(COUNT[layout]) < 0)
    refuse_rows(path, negative, "negative value", column=COUNT[layout])
    return frame.with_columns(pl.col(ROW).cast(pl.Int64))


def _by_layout(step: Callable[..., pl.DataFrame]) -> Callable[..., pl.DataFrame]:
    return lambda path, staged, file: step(path, staged, file.layout)


def _alone(step: Callable[..., pl.DataFrame]) -> Callable[..., pl.DataFrame]:
    return lambda path, staged, file: step(path, staged)


# Which module tidies each layout: (layouts, step(path, staged, file)), first match wins.
TIDY_STEPS: tuple[tuple[Container[str], Callable[..., pl.DataFrame]], ...] = (
    (agency_tables.MEASURES, _by_layout(agency_tables.tidy)),
    (("atd_by_aor",), _alone(atd.tidy)),
    (("atd_population",), _alone(atd_population.tidy)),
    (("atd_court",), _alone(atd_court.tidy)),
    (("bond_stats",), _alone(bonds.tidy)),
    (("fear_detained", "fear_time"), _by_layout(fear.tidy)),
    (("facility_list_2015",), facility_list.tidy),
    (("facilities",), lambda path, staged, file: facilities.tidy(path, staged, file.levels)),
    (release_totals.MEASURES, _by_layout(release_totals.tidy)),
    (("book_outs", "book_outs_annual"), _by_layout(book_outs.tidy)),
    (("vulnerable_segregation",), _alone(segregation.tidy)),
    (facility_types.TABLES, _by_layout(facility_types.tidy)),
    (currently_detained.TABLES, _by_layout(currently_detained.tidy)),
)


def tidy(staged: pl.DataFrame, file: SourceFile) -> pl.DataFrame:
    """Observations with an `as_of` column: one vintage per ICE release."""
    path = Path(file.name)
    for layouts, step in TIDY_STEPS:
        if file.layout in layouts:
            return step(path, staged.sort(ROW), file)
    raise InputError(path, f"no tidy step for layout {file.layout!r}")
