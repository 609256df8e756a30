"""Explorer benchmark (a report, not a test): server-side callback times over realistic views,
and browser time from navigation to the first chart drawn (benchmarks/first_chart.py: the
explorer on a first and a return visit, beside a one-graph Dash page and plotly.js alone).

    make bench            # or: .venv/bin/python benchmarks/dashboard.py [--rounds 20]

Reads the warehouse in AGGSTATS_WAREHOUSE (default data/aggstats.duckdb; `make bench` builds it).
Goal on a 2-core machine: view callback p95 <= 30 ms cold and <= 10 ms warm, first chart <= 1.0 s.
Beside it, a naive baseline for the default view: what a dashboard without a warehouse would do
per callback, pandas re-reading CBP's published CSV from the raw cache, filtering and grouping.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aggstats.settings import settings  # noqa: E402
from benchmarks import first_chart  # noqa: E402
from dashboard.callbacks.controls import choices  # noqa: E402
from dashboard.callbacks.downloads import data_zip  # noqa: E402
from dashboard.callbacks.routing import page_for  # noqa: E402
from dashboard.callbacks.view import compute, render  # noqa: E402
from dashboard.state import View  # noqa: E402
from dashboard.store import Store  # noqa: E402

SW = ("land_border_region:SW",)
SECTORS = ("usbp_sector:RGV", "usbp_sector:TCA", "usbp_sector:SDC", "usbp_sector:DRT")
STATES = ("state:TX", "state:AZ", "state:CA", "state:NY", "state:FL")
VIEWS = [
    View(),  # the default: Southwest border encounters by fiscal year
    View(compare="per_day"),
    View(grain="month", compare="per_day"),
    View(grain="calendar_year", compare="change"),
    View(breakdown="citizenship", top=5),
    View(breakdown="demographic", style="multiples"),
    View(breakdown="title_of_authority", compare="share"),
    View(level="usbp_sector", regions=SECTORS),
    View(level="usbp_sector", regions=SECTORS, grain="month", compare="index"),
    View(level="usbp_sector", regions=(), chart="rank"),
    View(level="usbp_sector", regions=SECTORS, tab="map"),
    View(level="ofo_field_office", regions=(), tab="map", compare="per_day"),
    View(level="state", regions=STATES, grain="month"),
    View(level="state", regions=STATES, tab="map"),
    View(level="state", regions=STATES, breakdown="citizenship", style="multiples", top=8),
    View(level="state", regions=STATES, tab="table", sort="-Total"),
    View(level="nation", regions=("nation:US",), breakdown="citizenship", grain="month", top=10),
    View(level="nation", regions=("nation:US",), tab="sources"),
    View(level="land_border_region", regions=(), chart="rank", compare="per_day"),
    View(tab="table", compare="per_day"),
    View(level="state", regions=STATES, tab="map", compare="per_capita"),
    View(measure="ice_detention.facility_adp", level="ice_aor", regions=(), tab="map"),
    View(measure="ohss_yearbook.apprehensions", level="nation", regions=()),
    View(
        measure="eoir_statistics_yearbook.matters_received",
        level="immigration_court",
        regions=(),
        chart="rank",
    ),
    View(measure="ohss_monthly_tables.usbp_encounters", level="nation", regions=(), tab="sources"),
    View(measure="series:border_patrol_apprehensions", level="nation", regions=()),
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - start) * 1000


def timed_both(fn, *args) -> tuple[float, float]:
    """Wall and process CPU milliseconds of a call (CPU time, all of DuckDB's threads included,
    does not count the time other processes on a shared machine hold the cores)."""
    start, cpu = time.perf_counter(), time.process_time()
    fn(*args)
    return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000


def warm_catalog(store: Store) -> None:
    """Read everything the catalog holds, as a server does over its first requests."""
    store.catalog.read_all()
    for level in store.catalog.levels:
        store.population(level)


def server_side(
    store: Store, rounds: int, cold_rounds: int = 3
) -> dict[str, dict[str, list[float]]]:
    """Milliseconds per call, per callback: `cold` (caches emptied before each view) and `warm`
    (the same view again: the view callback answers it from the rendered views it keeps)."""
    calls = {
        "view (render)": lambda v: render(store, v),
        # the same, never answered from the store's rendered views: what a new view costs
        "view (recomputed)": lambda v: compute(store, v),
        "controls (choices)": lambda v: choices(
            store,
            v.measure,
            v.level,
            v.grain,
            list(v.regions),
            v.breakdown,
            v.start,
            v.end,
            v.compare,
            v.as_of,
        ),
        "page (router)": lambda v: page_for(store, "/assets/topojson/", "/", v.to_search()),
        "download (CSV zip)": lambda v: data_zip(
            store, v, lambda x: "http://bench/" + x.to_search()
        ),
    }
    kinds = ("cold", "warm", "cold cpu", "warm cpu")
    out: dict[str, dict[str, list[float]]] = {name: {k: [] for k in kinds} for name in calls}
    for name, call in calls.items():
        for view in VIEWS:
            for _ in range(cold_rounds):  # each after emptying the caches (not the catalog)
                store.clear_cache(catalog=False)
                wall, cpu = timed_both(call, view)
                out[name]["cold"].append(wall)
                out[name]["cold cpu"].append(cpu)
            for _ in range(rounds):
                wall, cpu = timed_both(call, view)
                out[name]["warm"].append(wall)
                out[name]["warm cpu"].append(cpu)
    return out


NAIVE_CSV = "cbp_encounters/nationwide-encounters-fy20-fy24-aor.csv"


def naive_default_view(raw_dir: Path) -> dict[int, int]:
    """The default view (Southwest border encounters by fiscal year) as a naive dashboard computes
    it on each callback: read CBP's published CSV (8.7 MB), filter, group."""
    import pandas as pd

    frame = pd.read_csv(raw_dir / NAIVE_CSV)
    southwest = frame[frame["Land Border Region"] == "Southwest Land Border"]
    return southwest.groupby("Fiscal Year")["Encounter Count"].sum().to_dict()


def naive_baseline(store: Store, raw_dir: Path, rounds: int) -> None:
    """The naive callback's time against the view callback's, for the same view."""
    naive = [timed(naive_default_view, raw_dir) for _ in range(rounds)]
    figures = naive_default_view(raw_dir)
    cold, warm = [], []
    for _ in range(rounds):
        store.clear_cache(catalog=False)
        cold.append(timed(render, store, View()))
        warm.append(timed(render, store, View()))
    trace = render(store, View())["chart"]["data"][0]
    ours = dict(zip(trace["x"], trace["y"], strict=True))
    fy2022 = next(v for x, v in ours.items() if x.startswith("2022-04"))  # FY2022's midpoint
    print(
        f"\nnaive baseline, the default view ({rounds} runs): pandas re-reading {NAIVE_CSV} "
        f"per callback, median {statistics.median(naive):.0f} ms; the view callback "
        f"{statistics.median(cold):.1f} ms cold, {statistics.median(warm):.1f} ms warm: "
        f"{statistics.median(naive) / statistics.median(cold):.0f}x and "
        f"{statistics.median(naive) / statistics.median(warm):.0f}x faster"
    )
    print(f"  (same figures: FY2022 {figures[2022]:,} naive, {fy2022:,.0f} from the warehouse)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="warm calls per view")
    parser.add_argument("--cold-rounds", type=int, default=3, help="cold calls per view")
    parser.add_argument("--loads", type=int, default=7, help="browser loads of each page")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-baseline", action="store_true", help="skip the naive baseline")
    args = parser.parse_args()
    warehouse = settings().warehouse
    if not warehouse.is_file():
        sys.exit(f"no warehouse at {warehouse}: run `aggstats fetch && aggstats build` first")
    store = Store(warehouse)
    start = time.perf_counter()
    warm_catalog(store)
    print(f"warehouse {warehouse}; catalog read in {(time.perf_counter() - start) * 1000:.0f} ms")
    print("(once per process: measures, levels, regions, breakdowns, sources, cross-checks,")
    print(" context, flagged figures, series across sources, populations, every measure's")
    print(" releases and periods; then cold = no series cached)")
    print(f"{len(VIEWS)} views; cold = {args.cold_rounds} calls of each, every one after emptying")
    print(f"the caches; warm = {args.rounds} repeats of each (the view callback keeps")
    print(" what it rendered; `recomputed` renders each view again from the cached series)\n")
    results = server_side(store, args.rounds, args.cold_rounds)
    for clock, suffix in (("wall", ""), ("process CPU (not counting other processes)", " cpu")):
        print(f"{clock}:")
        print(f"{'callback':22} {'cold p50':>9} {'cold p95':>9} {'warm p50':>9} {'warm p95':>9}")
        for name, runs in results.items():
            cold, warm = runs["cold" + suffix], runs["warm" + suffix]
            print(
                f"{name:22} {statistics.median(cold):8.1f}  {percentile(cold, 0.95):8.1f}  "
                f"{statistics.median(warm):8.1f}  {percentile(warm, 0.95):8.1f}   ms"
            )
    if not args.no_baseline:
        naive_baseline(store, settings().raw_dir, args.rounds)
    if not args.no_browser:
        first_chart.report(first_chart.first_charts(warehouse, args.loads))


if __name__ == "__main__":
    main()
