"""The ICE detention pipeline on tiny parquet tables written here, with the parser's columns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.build import build
from pipelines.errors import InputError, RecordLevelError
from pipelines.readers import ROW
from pipelines.registry import load_registry
from pipelines.sources.ice_detention import pipeline
from pipelines.sources.ice_detention.row_checks import refuse_rows
from tests.conftest import fixture_registry

D = dt.date
MONTHS = ["Oct", "Nov", "Dec"]


def declared(layout: str):
    source = next(s for s in load_registry() if s.source_id == "ice_detention")
    return next(f for f in source.files if f.layout == layout)


def adp_release(file_date, pull_date, blocks, fytd, fiscal_year=2025):
    """One release of the ADP table: blocks of (label, [Oct, Nov, Dec]) rows, label-major."""
    rows = []
    for label, values in blocks:
        for i, (month, value) in enumerate(zip(MONTHS, values, strict=True)):
            rows.append(
                {
                    "agency": label,
                    "month": month,
                    "date": D(fiscal_year - 1, 10 + i, 1),
                    "adp": value,
                    "adp_fy_ytd": fytd[label],
                    "fiscal_year": fiscal_year,
                    "file_date": file_date,
                    "pull_date": pull_date,
                }
            )
    return rows


OLD = adp_release(
    D(2024, 11, 21),
    D(2024, 11, 10),
    [
        ("CBP Average", [10.0, 4.0, 0.0]),
        ("Convicted Criminal", [1.0, 1.0, 0.0]),
        ("Other Immigration Violator", [9.0, 3.0, 0.0]),
        ("ICE Average", [20.0, 6.0, 0.0]),
        ("Convicted Criminal", [15.0, 5.0, 0.0]),
        ("Other Immigration Violator", [5.0, 1.0, 0.0]),
        ("Average", [30.0, 10.0, 0.0]),
        ("Convicted Criminal", [16.0, 6.0, 0.0]),
        ("Other Immigration Violator", [14.0, 4.0, 0.0]),
    ],
    {
        "CBP Average": 9.0,
        "ICE Average": 17.0,
        "Average": 26.0,
        "Convicted Criminal": 14.0,
        "Other Immigration Violator": 12.0,
    },
)
# The undated year-end file: the parser's placeholder 31 December, data as of 2024-12-20.
NEW = adp_release(
    D(2024, 12, 31),
    D(2024, 12, 20),
    [
        ("CBP Average", [11.0, 5.0, 2.0]),
        ("Convicted Criminal", [2.0, 1.0, 1.0]),
        ("Other Immigration Violator", [9.0, 4.0, 1.0]),
        ("ICE Average", [20.0, 7.0, 3.0]),
        ("Convicted Criminal", [15.0, 5.0, 2.0]),
        ("Other Immigration Violator", [5.0, 2.0, 1.0]),
        ("Average", [31.0, 12.0, 5.0]),
        ("Convicted Criminal", [17.0, 6.0, 3.0]),
        ("Other Immigration Violator", [14.0, 6.0, 2.0]),
    ],
    {
        "CBP Average": 6.0,
        "ICE Average": 10.0,
        "Average": 16.0,
        "Convicted Criminal": 9.0,
        "Other Immigration Violator": 7.0,
    },
)


def write(tmp_path, rows, name="adp-by-agency-criminality.parquet"):
    path = tmp_path / name
    pl.DataFrame(rows).with_columns(pl.col("fiscal_year").cast(pl.Int32)).write_parquet(path)
    return path


def test_each_release_is_a_vintage_with_monthly_and_year_to_date_figures(tmp_path):
    staged = pipeline.read(write(tmp_path, OLD + NEW), "adp")
    assert staged["_row"].to_list()[:2] == [1, 2]
    obs = pipeline.tidy(staged, declared("adp"))
    # the placeholder date gives way to the data date
    assert sorted(obs["as_of"].unique().to_list()) == [D(2024, 11, 21), D(2024, 12, 20)]
    old = obs.filter(as_of=D(2024, 11, 21), dimension="total")
    # December is 0 in the November release (not yet reported): dropped, not a zero
    assert old.filter(grain="month").sort("period")["value"].to_list() == [30.0, 10.0]
    assert old.filter(grain="fiscal_year").select("period", "value").rows() == [
        (D(2024, 10, 1), 26.0)
    ]
    new = obs.filter(as_of=D(2024, 12, 20), period=D(2024, 12, 1), grain="month")
    assert dict(new.select("category", "value").iter_rows()) == {
        "total": 5.0,
        "ICE": 3.0,
        "CBP": 2.0,
        "Convicted Criminal": 3.0,  # the total block's criminality rows, not ICE's or CBP's
        "Other Immigration Violator": 2.0,
    }


def test_a_figure_after_the_release_date_is_refused(tmp_path):
    stale = [
        {**r, "adp": 7.0} if r["month"] == "Dec" else r
        for r in adp_release(
            D(2024, 11, 21),
            D(2024, 11, 10),
            [("Average", [1.0, 2.0, 0.0])],
            {"Average": 1.5},
        )
    ]
    staged = pipeline.read(write(tmp_path, stale), "adp")
    with pytest.raises(InputError, match="figure for December 2024, after its release date"):
        pipeline.tidy(staged, declared("adp"))


def test_record_level_and_misshapen_tables_are_refused(tmp_path):
    people = [{**r, "date_of_birth": D(1990, 1, 1)} for r in OLD]
    with pytest.raises(RecordLevelError, match="date_of_birth"):
        pipeline.read(write(tmp_path, people), "adp")
    renamed = pl.DataFrame(OLD).rename({"adp": "population"})
    renamed.with_columns(pl.col("fiscal_year").cast(pl.Int32)).write_parquet(tmp_path / "x.parquet")
    with pytest.raises(InputError, match=r"missing \['adp'\]") as error:
        pipeline.read(tmp_path / "x.parquet", "adp")
    assert error.value.column == "adp"


def test_refuse_rows_names_the_first_offending_row_in_the_order_given():
    path = Path("removals.parquet")
    offending = pl.DataFrame({ROW: [5, 3], "removals": [-1.0, -2.0]})
    with pytest.raises(InputError) as error:
        refuse_rows(path, offending, "negative value", column="removals")
    assert (error.value.row, error.value.column) == (5, "removals")
    assert str(error.value) == "file 'removals.parquet', row 5, column 'removals': negative value"
    refuse_rows(path, offending.clear(), "negative value", column="removals")  # none: no error


RELEASE = (D(2025, 2, 3), D(2025, 1, 21))


def facility(name, city, state, aor, levels, release=RELEASE, alos=30.0):
    file_date, pull = release
    return {
        "name": name,
        "address": "1 MAIN ST",
        "city": city,
        "state": state,
        "zip": "00000",
        "aor": aor,
        "type_detailed": "IGSA",
        "male_female": "Male",
        **dict(zip(["level_a", "level_b", "level_c", "level_d"], levels, strict=True)),
        "male_crim": 1.0,
        "alos": alos,
        "fiscal_year": 2025,
        "file_date": file_date,
        "pull_date": pull,
    }


def test_facility_adp_sums_levels_and_rolls_up_to_aor_state_and_nation(tmp_path):
    rows = [
        facility("STEWART DETENTION CENTER", "LUMPKIN", "GA", "ATL", [10.0, 5.0, None, 1.0]),
        facility("IRWIN COUNTY", "OCILLA", "GA", "ATL", [2.0, 2.0, 0.0, 0.0]),
        facility("BROWARD TRANSITIONAL CENTER", "POMPANO BEACH", None, "MIA", [4, 0, 0, 0]),
        facility("NO FIGURES", "X", "FL", "MIA", [None] * 4),
        facility(
            "BROWARD TRANSITIONAL CENTER",
            "POMPANO BEACH",
            "FL",
            "MIA",
            [3.0, 0, 0, 0],
            release=(D(2025, 1, 16), D(2025, 1, 6)),
        ),
    ]
    path = tmp_path / "facilities.parquet"
    pl.DataFrame(rows).with_columns(pl.col("fiscal_year").cast(pl.Int32)).write_parquet(path)
    staged = pipeline.read(path, "facilities")  # name and address are a facility's: allowed
    obs = pipeline.tidy(staged, declared("facilities")).filter(
        as_of=D(2025, 2, 3), dimension="total", measure_id="ice_detention.facility_adp"
    )
    values = {(r["region_level"], r["region_label"]): r["value"] for r in obs.iter_rows(named=True)}
    assert values == {
        ("detention_facility", "STEWART DETENTION CENTER | LUMPKIN, GA"): 16.0,
        ("detention_facility", "IRWIN COUNTY | OCILLA, GA"): 4.0,
        ("detention_facility", "BROWARD TRANSITIONAL CENTER | POMPANO BEACH"): 4.0,
        ("ice_aor", "ATL"): 20.0,
        ("ice_aor", "MIA"): 4.0,
        ("state", "GA"): 20.0,
        ("state", "FL"): 4.0,  # the blank state is Broward's state in another release
        ("nation", "United States"): 24.0,
    }


def test_facility_length_of_stay_is_filed_per_facility_only(tmp_path):
    rows = [
        facility(
            "STEWART DETENTION CENTER", "LUMPKIN", "GA", "ATL", [10.0, 5.0, 0, 1.0], alos=41.5
        ),
        facility("IRWIN COUNTY", "OCILLA", "GA", "ATL", [2.0, 2.0, 0.0, 0.0], alos=None),
        # one facility listed twice in a release (Nassau County, 2025-06-23) prints one ALOS
        facility("NASSAU COUNTY", "EAST MEADOW", "NY", "NYC", [1.0, 0, 0, 0], alos=12.0),
        facility("NASSAU COUNTY", "EAST MEADOW", "NY", "NYC", [2.0, 0, 0, 0], alos=12.0),
    ]
    path = tmp_path / "facilities.parquet"
    pl.DataFrame(rows).with_columns(pl.col("fiscal_year").cast(pl.Int32)).write_parquet(path)
    obs = pipeline.tidy(pipeline.read(path, "facilities"), declared("facilities"))
    stays = obs.filter(measure_id="ice_detention.facility_average_length_of_stay")
    assert sorted(stays.select("region_level", "region_label", "period", "value").rows()) == [
        ("detention_facility", "NASSAU COUNTY | EAST MEADOW, NY", D(2024, 10, 1), 12.0),
        ("detention_facility", "STEWART DETENTION CENTER | LUMPKIN, GA", D(2024, 10, 1), 41.5),
    ]
    rows[3]["alos"] = 13.0
    pl.DataFrame(rows).with_columns(pl.col("fiscal_year").cast(pl.Int32)).write_parquet(path)
    with pytest.raises(InputError, match="listed twice with two ALOS"):
        pipeline.tidy(pipeline.read(path, "facilities"), declared("facilities"))


def test_newest_release_wins_in_the_warehouse_for_each_fiscal_year_and_month(tmp_path):
    path = write(tmp_path, OLD + NEW)
    sources = fixture_registry(
        tmp_path / "sources",
        "ice_detention",
        [{"path": path, "layout": "adp", "levels": ["nation"]}],
        tmp_path / "raw",
    )
    target = build(sources, tmp_path / "raw", tmp_path / "w.duckdb").warehouse
    with duckdb.connect(str(target), read_only=True) as con:
        shown = con.execute(
            "SELECT grain, period, value, as_of FROM observation "
            "WHERE measure_id = 'ice_detention.adp' AND dimension = 'total' ORDER BY 1, 2"
        ).fetchall()
        kept = con.execute(
            "SELECT count(DISTINCT as_of) FROM observation_all WHERE grain = 'fiscal_year'"
        ).fetchone()
    assert shown == [
        ("fiscal_year", D(2024, 10, 1), 16.0, D(2024, 12, 20)),
        ("month", D(2024, 10, 1), 31.0, D(2024, 12, 20)),
        ("month", D(2024, 11, 1), 12.0, D(2024, 12, 20)),
        ("month", D(2024, 12, 1), 5.0, D(2024, 12, 20)),
    ]
    assert kept == (2,)


def test_declared_files_cover_each_layout_once():
    source = next(s for s in load_registry() if s.source_id == "ice_detention")
    layouts = [*pipeline.COLUMNS, *pipeline.WORKBOOKS]
    assert sorted(f.layout for f in source.files) == sorted(layouts)
