"""Reconciliation: where two publishers (or releases) count the same thing, line them up.

Pairs are declared as data in `reconciliations.yaml` in the folder of the source whose figure a
pair checks (its left side); the build computes each pair's fiscal-year values and differences
into `fact_reconciliation`, and `aggstats reconcile` prints them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import yaml

from pipelines.errors import RegistryError
from pipelines.registry import Source
from pipelines.tidy import TOTAL
from pipelines.warehouse import insert

PAIRS = "reconciliations.yaml"  # in a source's folder
_SQL = (Path(__file__).parent / "warehouse" / "reconcile.sql").read_text()


@dataclass(frozen=True)
class Side:
    measure: str
    region: str
    dimension: str = TOTAL
    category: str = TOTAL
    file: str | None = None

    @property
    def label(self) -> str:
        breakdown = "" if self.dimension == TOTAL else f", {self.dimension} = {self.category}"
        file = f" (file {self.file})" if self.file else ""
        return f"{self.measure} at {self.region}{breakdown}{file}"


@dataclass(frozen=True)
class Pair:
    reconciliation_id: str
    title: str
    why: str
    left: Side
    right: Side
    tolerance: float


def load_pairs(sources: list[Source]) -> list[Pair]:
    """The pairs declared in the sources' folders whose measures and files are all registered
    (a pair waits for its sources; tests/unit/test_reconcile_pairs.py checks every declared pair
    is active)."""
    measures = {m.measure_id for s in sources for m in s.measures}
    files = {f.file_id for s in sources for f in s.files}
    pairs = []
    for doc in declared(sources):
        pair = Pair(
            reconciliation_id=doc["id"],
            title=doc["title"],
            why=" ".join(doc["why"].split()),
            left=Side(**doc["left"]),
            right=Side(**doc["right"]),
            tolerance=float(doc.get("tolerance", 0)),
        )
        sides = (pair.left, pair.right)
        if all(s.measure in measures and (s.file is None or s.file in files) for s in sides):
            pairs.append(pair)
    return pairs


def declared(sources: list[Source]) -> list[dict]:
    """Every pair the sources' folders declare, active or waiting; a pair in one source's folder
    checks that source's figure (its left side names one of its measures)."""
    docs = []
    for source in sources:
        path = source.folder / PAIRS
        for doc in (yaml.safe_load(path.read_text()) if path.is_file() else None) or []:
            if not str(doc["left"]["measure"]).startswith(f"{source.source_id}."):
                raise RegistryError(
                    f"{path}: pair {doc['id']!r} checks {doc['left']['measure']}, not a measure "
                    f"of {source.source_id}: declare it in the folder of its left side's source"
                )
            docs.append(doc)
    return docs


def reconcile(con: duckdb.DuckDBPyConnection, pairs: list[Pair]) -> None:
    """Fill dim_reconciliation and fact_reconciliation."""
    if not pairs:
        return
    insert(
        con,
        "dim_reconciliation",
        pl.DataFrame(
            [
                {
                    "reconciliation_id": p.reconciliation_id,
                    "title": p.title,
                    "why": p.why,
                    "left_label": p.left.label,
                    "right_label": p.right.label,
                    "left_measure": p.left.measure,
                    "left_region": p.left.region,
                    "right_measure": p.right.measure,
                    "right_region": p.right.region,
                    "tolerance": p.tolerance,
                }
                for p in pairs
            ]
        ),
    )
    rows = []
    for pair in pairs:
        params = {
            f"{name}_{field}": getattr(side, field)
            for name, side in (("left", pair.left), ("right", pair.right))
            for field in ("measure", "region", "dimension", "category", "file")
        }
        for period, left, right in con.execute(_SQL, params).fetchall():
            relative = (right - left) / left if left else None
            agrees = right == left or (relative is not None and abs(relative) <= pair.tolerance)
            rows.append(
                {
                    "reconciliation_id": pair.reconciliation_id,
                    "period": period,
                    "left_value": left,
                    "right_value": right,
                    "difference": right - left,
                    "relative_difference": relative,
                    "agrees": agrees,
                }
            )
    if rows:
        insert(con, "fact_reconciliation", pl.DataFrame(rows))
