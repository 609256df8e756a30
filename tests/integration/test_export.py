"""`aggstats export` on the real warehouse: a valid Frictionless package whose CSVs hold the
warehouse's figures; and the data dictionary covers every table of the real warehouse."""

from __future__ import annotations

import json

import polars as pl
import pytest
from frictionless import validate

from aggstats import dictionary, query
from aggstats.cli import main
from aggstats.export import export_package

pytestmark = pytest.mark.integration
ENCOUNTERS = "cbp_encounters.encounters"


@pytest.fixture(scope="module")
def package(real_warehouse, tmp_path_factory):
    return export_package(real_warehouse, tmp_path_factory.mktemp("export") / "all")


def test_the_package_validates_with_schemas_and_checksums(package):
    report = validate(str(package.path))
    assert report.valid, report.flatten(["type", "note"])[:5]
    rows = {task.name: task.stats["rows"] for task in report.tasks if "rows" in task.stats}
    assert rows["observation_readable"] == package.rows > 100_000


def test_csv_totals_equal_the_warehouse(package, real_con):
    csv = pl.read_csv(package.path.parent / "observation_readable.csv", infer_schema_length=0)
    sums = (
        csv.group_by("measure_id", "region_level")
        .agg(value=pl.col("value").cast(pl.Float64).sum(), rows=pl.len())
        .sort("measure_id", "region_level")
    )
    warehouse = query.totals(real_con)
    # sums of the same floats in another order may differ in the last bit
    assert sums["value"].to_list() == pytest.approx(warehouse["value"].to_list(), rel=1e-12)
    assert sums["rows"].to_list() == warehouse["rows"].to_list()
    fy2023 = csv.filter(
        pl.col("measure_id") == ENCOUNTERS,
        pl.col("region_level") == "nation",
        pl.col("dimension") == "total",
        pl.col("period").is_between(pl.lit("2022-10-01"), pl.lit("2023-09-01")),
    )
    assert fy2023["value"].cast(pl.Int64).sum() == 3_201_144


def test_parquet_holds_the_same_rows_typed(package):
    folder = package.path.parent
    parquet = pl.read_parquet(folder / "observation_readable.parquet")
    csv = pl.read_csv(
        folder / "observation_readable.csv",
        try_parse_dates=True,
        schema_overrides={"value": pl.Float64},
    )
    assert parquet.height == csv.height
    assert parquet["value"].sum() == pytest.approx(csv["value"].sum(), rel=1e-12)
    measures = pl.read_parquet(folder / "dim_measure.parquet")
    assert measures.schema["caveats"] == pl.List(pl.String)


def test_the_descriptor_carries_units_sources_licences_and_descriptions(package):
    descriptor = json.loads(package.path.read_text())
    assert {
        "title": "Public domain (work of the U.S. federal government, 17 U.S.C. 105)",
        "name": "other-pd",
    } in descriptor["licenses"]
    assert all(
        lic["title"] and (lic.get("name") or lic.get("path")) for lic in descriptor["licenses"]
    )
    paths = [source["path"] for source in descriptor["sources"]]
    assert "https://www.cbp.gov/newsroom/stats/nationwide-encounters" in paths
    units = {m["measure_id"]: m["unit"] for m in descriptor["measures"]}
    assert units[ENCOUNTERS] == "encounters"
    assert units["ice_detention.average_length_of_stay"] == "days"
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert resources["observation_readable-parquet"]["hash"].startswith("sha256:")
    fields = resources["observation_readable"]["schema"]["fields"]
    assert all(f["description"] for f in fields)
    assert resources["dim_measure"]["schema"]["primaryKey"] == ["measure_id"]


def test_a_tampered_csv_fails_validation(package, tmp_path):
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in package.path.parent.iterdir():
        if path.suffix in (".json", ".csv") and "observation" not in path.name:
            (copy / path.name).write_bytes(path.read_bytes())
    descriptor = json.loads((copy / "datapackage.json").read_text())
    descriptor["resources"] = [
        r
        for r in descriptor["resources"]
        if r["path"].endswith(".csv") and "observation" not in r["name"]
    ]
    (copy / "datapackage.json").write_text(json.dumps(descriptor))
    assert validate(str(copy / "datapackage.json")).valid
    measures = copy / "dim_measure.csv"
    measures.write_text(measures.read_text().replace("encounters", "encountres", 1))
    report = validate(str(copy / "datapackage.json"))
    assert not report.valid and "hash-count" in {e[0] for e in report.flatten(["type"])}


def test_export_a_selection_from_the_command_line(real_warehouse, tmp_path, monkeypatch):
    monkeypatch.setenv("AGGSTATS_WAREHOUSE", str(real_warehouse))
    out = tmp_path / "texas"
    assert (
        main(
            [
                "export",
                "--out",
                str(out),
                "--measure",
                ENCOUNTERS,
                "--level",
                "state",
                "--all-releases",
            ]
        )
        == 0
    )
    assert validate(str(out / "datapackage.json")).valid
    csv = pl.read_csv(out / "observation_readable.csv", infer_schema_length=0)
    assert set(csv["region_level"]) == {"state"}
    releases = pl.read_csv(out / "fact_observation.csv", infer_schema_length=0)
    assert releases["file_id"].n_unique() == 2 and releases.height > csv.height
    assert main(["export", "--out", str(out), "--measure", "no.such"]) == 1
    assert main(["export", "--out", str(out), "--level", "county"]) == 1
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    assert main(["export", "--out", str(tmp_path / "busy")]) == 1
    assert (tmp_path / "busy" / "notes.txt").read_text() == "mine"


def test_every_table_and_view_of_the_real_warehouse_is_in_the_dictionary(real_con):
    assert dictionary.undocumented(real_con) == []
    text = dictionary.DICTIONARY.read_text(encoding="utf-8")
    for name in query.schema_objects(real_con)["name"]:
        assert f"### {name}\n" in text or f"| `{name}` |" in text, name
