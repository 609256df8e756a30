"""No release erases coverage silently: a new build is compared with the previous warehouse.

For every measure still declared, per region level: a level that loses periods (no figure left
for a month or year it had), or whose cells (region x period x breakdown) shrink by more than
the source's `shrink_tolerance`, refuses the build, naming the files the figures came from,
what is lost and by how much. A source that means it declares the loss in its source.yaml:

    withdrawn:            # coverage a release deliberately took away
      - file: nationwide-encounters-fy20-fy24-aor.csv   # the release the figures came from
        measure: cbp_encounters.encounters              # optional: every measure of the file
        level: ofo_field_office                         # optional: every level
        why: CBP no longer publishes field offices in this file (its notice of ...)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from pipelines.errors import AggstatsError, CoverageError, RegistryError

SQL = Path(__file__).parent / "warehouse" / "coverage.sql"
# A corrected release may merge or rename a few categories; a smaller loss than this share of
# a level's cells passes unless the source declares its own tolerance. Lost periods never do.
SHRINK_TOLERANCE = 0.01


@dataclass(frozen=True)
class Withdrawal:
    file: str
    why: str
    measure: str | None = None
    level: str | None = None

    def covers(self, measure_id: str, level: str, files: list[str]) -> bool:
        return (
            self.file in files
            and self.measure in (None, measure_id)
            and self.level in (None, level)
        )


def read_withdrawals(doc: dict[str, Any], where: str) -> tuple[Withdrawal, ...]:
    """The `withdrawn` entries of a source.yaml (see the module)."""
    entries = doc.get("withdrawn") or []
    withdrawals = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("file") or not entry.get("why"):
            raise RegistryError(f"{where}: a withdrawn entry needs file and why, not {entry!r}")
        unknown = set(entry) - {"file", "why", "measure", "level"}
        if unknown:
            raise RegistryError(f"{where}: withdrawn entry has unknown keys {sorted(unknown)}")
        withdrawals.append(Withdrawal(**entry))
    return tuple(withdrawals)


def read_tolerance(doc: dict[str, Any], where: str) -> float:
    tolerance = doc.get("shrink_tolerance", SHRINK_TOLERANCE)
    if not isinstance(tolerance, int | float) or not 0 <= tolerance < 1:
        raise RegistryError(
            f"{where}: shrink_tolerance must be a share in [0, 1), not {tolerance!r}"
        )
    return float(tolerance)


def refuse_losses(con: duckdb.DuckDBPyConnection, previous: Path, sources: list) -> None:
    """Raise CoverageError if the warehouse being built (`con`) covers less than `previous`."""
    by_id = {s.source_id: s for s in sources}
    quoted = str(previous).replace("'", "''")
    try:
        con.execute(f"ATTACH '{quoted}' AS previous (READ_ONLY)")
        try:
            rows = con.execute(SQL.read_text()).fetchall()
        finally:
            con.execute("DETACH previous")
    except duckdb.Error as exc:  # unreadable: comparing is impossible, so building is refused
        raise AggstatsError(
            f"cannot compare the new build with the previous warehouse {previous} "
            f"({str(exc).splitlines()[0]}); to build from nothing, move that file away first"
        ) from exc
    losses = []
    for source_id, measure, level, files, periods, lost, first, last, cells, now in rows:
        source = by_id[source_id]
        if any(w.covers(measure, level, files) for w in source.withdrawn):
            continue
        shrink = (cells - now) / cells
        if not lost and shrink <= source.shrink_tolerance:
            continue
        tolerance = f"tolerance {source.shrink_tolerance:.0%}"
        what = [f"{cells - now:,} of {cells:,} cells ({shrink:.1%}; {tolerance})"]
        if lost:
            span = f"{first}" if first == last else f"{first} to {last}"
            what.insert(0, f"{lost} of {periods} periods ({span})")
        losses.append(
            f"file {', '.join(map(repr, files))}: {measure} at level {level!r} loses "
            f"{' and '.join(what)}"
        )
    if losses:
        raise CoverageError(losses)
