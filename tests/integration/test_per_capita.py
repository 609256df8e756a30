"""Per-capita rates: the matching year's Census estimate, its vintage named, no guessing."""

from __future__ import annotations

import polars as pl
import pytest

from aggstats import query

pytestmark = pytest.mark.integration
ENCOUNTERS = "cbp_encounters.encounters"


def test_fiscal_year_rate_uses_the_july_estimate_inside_that_year(real_con):
    frame = query.per_capita(
        real_con, query.series(real_con, ENCOUNTERS, "state", ["state:TX"])
    ).filter(population_year=2023)
    row = frame.row(0, named=True)
    assert row["value"] == 1_390_714  # TX, FY2023, CBP's State file
    assert row["population"] == 30_727_890  # TX, July 1 2023, Census Vintage 2024
    assert row["population_release"].startswith("Vintage 2024")
    assert row["value_per_capita"] == pytest.approx(1_390_714 / 30_727_890 * 100_000)


def test_years_without_an_estimate_get_no_rate(real_con):
    frame = query.per_capita(real_con, query.series(real_con, ENCOUNTERS, "nation"))
    missing = frame.filter(pl.col("population").is_null())
    assert sorted(missing["population_year"].to_list()) == [2025, 2026]
    assert missing["value_per_capita"].null_count() == 2


def test_a_level_without_population_says_so(real_con):
    sectors = query.series(real_con, ENCOUNTERS, "usbp_sector", ["usbp_sector:RGV"])
    with pytest.raises(query.QueryError, match="per-capita rates exist only for regions"):
        query.per_capita(real_con, sectors)
