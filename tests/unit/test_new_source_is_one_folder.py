"""Adding a source touches one folder: in a copy of the tree, a new source written as one folder
(declaration, module, regions of a level of its own, labels, context) is built, offered by the
explorer's catalog, described in the data dictionary and listed in the README, with no other
file of the tree changed but the two that `aggstats docs` regenerates."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = "example_port_entries"
PUBLISHED = "Fiscal Year,Month,Port of Entry,Entries\n2024,OCT,San Ysidro,120\n2024,OCT,Otay Mesa,80\n2024,NOV,San Ysidro,130\n2024,NOV,Otay Mesa,70\n"  # noqa: E501

FOLDER = {
    "__init__.py": "",
    "source.yaml": """\
id: example_port_entries
publisher: Example Border Agency
title: Entries at Ports of Entry (an example)
landing_page: https://example.org/port-entries
cadence: monthly
licence: Public domain
citation: Example Border Agency, "Entries at Ports of Entry"
summary:
  publisher: EBA
  what: Entries at two ports of entry (a test's example)
  coverage: Oct-Nov 2023
levels: [nation, port_of_entry]
dimensions: {}
quirks: [Months of the fiscal year are printed as OCT, NOV...]
measures:
  - id: example_port_entries.entries
    name: Entries at ports of entry
    unit: entries
    topic: Ports of entry
    counts: events
    additive: true
    kind: flow
    definition: People entering at a port of entry in the month.
files:
  - name: entries.csv
    layout: monthly
    release: October-November 2023
    published: 2023-12-15
    as_of: 2023-12-15
    accessed: 2026-12-07
    size: {size}
    sha256: {sha256}
    url: https://example.org/port-entries/entries.csv
    original: true
    provenance: The example agency's file.
    coverage: Oct-Nov 2023
    levels: [nation, port_of_entry]
""",
    "pipeline.py": '''\
"""Entries by port of entry and month."""

from pathlib import Path

import polars as pl

from aggstats.calendar import FISCAL_MONTHS, fiscal_month_start
from pipelines.readers import ROW
from pipelines.registry import SourceFile
from pipelines.tidy import NATION, OBSERVATION_SCHEMA, breakdowns


def read(path: Path, layout: str) -> pl.DataFrame:
    names = {"Fiscal Year": "fiscal_year", "Month": "month", "Port of Entry": "port"}
    frame = pl.read_csv(path).rename({**names, "Entries": "entries"})
    return frame.with_row_index(ROW, offset=2)


def tidy(staged: pl.DataFrame, file: SourceFile) -> pl.DataFrame:
    month = pl.col("month").replace_strict(FISCAL_MONTHS)
    frame = staged.with_columns(period=fiscal_month_start(pl.col("fiscal_year"), month))
    labels = {"nation": pl.lit(NATION), "port_of_entry": pl.col("port")}
    return pl.concat(
        breakdowns(frame, measure_id="example_port_entries.entries", level=level,
                   region_label=label, dimensions=[], value="entries")
        for level, label in labels.items()
    ).cast(OBSERVATION_SCHEMA)
''',
    "levels.csv": "level,name,sort_order\nport_of_entry,Port of entry,10\n",
    "regions.csv": """\
region_code,level,name,parent_code,states,lat,lon,note
port_of_entry:SYS,port_of_entry,San Ysidro Port of Entry,land_border_region:SW,CA,32.5422,-117.0297,
port_of_entry:OTM,port_of_entry,Otay Mesa Port of Entry,land_border_region:SW,CA,32.5500,-116.9383,
""",
    "region_labels.csv": """\
level,label,region_code
port_of_entry,San Ysidro,port_of_entry:SYS
port_of_entry,Otay Mesa,port_of_entry:OTM
""",
    "context.yaml": """\
markers:
  - id: example-port-opening
    label: A new lane opens
    date: 2023-11-01
    measures: ["example_port_entries.*"]
    source: Example Border Agency
    url: https://example.org/port-entries/lane
""",
}

# Run in the copy: build the new source alone, read the explorer's catalog, regenerate the docs.
SCRIPT = """
import json, sys
from pathlib import Path
import pipelines, dashboard
from aggstats import dictionary, readme
from dashboard.store import Store
from pipelines.build import build
from pipelines.registry import load_registry

raw, target = Path(sys.argv[1]), Path(sys.argv[2])
MEASURE = "example_port_entries.entries"
sources = load_registry()
new = [s for s in sources if s.source_id == "example_port_entries"]
build(new, raw, target)
catalog = Store(target).catalog
dictionary.write(sources)
readme.write(sources)
print(json.dumps({
    "modules": [pipelines.__file__, dashboard.__file__],
    "measures": list(catalog.measures),
    "levels": catalog.levels,
    "regions": sorted(catalog.regions["region_code"]),
    "context": [m["id"] for m in catalog.context[MEASURE]["markers"]],
    "months": catalog.periods(MEASURE, "port_of_entry", "month"),
    "series": catalog._store.level_series(MEASURE, "port_of_entry", "month")
        .select("region_code", "value").sort("region_code", "value").rows(),
}))
"""


def snapshot(tree: Path) -> dict[str, str]:
    return {
        str(p.relative_to(tree)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(tree.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_a_new_source_is_one_folder(tmp_path):
    tree = tmp_path / "tree"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for part in ("aggstats", "pipelines", "dashboard", "docs"):
        shutil.copytree(ROOT / part, tree / part, ignore=ignore)
    shutil.copy(ROOT / "README.md", tree / "README.md")
    before = snapshot(tree)

    raw = tmp_path / "raw" / SOURCE / "entries.csv"
    raw.parent.mkdir(parents=True)
    raw.write_text(PUBLISHED)
    folder = tree / "pipelines" / "sources" / SOURCE
    folder.mkdir()
    digest = hashlib.sha256(raw.read_bytes()).hexdigest()
    for name, text in FOLDER.items():
        (folder / name).write_text(
            text.replace("{size}", str(raw.stat().st_size)).replace("{sha256}", digest)
        )

    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "raw"), str(tmp_path / "w.duckdb")],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])

    assert all(m.startswith(str(tree)) for m in seen["modules"])  # the copy ran, not this tree
    assert seen["measures"] == ["example_port_entries.entries"]
    assert seen["levels"]["port_of_entry"] == "Port of entry"
    assert {"port_of_entry:OTM", "port_of_entry:SYS"} <= set(seen["regions"])
    assert "example-port-opening" in seen["context"]  # its own, beside the central "*" ones
    assert seen["months"] == ["2023-10-01", "2023-11-01"]
    assert seen["series"] == [
        ["port_of_entry:OTM", 70.0],
        ["port_of_entry:OTM", 80.0],
        ["port_of_entry:SYS", 120.0],
        ["port_of_entry:SYS", 130.0],
    ]

    readme = (tree / "README.md").read_text()
    assert "| `example_port_entries` | EBA | Entries at two ports of entry" in readme
    dictionary = (tree / "docs" / "data-dictionary.md").read_text()
    assert "### example_port_entries.entries\n" in dictionary
    assert "### source example_port_entries\n" in dictionary

    after = snapshot(tree)
    changed = {f for f in before if before[f] != after.get(f)}
    added = {f for f in after if f not in before}
    assert changed == {"README.md", "docs/data-dictionary.md"}  # regenerated by `aggstats docs`
    assert all(f.startswith(f"pipelines/sources/{SOURCE}/") for f in added)
