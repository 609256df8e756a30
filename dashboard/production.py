"""The explorer behind gunicorn, started from Python: `aggstats serve` finds `serve` here by its
entry point (pyproject's "aggstats.explorer" group)."""

from __future__ import annotations

import threading
from pathlib import Path

from gunicorn.app.base import BaseApplication

from dashboard.app import create_app, warm


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
            "post_worker_init": self.warm_worker,
        }
        self.app = None
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        self.app = create_app(self.warehouse)
        return self.app.server

    def warm_worker(self, worker) -> None:
        """Each worker reads the catalog and builds the default page as it starts, beside the
        requests it already serves, so that the first visitor does not wait for it."""
        threading.Thread(target=warm, args=(self.app,), daemon=True).start()


def serve(warehouse: Path, host: str, port: int, debug: bool = False) -> None:
    """Serve the explorer on a built warehouse: gunicorn, or Dash's debug server and reloader."""
    if debug:
        create_app(warehouse, debug=True).run(host=host, port=port, debug=True)
        return
    Production(warehouse, f"{host}:{port}").run()
