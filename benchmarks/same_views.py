"""Do the explorer's views still show the same? A check for work on speed (a report, not a test):
every view of benchmarks/dashboard.py is rendered by the work tree and by a git revision, on the
same warehouse, and each output (figures, notes, tables, citations) is compared as JSON.

    .venv/bin/python benchmarks/same_views.py REVISION     # e.g. HEAD~3 or a commit id

Both read the work tree's warehouse (AGGSTATS_WAREHOUSE, default data/aggstats.duckdb). Exits 1
when any output differs, naming the view and the output with the first difference.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TREES = ("aggstats", "pipelines", "dashboard", "benchmarks")


def dump(out: Path) -> None:
    """Every benchmark view's outputs as JSON, by view number and output id (run in a tree)."""
    import importlib.util

    here = Path(__file__).resolve()
    sys.path.insert(0, str(here.parents[1]))
    spec = importlib.util.spec_from_file_location("bench", here.with_name("dashboard.py"))
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)  # benchmarks/dashboard.py: its VIEWS
    spec.loader.exec_module(bench)
    from aggstats.settings import settings
    from dashboard.callbacks import view
    from dashboard.store import Store

    store = Store(settings().warehouse)
    compute = getattr(view, "compute", view.render)  # older trees rendered without keeping
    outputs = {}
    for number, shown in enumerate(bench.VIEWS):
        rendered = compute(store, shown)
        outputs[number] = {
            key: json.dumps(
                value.to_plotly_json() if hasattr(value, "to_plotly_json") else value,
                default=str,
                sort_keys=True,
            )
            for key, value in rendered.items()
        }
    out.write_bytes(pickle.dumps(outputs))


def warehouse() -> Path:
    sys.path.insert(0, str(ROOT))
    from aggstats.settings import settings

    return settings().warehouse


def rendered_by(tree: Path, out: Path) -> dict:
    script = tree / "benchmarks" / "same_views.py"
    if not script.is_file():  # a revision before this script: run this one inside its tree
        script.write_text(Path(__file__).read_text())
    env = {**os.environ, "AGGSTATS_WAREHOUSE": str(warehouse())}  # both trees read one file
    subprocess.run([sys.executable, str(script), "--dump", str(out)], check=True, cwd=tree, env=env)
    return pickle.loads(out.read_bytes())


def first_difference(old: str, new: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), None)
    at = min(len(old), len(new)) if at is None else at
    return f"…{old[max(0, at - 60) : at + 60]}…\n    now …{new[max(0, at - 60) : at + 60]}…"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision", nargs="?", help="git revision to compare the work tree with")
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.dump:
        dump(args.dump)
        return 0
    if not args.revision:
        parser.error("name a git revision")
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "tree"
        tree.mkdir()
        archive = subprocess.run(
            ["git", "archive", args.revision, *TREES], cwd=ROOT, check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        old = rendered_by(tree, Path(folder) / "old.pickle")
        new = rendered_by(ROOT, Path(folder) / "new.pickle")
    differing = [
        (number, key)
        for number, outputs in old.items()
        for key in outputs
        if outputs[key] != new[number][key]
    ]
    total = sum(len(outputs) for outputs in old.values())
    print(f"{len(old)} views, {total} outputs: {len(differing)} differ from {args.revision}")
    for number, key in differing[:10]:
        print(f"  view {number}, {key}: {first_difference(old[number][key], new[number][key])}")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
