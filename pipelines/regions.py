"""Region mappings, kept as data: which regions exist, and which publisher labels name them."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.errors import AggstatsError
from pipelines.places import place

MAPPINGS_DIR = Path(__file__).parent / "mappings"


class UnmappedRegionError(AggstatsError):
    """A source names a region that the mapping files do not know."""


def read_levels(mappings_dir: Path = MAPPINGS_DIR) -> pl.DataFrame:
    return pl.read_csv(mappings_dir / "levels.csv", schema_overrides={"sort_order": pl.Int32})


def read_regions(mappings_dir: Path = MAPPINGS_DIR) -> pl.DataFrame:
    """dim_region's rows: code, level, name, parent, states (a list), coordinates, note.

    A region that regions.csv leaves without coordinates but names "(CITY, ST)" is placed by the
    national gazetteer (pipelines/places.py), and its note says so.
    """
    frame = pl.read_csv(mappings_dir / "regions.csv", infer_schema=False)
    regions = frame.select(
        "region_code",
        "level",
        "name",
        pl.col("parent_code").replace("", None),
        pl.col("states")
        .fill_null("")
        .str.split(";")
        .list.eval(pl.element().filter(pl.element() != "")),
        pl.col("lat").cast(pl.Float64),
        pl.col("lon").cast(pl.Float64),
        pl.col("note").replace("", None),
    )
    return place(regions, mappings_dir)


def read_labels(mappings_dir: Path = MAPPINGS_DIR) -> pl.DataFrame:
    """Every (level, label) a publisher uses, mapped to a region code.

    A region's own code and display name are labels too, so sources need not repeat them.
    """
    labels = pl.read_csv(mappings_dir / "region_labels.csv", infer_schema=False)
    regions = read_regions(mappings_dir)
    own = pl.concat(
        [
            regions.select("level", pl.col(c).alias("label"), "region_code")
            for c in ("region_code", "name")
        ]
    )
    return pl.concat([labels.select("level", "label", "region_code"), own]).unique(
        ["level", "label"], keep="first", maintain_order=True
    )


def resolve(observations: pl.DataFrame, labels: pl.DataFrame, file: str) -> pl.DataFrame:
    """Replace (region_level, region_label) with region_code; fail naming every unmapped label."""
    joined = observations.join(
        labels, left_on=["region_level", "region_label"], right_on=["level", "label"], how="left"
    )
    unmapped = (
        joined.filter(pl.col("region_code").is_null())
        .select("region_level", "region_label")
        .unique()
        .sort("region_level", "region_label")
    )
    if unmapped.height:
        names = ", ".join(f"{lvl}: {lbl!r}" for lvl, lbl in unmapped.iter_rows())
        raise UnmappedRegionError(
            f"file {file!r} names regions missing from pipelines/mappings/region_labels.csv: "
            f"{names}"
        )
    return joined.drop("region_level", "region_label")
