"""Build: raw files -> staging tables and observations -> a new warehouse, checked, swapped in.

The new warehouse is written beside the old one and replaces it atomically only after every
integrity check passes; a failed build leaves the previous warehouse untouched.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import duckdb
import polars as pl

from pipelines import context, coverage, guard, regions, series, sniff, warehouse
from pipelines.errors import AggstatsError, CheckError, InputError
from pipelines.fetch import verify
from pipelines.readers import ROW
from pipelines.reconcile import load_pairs, reconcile
from pipelines.registry import Source, SourceFile
from pipelines.tidy import OBSERVATION_SCHEMA, TOTAL

# Reading the files is most of a build (PDFs above all), and files are independent: with many
# files they are read in worker processes. Few files (a test, one source) are read here, since a
# worker takes about a second to start.
POOL_FROM_FILES = 8
MAX_WORKERS = 4


@dataclass(frozen=True)
class BuildReport:
    warehouse: Path
    seconds: float
    facts: int
    staging_rows: dict[str, int]
    removed: tuple[str, ...] = ()  # partial warehouses of builds that died, cleaned up


def build(
    sources: list[Source],
    raw_dir: Path,
    target: Path,
    on_file: Callable[[SourceFile], None] = lambda _: None,
    on_step: Callable[[str], None] = lambda _: None,
) -> BuildReport:
    """Build the warehouse at `target` from the cached raw files of `sources`; `on_file` is
    called as each file is read, `on_step` as the build moves on ("loading", "checks",
    "comparing": with the previous warehouse)."""
    started = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    removed = remove_stale(target)
    building = target.with_name(f".{target.name}.building-{os.getpid()}")
    building.unlink(missing_ok=True)
    try:
        with duckdb.connect(str(building)) as con:
            facts, staging_rows = _load(con, sources, raw_dir, on_file, on_step)
            on_step("checks")
            failures = warehouse.run_checks(con)
            if failures:
                raise CheckError(failures)
            if target.is_file():
                on_step("comparing")  # with the previous warehouse
                coverage.refuse_losses(con, target, sources)
            seconds = time.perf_counter() - started
            warehouse.insert(
                con,
                "meta_build",
                pl.DataFrame(
                    {
                        "built_at": [dt.datetime.now(dt.UTC).replace(tzinfo=None)],
                        "aggstats_version": [_version()],
                        "seconds": [seconds],
                    }
                ),
            )
        os.replace(building, target)
    finally:
        building.unlink(missing_ok=True)
        Path(f"{building}.wal").unlink(missing_ok=True)
    return BuildReport(target, time.perf_counter() - started, facts, staging_rows, removed)


def remove_stale(target: Path) -> tuple[str, ...]:
    """Remove the partial warehouses (and their .wal) of builds whose process is gone: a build
    killed mid-way cannot clean up after itself, and each is up to a warehouse in size. A live
    process's file is its build in progress, and left alone."""
    removed = []
    for partial in sorted(target.parent.glob(f".{target.name}.building-*")):
        pid = partial.name.rsplit("-", 1)[1].removesuffix(".wal")
        if not pid.isdigit() or int(pid) == os.getpid() or _alive(int(pid)):
            continue
        partial.unlink(missing_ok=True)
        removed.append(partial.name)
    return tuple(removed)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _load(con, sources, raw_dir, on_file, on_step) -> tuple[int, dict[str, int]]:
    warehouse.create(con)
    warehouse.insert(con, "dim_level", regions.read_levels(sources))
    warehouse.insert(con, "dim_region", regions.read_regions(sources))
    warehouse.load_registry(con, sources)
    entries, applies = context.read(sources)
    warehouse.insert(con, "dim_context", entries)
    warehouse.insert(con, "dim_context_measure", applies)
    spans = series.read(sources, set(regions.read_regions(sources)["region_code"]))
    labels = regions.read_labels(sources)
    facts, staging_rows = [], {}
    staged_by_table = defaultdict(list)
    for source, file, staged, observations in _read_all(sources, raw_dir):
        staged_by_table[f"stg_{source.source_id}__{file.layout}"].append(staged)
        if "as_of" not in observations.columns:
            observations = observations.with_columns(as_of=pl.lit(file.as_of))
        facts.append(
            regions.resolve(observations, labels[source.source_id], file.file_id).with_columns(
                file_id=pl.lit(file.file_id)
            )
        )
        on_file(file)
    on_step("loading")
    for table, frames in staged_by_table.items():
        staged = pl.concat(frames, how="diagonal_relaxed")
        warehouse.create_staging(con, table, staged)
        staging_rows[table] = staged.height
    all_facts = pl.concat(facts)
    warehouse.load_facts(con, all_facts)
    warehouse.derive(con)
    series.load(con, *spans)
    reconcile(con, load_pairs(sources))
    return all_facts.height, staging_rows


def _read_all(sources: list[Source], raw_dir: Path) -> Iterator[tuple]:
    """(source, file, staged, observations) for every file, in registry order."""
    jobs = [(source, file, verify(raw_dir, file)) for source in sources for file in source.files]
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(jobs) < POOL_FROM_FILES or workers < 2:
        for source, file, path in jobs:
            yield source, file, *_read_and_tidy(source, file, path)
        return
    # spawn, not fork: polars' thread pool does not survive a fork
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        # the slowest files first, so that one big PDF does not start last
        order = sorted(range(len(jobs)), key=lambda i: -jobs[i][2].stat().st_size)
        futures = {i: pool.submit(_read_and_tidy, *jobs[i]) for i in order}
        for i, (source, file, _) in enumerate(jobs):
            yield source, file, *futures[i].result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _read_and_tidy(
    source: Source, file: SourceFile, path: Path
) -> tuple[pl.DataFrame, pl.DataFrame]:
    module = source.module
    sniff.check_file(path)
    staged = module.read(path, file.layout)
    # whatever the reader: a file read as nothing, or tidied into nothing, would erase coverage
    guard.refuse_empty(path, staged)
    sniff.check_text(path, staged)
    guard.refuse_identifying_values(path, staged)
    observations = module.tidy(staged, file)
    if observations.is_empty():
        raise InputError(path, f"gives no observations of the levels {list(file.levels)}")
    check_observations(source, file, observations)
    staged = staged.rename({ROW: "file_row"}).with_columns(file_id=pl.lit(file.file_id))
    return staged, _harmonise_categories(source, observations)


def check_observations(source: Source, file: SourceFile, observations: pl.DataFrame) -> None:
    """The pipeline's output keeps the contract: schema, declared measures, levels, dimensions."""
    where = f"{file.file_id}: pipeline output"
    expected = [OBSERVATION_SCHEMA, {**OBSERVATION_SCHEMA, "as_of": pl.Date}]
    if dict(observations.schema) not in expected:
        raise AggstatsError(f"{where} has schema {dict(observations.schema)}, not {expected[0]}")
    declared = {m.measure_id for m in source.measures}
    for column, allowed in (
        ("measure_id", declared),
        ("region_level", set(file.levels)),
        ("dimension", {TOTAL, *source.dimensions}),
    ):
        extra = set(observations.get_column(column).unique()) - allowed
        if extra:
            raise AggstatsError(f"{where}: undeclared {column} {sorted(extra)}")
    missing = observations.filter(pl.col("value").is_nan() | pl.col("value").is_null())
    if missing.height:  # a reader names the cell; this names the figure, for one that did not
        first = missing.row(0, named=True)
        raise InputError(
            file.name,
            f"pipeline output: {missing.height} missing or NaN value(s), the first "
            f"{first['measure_id']} for {first['region_level']} {first['region_label']!r}, "
            f"{first['grain']} {first['period']}, {first['dimension']}={first['category']}",
        )
    as_of = pl.col("as_of") if "as_of" in observations.columns else pl.lit(file.as_of)
    late = observations.filter(pl.col("period") > as_of)
    if late.height:
        first = late.with_columns(as_of=as_of).row(0, named=True)
        raise InputError(
            file.name,
            f"{first['measure_id']} has a figure for {first['grain']} {first['period']}, which "
            f"begins after its release's data date {first['as_of']}",
        )


def _harmonise_categories(source: Source, observations: pl.DataFrame) -> pl.DataFrame:
    """Apply the declaration's `categories` mapping (published label -> one shared label)."""
    for dimension, mapping in source.categories.items():
        observations = observations.with_columns(
            category=pl.when(pl.col("dimension") == dimension)
            .then(pl.col("category").replace(mapping))
            .otherwise(pl.col("category"))
        )
    return observations


def _version() -> str:
    try:
        return version("aggstats")
    except PackageNotFoundError:
        return "unknown"
