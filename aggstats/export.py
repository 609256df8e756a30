"""`aggstats export`: the warehouse (or a selection) as CSV and Parquet with a datapackage.json.

The package is a Frictionless Data Package: every CSV is a tabular resource with its schema
(types and the data dictionary's descriptions), sha256 and size; every Parquet file the same rows,
typed. The descriptor names the sources, their licences and citations, so the data carries its
provenance into R, Excel or DuckDB without aggstats.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from aggstats import query
from aggstats.dictionary import describe_column
from aggstats.query import QueryError

DESCRIPTOR = "datapackage.json"
# DuckDB types -> Frictionless field types; lists go to CSV as JSON arrays.
_TYPES = {
    "VARCHAR": "string",
    "DATE": "date",
    "DOUBLE": "number",
    "BIGINT": "integer",
    "INTEGER": "integer",
    "BOOLEAN": "boolean",
    "TIMESTAMP": "datetime",
    "VARCHAR[]": "array",
}
_PUBLIC_DOMAIN = "other-pd"  # the Open Definition licence id for public-domain works


@dataclass(frozen=True)
class ExportReport:
    path: Path
    rows: int
    measures: tuple[str, ...]
    resources: tuple[str, ...]


def export_package(
    warehouse: Path,
    out: Path,
    *,
    measures: Sequence[str] | None = None,
    sources: Sequence[str] | None = None,
    levels: Sequence[str] | None = None,
    all_releases: bool = False,
) -> ExportReport:
    """Write the chosen measures (all by default) as a data package in folder `out`."""
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not (out / DESCRIPTOR).is_file():
        raise QueryError(f"{out} holds other files; export into an empty or new folder")
    with query.connect(warehouse) as con:
        measure_ids = _chosen_measures(query.measures(con), measures, sources)
        known_levels = set(query.levels(con)["level"])
        unknown = sorted(set(levels or ()) - known_levels)
        if unknown:
            raise QueryError(f"unknown level(s) {', '.join(unknown)}; levels: {known_levels}")
        tables = [t for t in query.EXPORT_TABLES if all_releases or t != "fact_observation"]
        frames = {t: query.export_table(con, t, measure_ids, levels) for t in tables}
        types = {(t, c): d for t, c, d in query.schema_columns(con).iter_rows()}
        keys = dict(query.primary_keys(con).iter_rows())
        build = con.execute(
            "SELECT built_at, aggstats_version FROM meta_build ORDER BY built_at DESC LIMIT 1"
        ).fetchone()
    staging = out.with_name(f".{out.name}.exporting")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    resources = []
    for table, frame in frames.items():
        columns = {c: types[(table, c)] for c in frame.columns}
        frame.write_parquet(staging / f"{table}.parquet", statistics=False)
        _flat(frame, columns).write_csv(
            staging / f"{table}.csv", datetime_format="%Y-%m-%dT%H:%M:%SZ"
        )
        resources += [
            _csv_resource(staging, table, columns, keys.get(table)),
            _parquet_resource(staging, table),
        ]
    descriptor = _descriptor(frames, measure_ids, levels, build, resources)
    (staging / DESCRIPTOR).write_text(json.dumps(descriptor, indent=2, default=str) + "\n")
    shutil.rmtree(out, ignore_errors=True)
    staging.rename(out)
    return ExportReport(
        path=out / DESCRIPTOR,
        rows=frames["observation_readable"].height,
        measures=tuple(measure_ids),
        resources=tuple(r["name"] for r in resources),
    )


def _chosen_measures(
    catalog: pl.DataFrame, measures: Sequence[str] | None, sources: Sequence[str] | None
) -> list[str]:
    for column, asked in (("measure_id", measures), ("source_id", sources)):
        unknown = sorted(set(asked or ()) - set(catalog[column]))
        if unknown:
            raise QueryError(f"unknown {column.removesuffix('_id')}(s): {', '.join(unknown)}")
    chosen = catalog.filter(
        pl.col("measure_id").is_in(measures) if measures else pl.lit(True),
        pl.col("source_id").is_in(sources) if sources else pl.lit(True),
    )
    if chosen.is_empty():
        raise QueryError("the selection holds no measure")
    return sorted(chosen["measure_id"])


def _flat(frame: pl.DataFrame, columns: dict[str, str]) -> pl.DataFrame:
    """CSV-ready: lists as JSON arrays, whole numbers without a trailing '.0'."""
    flat = []
    for name, dtype in columns.items():
        col = pl.col(name)
        if dtype == "VARCHAR[]":
            flat.append(col.map_elements(lambda v: json.dumps(list(v)), return_dtype=pl.String))
        elif dtype == "DOUBLE":
            whole = col.cast(pl.Int64, strict=False).cast(pl.String)
            flat.append(pl.when(col == col.round(0)).then(whole).otherwise(col.cast(pl.String)))
        else:
            flat.append(col)
    return frame.select(flat)


def _csv_resource(folder: Path, table: str, columns: dict[str, str], key: list | None) -> dict:
    schema = {
        "fields": [
            {"name": c, "type": _TYPES[d], "description": describe_column(table, c) or ""}
            for c, d in columns.items()
        ]
    }
    if key and set(key) <= set(columns):
        schema["primaryKey"] = list(key)
    return {
        "name": table,
        "path": f"{table}.csv",
        "type": "table",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        **_checksum(folder / f"{table}.csv"),
        "schema": schema,
    }


def _parquet_resource(folder: Path, table: str) -> dict:
    return {
        "name": f"{table}-parquet",
        "path": f"{table}.parquet",
        "type": "file",
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        "description": f"The rows of {table}.csv, typed (lists as lists), for DuckDB, R, pandas.",
        **_checksum(folder / f"{table}.parquet"),
    }


def _checksum(path: Path) -> dict:
    return {
        "hash": f"sha256:{hashlib.sha256(path.read_bytes()).hexdigest()}",
        "bytes": path.stat().st_size,
    }


def _descriptor(frames, measure_ids, levels, build, resources) -> dict:
    sources = frames["dim_source"]
    built_at, version = build
    return {
        "name": "aggstats-export",
        "title": "aggstats: official aggregated US immigration-enforcement statistics",
        "description": (
            "Published counts (never individual records) from the aggstats warehouse built "
            f"{built_at:%Y-%m-%d %H:%M} UTC by aggstats {version}. Start with "
            "observation_readable: one row per published figure in force, with its unit, "
            "publisher, file and release. Measures: "
            + ", ".join(measure_ids)
            + (f"; levels: {', '.join(levels)}" if levels else "")
            + ". Cite the sources below."
        ),
        "version": version,
        "created": f"{built_at:%Y-%m-%dT%H:%M:%SZ}",
        "licenses": _licences(sources),
        "sources": [
            {"title": f"{s['publisher']}: {s['title']}", "path": s["landing_page"]}
            for s in sources.iter_rows(named=True)
        ],
        "citations": sources["citation"].to_list(),
        "measures": [
            {
                k: m[k]
                for k in ("measure_id", "name", "unit", "counts", "kind", "additive", "definition")
            }
            for m in frames["dim_measure"].iter_rows(named=True)
        ],
        "resources": resources,
    }


def _licences(sources: pl.DataFrame) -> list[dict]:
    licences = []
    for s in sources.iter_rows(named=True):
        entry = {"title": s["licence"]}
        if s["licence"].lower().startswith("public domain"):
            entry["name"] = _PUBLIC_DOMAIN
        else:
            entry["path"] = s["landing_page"]
        if entry not in licences:
            licences.append(entry)
    return licences
