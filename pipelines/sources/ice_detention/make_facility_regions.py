"""Generate the `detention_facility` regions from ICE's published facility lists.

Reads the facilities table (every release's "Facilities" sheet, FY2019-FY2026, as parsed into
`facilities.parquet`) and appends to this source's regions.csv and region_labels.csv (beside
this module) the facilities and labels they do not hold yet; existing rows are never changed.
A facility is ICE's name in a city and state; its parent is the AOR of its newest listing.

    python -m pipelines.sources.ice_detention.make_facility_regions \
        $AGGSTATS_MIRROR/ice_detention/facilities.parquet

Given ICE's 2015 facility list (2015IceDetentionFacilityListing.xlsx) instead, it labels the
listed facilities that are regions already (same name, city and state, spelled alike) and
appends the others with their state as parent: that list names no AOR.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import polars as pl

from pipelines.sources.ice_detention.facilities import facility_label

LEVEL = "detention_facility"
FOLDER = Path(__file__).parent  # the source's own regions and labels


def facility_regions(parquet: Path) -> tuple[list[dict], list[dict]]:
    """(regions rows, label rows) for every facility named in the parquet.

    Names that differ only in case, spacing or punctuation ("T. DON HUTTO", "T DON HUTTO") are
    one facility; so are rows whose state is blank beside rows of the same name and city.
    """
    frame = pl.read_parquet(parquet).with_columns(
        name_key=pl.col("name").map_elements(_slug, pl.String),
        city_key=pl.col("city").map_elements(_slug, pl.String),
        label=facility_label(pl.col("name"), pl.col("city"), pl.col("state")),
    )
    states = (
        frame.filter(pl.col("state").is_not_null())
        .group_by("name_key", "city_key")
        .agg(pl.col("state").mode().first().alias("filled"))
    )
    frame = frame.join(states, on=["name_key", "city_key"], how="left").with_columns(
        filled=pl.coalesce("state", "filled")
    )
    facilities = (
        frame.sort("file_date", "pull_date")
        .group_by("name_key", "city_key", "filled")
        .agg(
            pl.col("name").str.replace_all(r"\s+", " ").str.strip_chars().last(),
            pl.col("city").str.replace_all(r"\s+", " ").str.strip_chars().last(),
            pl.col("aor").last(),
            pl.col("label").unique().sort(),
            pl.col("file_date").max(),
        )
        .with_columns(slug=pl.col("filled") + "-" + pl.col("name_key"))
        .sort("slug", "city_key")
    )
    facilities = facilities.with_columns(
        code=pl.when(pl.col("slug").is_duplicated())
        .then(pl.col("slug") + "-" + pl.col("city_key"))
        .otherwise(pl.col("slug"))
    )
    regions, labels = [], []
    for row in facilities.iter_rows(named=True):
        code = f"{LEVEL}:{row['code']}"
        regions.append(
            {
                "region_code": code,
                "level": LEVEL,
                "name": f"{row['name']} ({row['city']}, {row['filled']})",
                "parent_code": f"ice_aor:{row['aor']}",
                "states": row["filled"],
                "lat": "",
                "lon": "",
                "note": f"ICE detention statistics facility list; last listed {row['file_date']}",
            }
        )
        labels.extend({"level": LEVEL, "label": lbl, "region_code": code} for lbl in row["label"])
    return regions, labels


def append_new(path: Path, rows: list[dict], key: list[str]) -> int:
    """Append the rows whose key is not in the CSV yet; return how many."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames
        seen = {tuple(r[k] for k in key) for r in reader}
    new = [r for r in rows if tuple(r[k] for k in key) not in seen]
    with path.open("a", newline="", encoding="utf-8") as handle:
        csv.DictWriter(handle, fieldnames=fields, lineterminator="\n").writerows(new)
    return len(new)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "-", text.upper()).strip("-")


def list_2015_regions(workbook: Path) -> tuple[list[dict], list[dict]]:
    """(new regions, new labels) for the facilities of ICE's 2015 list."""
    from pipelines.sources.ice_detention.facility_list import read

    with (FOLDER / "regions.csv").open(newline="", encoding="utf-8") as handle:
        existing = [r for r in csv.DictReader(handle) if r["level"] == LEVEL]
    codes = {r["region_code"] for r in existing}
    by_place: dict[tuple, list[str]] = {}
    for r in existing:
        found = re.fullmatch(r"(.*) \((.*), ([A-Z]{2})\)", r["name"])
        if found:
            name, city, state = found.groups()
            by_place.setdefault((state, _slug(name), _slug(city)), []).append(r["region_code"])
    facilities = read(workbook).with_columns(
        label=facility_label(pl.col("name"), pl.col("city"), pl.col("state"))
    )
    regions, labels = [], []
    for row in facilities.iter_rows(named=True):
        name = re.sub(r"\s+", " ", row["name"]).strip()
        city = re.sub(r"\s+", " ", row["city"]).strip()
        same = by_place.get((row["state"], _slug(name), _slug(city)), [])
        if len(same) == 1:
            code = same[0]
        else:
            code = f"{LEVEL}:{row['state']}-{_slug(name)}"
            if code in codes:
                code = f"{code}-{_slug(city)}"
            codes.add(code)
            regions.append(
                {
                    "region_code": code,
                    "level": LEVEL,
                    "name": f"{name} ({city}, {row['state']})",
                    "parent_code": f"state:{row['state']}",
                    "states": row["state"],
                    "lat": "",
                    "lon": "",
                    "note": f"ICE 2015 authorized facility list (DETLOC {row['detloc']}); "
                    "no AOR given, so its parent is its state",
                }
            )
        labels.append({"level": LEVEL, "label": row["label"], "region_code": code})
    return regions, labels


def main(source: str) -> None:
    if source.endswith(".xlsx"):
        regions, labels = list_2015_regions(Path(source))
    else:
        regions, labels = facility_regions(Path(source))
    parquet = source
    added = append_new(FOLDER / "regions.csv", regions, ["region_code"])
    labelled = append_new(FOLDER / "region_labels.csv", labels, ["level", "label"])
    print(f"{added} facilities and {labelled} labels appended from {parquet}")


if __name__ == "__main__":
    main(sys.argv[1])
