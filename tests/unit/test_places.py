"""Facilities placed by the national gazetteer (pipelines/mappings/places.csv) at build."""

from __future__ import annotations

import polars as pl
import pytest

from pipelines import places, regions
from pipelines.registry import load_registry

REGIONS = """region_code,level,name,parent_code,states,lat,lon,note
state:MN,state,Minnesota,nation:US,MN,46.3,-94.3,
detention_facility:MN-RAMSEY,detention_facility,"RAMSEY JAIL (ST. PAUL, MN)",state:MN,MN,,,listed
detention_facility:GU-DOC,detention_facility,"DEPARTMENT OF CORRECTIONS (HAGATNA, GU)",,GU,,,
detention_facility:FL-BROWARD,detention_facility,"BROWARD TRANSITIONAL (FT.LAUDERDALE, FL)",,FL,,,
detention_facility:NY-BROOME,detention_facility,"BROOME COUNTY JAIL (BINGHAMPTON, NY)",,NY,,,
detention_facility:IL-TRI,detention_facility,"TRI-COUNTY DETENTION CENTER (ULLIN, IL)",,IL,,,
detention_facility:TX-SET,detention_facility,"SET BY HAND (LAREDO, TX)",,TX,27.5,-99.5,by hand
"""
PLACES = """state,place,lat,lon,geonameid
FL,Fort Lauderdale,26.1223,-80.1434,4155966
GU,Hagåtña,13.4757,144.7489,4044012
MN,Saint Paul,44.9444,-93.0933,5045360
NY,Binghamton,42.0987,-75.9180,5109177
TX,Laredo,27.5064,-99.5075,4705349
"""
LABELS = """state,label,place,why
NY,BINGHAMPTON,Binghamton,ICE's list misspells the city
"""


@pytest.fixture
def mappings(tmp_path):
    for name, text in (
        ("regions.csv", REGIONS),
        ("places.csv", PLACES),
        ("place_labels.csv", LABELS),
    ):
        (tmp_path / name).write_text(text)
    return tmp_path


def test_normalise_expands_abbreviations_and_drops_accents():
    assert places.normalise("ST. PAUL") == places.normalise("Saint Paul") == "SAINT PAUL"
    assert places.normalise("FT.LAUDERDALE") == "FORT LAUDERDALE"
    assert places.normalise("Hagåtña") == places.normalise("HAGATNA")
    assert places.normalise("Sault Ste. Marie") == "SAULT SAINTE MARIE"


def test_facilities_without_coordinates_are_placed_by_city_and_state(mappings):
    placed = regions.read_regions([], mappings).to_dicts()
    by_code = {row["region_code"]: row for row in placed}
    ramsey = by_code["detention_facility:MN-RAMSEY"]
    assert (ramsey["lat"], ramsey["lon"]) == (44.9444, -93.0933)
    assert ramsey["note"] == (
        "listed; coordinates: Saint Paul, MN (GeoNames gazetteer, pipelines/mappings/places.csv)"
    )
    assert by_code["detention_facility:GU-DOC"]["lat"] == 13.4757
    assert by_code["detention_facility:FL-BROWARD"]["lon"] == -80.1434
    # a spelling the gazetteer does not know goes through place_labels.csv
    assert by_code["detention_facility:NY-BROOME"]["lat"] == 42.0987
    # a place missing from the gazetteer stays unplaced; coordinates set by hand stay as set
    assert by_code["detention_facility:IL-TRI"]["lat"] is None
    assert by_code["detention_facility:TX-SET"]["lat"] == 27.5
    assert by_code["detention_facility:TX-SET"]["note"] == "by hand"
    assert by_code["state:MN"]["lat"] == 46.3
    assert len(placed) == 7


def test_real_mappings_place_540_of_553_facilities():
    facilities = regions.read_regions(load_registry()).filter(
        pl.col("level") == "detention_facility"
    )
    placed = facilities.filter(pl.col("lat").is_not_null())
    assert (facilities.height, placed.height) == (553, 540)
    hudson = placed.filter(pl.col("name") == "HUDSON COUNTY CORRECTIONAL CENTER (KEARNEY, NJ)")
    assert hudson.select("lat", "lon").row(0) == (40.7684, -74.1454)  # Kearny, NJ
    # each lies near the centre of the state its name names (a wrong state would be far off)
    states = regions.read_regions(load_registry()).filter(pl.col("level") == "state")
    near = placed.with_columns(pl.col("name").str.extract(places.CITY_STATE, 2).alias("st")).join(
        states.select(
            pl.col("region_code").str.slice(6).alias("st"),
            pl.col("lat").alias("state_lat"),
            pl.col("lon").alias("state_lon"),
        ),
        on="st",
    )
    assert near.height == placed.height
    far = near.filter(
        ((pl.col("lat") - pl.col("state_lat")).abs() > 10)
        | ((pl.col("lon") - pl.col("state_lon")).abs() > 16)
    )
    assert far["name"].to_list() == []
