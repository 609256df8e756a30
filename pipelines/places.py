"""Coordinates for a region named by its city and state, from the national gazetteer
(pipelines/mappings/places.csv, GeoNames), when regions.csv gives none.

ICE's facility list prints each facility as "NAME (CITY, ST)", with the city as its mailing
address spells it: abbreviated (ST., FT., MT., HTS), without accents (HAGATNA), sometimes
misspelled or cut at 15 characters. Abbreviations are expanded on both sides; the rest are
spellings kept as data in place_labels.csv, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import polars as pl

# "(CITY, ST)" at the end of a region's name
CITY_STATE = r"\(([^()]+), ([A-Z]{2})\)$"
ABBREVIATIONS = {"ST": "SAINT", "STE": "SAINTE", "FT": "FORT", "MT": "MOUNT", "HTS": "HEIGHTS"}


def normalise(name: str) -> str:
    """A place name as compared: no accents or punctuation, upper case, abbreviations expanded."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.sub(r"[^A-Z0-9]+", " ", plain.upper()).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


def read_places(mappings_dir: Path) -> pl.DataFrame:
    """(state, key) -> lat, lon, and the gazetteer's own name for the place."""
    places = pl.read_csv(mappings_dir / "places.csv", schema_overrides={"geonameid": pl.Int64})
    return places.with_columns(
        pl.col("place").map_elements(normalise, return_dtype=pl.String).alias("key")
    ).unique(["state", "key"], keep="first", maintain_order=True)


def read_place_labels(mappings_dir: Path) -> pl.DataFrame:
    """How a publisher spells a place that the gazetteer names otherwise: (state, key) -> place."""
    labels = pl.read_csv(mappings_dir / "place_labels.csv", infer_schema=False)
    return labels.select(
        "state",
        pl.col("label").map_elements(normalise, return_dtype=pl.String).alias("key"),
        pl.col("place").map_elements(normalise, return_dtype=pl.String).alias("place_key"),
    )


def place(regions: pl.DataFrame, mappings_dir: Path) -> pl.DataFrame:
    """Fill lat/lon of regions without coordinates whose name ends "(CITY, ST)", and say in the
    note which gazetteer place placed them. Regions with coordinates are left as they are."""
    places = read_places(mappings_dir)
    labels = read_place_labels(mappings_dir)
    parts = regions.with_columns(
        pl.col("name").str.extract(CITY_STATE, 1).alias("_city"),
        pl.col("name").str.extract(CITY_STATE, 2).alias("_state"),
    ).with_columns(pl.col("_city").map_elements(normalise, return_dtype=pl.String).alias("_key"))
    parts = parts.join(
        labels, left_on=["_state", "_key"], right_on=["state", "key"], how="left"
    ).with_columns(pl.coalesce("place_key", "_key").alias("_key"))
    found = parts.join(
        places.select(
            pl.col("state").alias("_state"),
            pl.col("key").alias("_key"),
            pl.col("place").alias("_place"),
            pl.col("lat").alias("_lat"),
            pl.col("lon").alias("_lon"),
        ),
        on=["_state", "_key"],
        how="left",
    )
    fill = pl.col("lat").is_null() & pl.col("_lat").is_not_null()
    placed_note = pl.format(
        "coordinates: {}, {} (GeoNames gazetteer, pipelines/mappings/places.csv)",
        "_place",
        "_state",
    )
    return found.select(
        *[c for c in regions.columns if c not in ("lat", "lon", "note")],
        pl.when(fill).then("_lat").otherwise("lat").alias("lat"),
        pl.when(fill).then("_lon").otherwise("lon").alias("lon"),
        pl.when(fill)
        .then(pl.concat_str([pl.col("note"), placed_note], separator="; ", ignore_nulls=True))
        .otherwise("note")
        .alias("note"),
    ).select(regions.columns)
