"""The DuckDB warehouse: create its schema, load frames into it, run its integrity checks.

All of the warehouse's SQL lives beside this module: schema.sql, current.sql, anomalies.sql and
checks.sql.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import polars as pl

from pipelines.registry import Source

_HERE = Path(__file__).parent
FACT_ORDER = [
    "measure_id",
    "region_code",
    "period",
    "grain",
    "dimension",
    "category",
    "file_id",
    "as_of",
]


def create(con: duckdb.DuckDBPyConnection) -> None:
    con.execute((_HERE / "schema.sql").read_text())


def insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """Append a frame to a table, matching columns by name."""
    con.register("_frame", frame.to_arrow())
    try:
        columns = ", ".join(f'"{c}"' for c in frame.columns)
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _frame")
    finally:
        con.unregister("_frame")


def create_staging(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """A staging table: the published detail as read, for notebook users (`stg_*`)."""
    con.register("_frame", frame.to_arrow())
    try:
        con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM _frame')
    finally:
        con.unregister("_frame")


def load_registry(con: duckdb.DuckDBPyConnection, sources: list[Source]) -> None:
    """dim_source, dim_file, dim_measure and dim_dimension, straight from the declarations."""
    insert(
        con,
        "dim_source",
        pl.DataFrame(
            [
                {
                    "source_id": s.source_id,
                    "publisher": s.publisher,
                    "title": s.title,
                    "landing_page": s.landing_page,
                    "licence": s.licence,
                    "citation": s.citation,
                    "levels": list(s.levels),
                    "quirks": list(s.quirks),
                    "cadence": s.cadence,
                }
                for s in sources
            ]
        ),
    )
    insert(
        con,
        "dim_file",
        pl.DataFrame(
            [
                {
                    "file_id": f.file_id,
                    "source_id": f.source_id,
                    "file_name": f.name,
                    "layout": f.layout,
                    "release": f.release,
                    "published": f.published,
                    "as_of": f.as_of,
                    "accessed": f.accessed,
                    "size": f.size,
                    "sha256": f.sha256,
                    "url": f.url,
                    "stands_for": list(f.stands_for),
                    "original": f.original,
                    "provenance": f.provenance,
                    "coverage": f.coverage,
                    "levels": list(f.levels),
                    "reconcile_only": f.reconcile_only,
                }
                for s in sources
                for f in s.files
            ],
            schema_overrides={"url": pl.String, "stands_for": pl.List(pl.String)},
        ),
    )
    insert(
        con,
        "dim_measure",
        pl.DataFrame(
            [
                {
                    "measure_id": m.measure_id,
                    "source_id": m.source_id,
                    "name": m.name,
                    "unit": m.unit,
                    "topic": m.topic,
                    "definition": m.definition,
                    "caveats": list(m.caveats),
                    "additive": m.additive,
                    "kind": m.kind,
                    "to_date": m.to_date,
                    "counts": m.counts,
                    "rounded_to": m.rounded_to,
                }
                for s in sources
                for m in s.measures
            ],
            schema_overrides={"rounded_to": pl.Int32, "caveats": pl.List(pl.String)},
        ),
    )
    dimensions = [
        {"source_id": s.source_id, "dimension": d, "name": name}
        for s in sources
        for d, name in s.dimensions.items()
    ]
    if dimensions:
        insert(con, "dim_dimension", pl.DataFrame(dimensions))


def load_facts(con: duckdb.DuckDBPyConnection, facts: pl.DataFrame) -> None:
    """fact_observation, sorted by key so that equal inputs give equal tables."""
    insert(con, "fact_observation", facts.sort(FACT_ORDER))


def derive(con: duckdb.DuckDBPyConnection) -> None:
    """The figures in force and the readable view (current.sql), then the implausible figures
    (anomalies.sql), from the loaded facts."""
    con.execute((_HERE / "current.sql").read_text())
    con.execute((_HERE / "anomalies.sql").read_text())


def checks() -> list[tuple[str, str]]:
    """(name, query) for every check in checks.sql."""
    text = (_HERE / "checks.sql").read_text()
    parts = re.split(r"^-- check: (.+)$", text, flags=re.MULTILINE)
    return [
        (name.strip(), query.strip()) for name, query in zip(parts[1::2], parts[2::2], strict=True)
    ]


def run_checks(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every failed check, described with a few of the rows that fail it."""
    failures = []
    for name, query in checks():
        rows = con.execute(query).fetchall()
        if rows:
            failures.append(f"{name}: {len(rows)}+ failing, e.g. {rows[:3]}")
    return failures
