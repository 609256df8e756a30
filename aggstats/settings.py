"""Where aggstats keeps its files, overridable by environment variables.

AGGSTATS_DATA_DIR  folder for the raw cache and the warehouse (default: <project>/data)
AGGSTATS_WAREHOUSE path of the DuckDB warehouse (default: <data dir>/aggstats.duckdb)
AGGSTATS_MIRROR    a local folder laid out <source_id>/<file name> to copy raw files from
AGGSTATS_REGISTRY  the folder of source declarations (default: pipelines/sources)
AGGSTATS_UPDATE_BASE_URL  scheme and host that replace the publishers' in `aggstats update`
                   (a local server that serves their landing pages, in tests)
AGGSTATS_PUBLIC_URL  the explorer's public address, for the links it writes into downloads
                   (default: the address `aggstats serve` listens on; never a request's Host)
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
    registry: Path | None = None  # None: the declarations shipped in pipelines/sources
    update_base: str | None = None
    public_url: str = "http://127.0.0.1:8050"

    @property
    def raw_dir(self) -> Path:
        return self.data_dir / "raw"


def settings(mirror: str | os.PathLike | None = None, update_base: str | None = None) -> Settings:
    """The settings in force: explicit arguments, then environment, then defaults."""
    data_dir = Path(os.environ.get("AGGSTATS_DATA_DIR") or PROJECT_ROOT / "data")
    warehouse = Path(os.environ.get("AGGSTATS_WAREHOUSE") or data_dir / "aggstats.duckdb")
    mirror_dir = mirror or os.environ.get("AGGSTATS_MIRROR") or None
    registry = os.environ.get("AGGSTATS_REGISTRY") or None
    return Settings(
        data_dir=data_dir.resolve(),
        warehouse=warehouse.resolve(),
        mirror=Path(mirror_dir).resolve() if mirror_dir else None,
        registry=Path(registry).resolve() if registry else None,
        update_base=update_base or os.environ.get("AGGSTATS_UPDATE_BASE_URL") or None,
        public_url=(os.environ.get("AGGSTATS_PUBLIC_URL") or Settings.public_url).rstrip("/"),
    )
