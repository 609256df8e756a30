"""Region mappings, kept as data: which regions exist, and which publisher labels name them.

Geography several sources share (the nation, land-border regions, Border Patrol sectors, OFO
field offices, states) is in `pipelines/mappings/`. A level only one source uses, its regions
and the labels only that source prints live in the source's folder beside its `source.yaml`
(`levels.csv`, `regions.csv`, `region_labels.csv`, each optional), so that adding a source
touches one folder. A source's labels resolve against the shared files and its own alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from pipelines.errors import AggstatsError, RegistryError
from pipelines.registry import Source

MAPPINGS_DIR = Path(__file__).parent / "mappings"
LEVELS, REGIONS, LABELS = "levels.csv", "regions.csv", "region_labels.csv"


class UnmappedRegionError(AggstatsError):
    """A source names a region that the mapping files do not know."""


def folders(sources: Sequence[Source], shared: Path = MAPPINGS_DIR) -> list[Path]:
    """The shared mappings, then each source's folder."""
    return [shared, *(s.folder for s in sources)]


def read_levels(sources: Sequence[Source], shared: Path = MAPPINGS_DIR) -> pl.DataFrame:
    """dim_level's rows: every level the shared mappings or a source's folder defines."""
    frames = [
        _csv(folder / LEVELS)
        .cast({"sort_order": pl.Int32})
        .with_columns(file=pl.lit(str(folder / LEVELS)))
        for folder in folders(sources, shared)
        if (folder / LEVELS).is_file()
    ]
    levels = pl.concat(frames)
    _refuse_twice(levels, "level", LEVELS)
    undefined = sorted(
        f"{s.source_id}: {level}"
        for s in sources
        for level in s.levels
        if level not in set(levels["level"])
    )
    if undefined:
        raise RegistryError(
            f"levels defined in no {LEVELS} (pipelines/mappings/ or the source's folder): "
            + ", ".join(undefined)
        )
    return levels.drop("file")


def read_regions(sources: Sequence[Source], shared: Path = MAPPINGS_DIR) -> pl.DataFrame:
    """dim_region's rows: code, level, name, parent, states (a list), coordinates, note."""
    frames = [_own_regions(folder) for folder in folders(sources, shared)]
    regions = pl.concat([f for f in frames if f is not None])
    _refuse_twice(regions, "region_code", REGIONS)
    return regions.drop("file")


def read_labels(sources: Sequence[Source], shared: Path = MAPPINGS_DIR) -> dict[str, pl.DataFrame]:
    """Per source, every (level, label) it may use, mapped to a region code: the shared labels
    and its own, then the code and name of every shared region and of its own (a region's code
    and name are labels too, so sources need not repeat them)."""
    shared_labels = _labels(shared)
    shared_regions = _own_regions(shared)
    every = [shared_labels] + [_labels(s.folder) for s in sources]
    _refuse_conflicts(pl.concat(every))
    out = {}
    for source in sources:
        own = [r for r in (shared_regions, _own_regions(source.folder)) if r is not None]
        names = [
            r.select("level", pl.col(c).alias("label"), "region_code")
            for r in own
            for c in ("region_code", "name")
        ]
        out[source.source_id] = pl.concat([shared_labels, _labels(source.folder), *names]).unique(
            ["level", "label"], keep="first", maintain_order=True
        )
    return out


def resolve(observations: pl.DataFrame, labels: pl.DataFrame, file: str) -> pl.DataFrame:
    """Replace (region_level, region_label) with region_code; fail naming every unmapped label."""
    joined = observations.join(
        labels, left_on=["region_level", "region_label"], right_on=["level", "label"], how="left"
    )
    unmapped = (
        joined.filter(pl.col("region_code").is_null())
        .select("region_level", "region_label")
        .unique()
        .sort("region_level", "region_label")
    )
    if unmapped.height:
        names = ", ".join(f"{lvl}: {lbl!r}" for lvl, lbl in unmapped.iter_rows())
        source_id = file.split("/")[0]
        raise UnmappedRegionError(
            f"file {file!r} names regions missing from pipelines/mappings/{LABELS} and "
            f"pipelines/sources/{source_id}/{LABELS}: {names}"
        )
    return joined.drop("region_level", "region_label")


def _csv(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False)


def _own_regions(folder: Path) -> pl.DataFrame | None:
    if not (folder / REGIONS).is_file():
        return None
    frame = _csv(folder / REGIONS)
    return frame.select(
        "region_code",
        "level",
        "name",
        pl.col("parent_code").replace("", None),
        pl.col("states")
        .fill_null("")
        .str.split(";")
        .list.eval(pl.element().filter(pl.element() != "")),
        pl.col("lat").cast(pl.Float64),
        pl.col("lon").cast(pl.Float64),
        pl.col("note").replace("", None),
        file=pl.lit(str(folder / REGIONS)),
    )


def _labels(folder: Path) -> pl.DataFrame:
    if not (folder / LABELS).is_file():
        return pl.DataFrame(
            schema={"level": pl.String, "label": pl.String, "region_code": pl.String}
        )
    return _csv(folder / LABELS).select("level", "label", "region_code")


def _refuse_twice(frame: pl.DataFrame, key: str, name: str) -> None:
    twice = frame.filter(pl.col(key).is_duplicated()).group_by(key).agg("file").sort(key)
    if twice.height:
        where = "; ".join(f"{k} in {', '.join(files)}" for k, files in twice.iter_rows())
        raise RegistryError(f"defined in more than one {name}: {where}")


def _refuse_conflicts(labels: pl.DataFrame) -> None:
    conflicts = (
        labels.unique()
        .filter(pl.struct("level", "label").is_duplicated())
        .sort("level", "label", "region_code")
    )
    if conflicts.height:
        named = ", ".join(f"{lv}: {lb!r} -> {code}" for lv, lb, code in conflicts.iter_rows())
        raise RegistryError(f"a label names two regions in the {LABELS} files: {named}")
