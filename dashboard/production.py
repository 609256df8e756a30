"""The explorer behind gunicorn, started from Python: `aggstats serve` finds `serve` here by its
entry point (pyproject's "aggstats.explorer" group)."""

from __future__ import annotations

from pathlib import Path

from gunicorn.app.base import BaseApplication

from dashboard.app import create_app


class Production(BaseApplication):
    """gunicorn serving the explorer on a built warehouse: a few workers, threads in each."""

    def __init__(self, warehouse: Path, bind: str, workers: int = 2, threads: int = 4):
        self.warehouse = Path(warehouse)
        self.options = {
            "bind": bind,
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "accesslog": None,
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return create_app(self.warehouse).server


def serve(warehouse: Path, host: str, port: int, debug: bool = False) -> None:
    """Serve the explorer on a built warehouse: gunicorn, or Dash's debug server and reloader."""
    if debug:
        create_app(warehouse).run(host=host, port=port, debug=True)
        return
    Production(warehouse, f"{host}:{port}").run()
