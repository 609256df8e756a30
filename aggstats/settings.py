"""Where aggstats keeps its files, overridable by environment variables.

AGGSTATS_DATA_DIR  folder for the raw cache and the warehouse (default: <project>/data)
AGGSTATS_WAREHOUSE path of the DuckDB warehouse (default: <data dir>/aggstats.duckdb)
AGGSTATS_MIRROR    a local folder laid out <source_id>/<file name> to copy raw files from
AGGSTATS_SOURCES   a folder of source declarations (<source_id>/source.yaml) to use instead of
                   pipelines/sources (default: the registered sources)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    warehouse: Path
    mirror: Path | None
    sources_dir: Path | None = None

    @property
    def raw_dir(self) -> Path:
        return self.data_dir / "raw"


def settings(mirror: str | os.PathLike | None = None) -> Settings:
    """The settings in force: explicit arguments, then environment, then defaults."""
    data_dir = Path(os.environ.get("AGGSTATS_DATA_DIR") or PROJECT_ROOT / "data")
    warehouse = Path(os.environ.get("AGGSTATS_WAREHOUSE") or data_dir / "aggstats.duckdb")
    mirror_dir = mirror or os.environ.get("AGGSTATS_MIRROR") or None
    sources_dir = os.environ.get("AGGSTATS_SOURCES") or None
    return Settings(
        data_dir=data_dir.resolve(),
        warehouse=warehouse.resolve(),
        mirror=Path(mirror_dir).resolve() if mirror_dir else None,
        sources_dir=Path(sources_dir).resolve() if sources_dir else None,
    )
