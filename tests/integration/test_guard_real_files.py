"""The guard's accepted side: every real published file read through its reader, and the
evidence the guard weighed on each (the share of counts at most 1, the largest count)."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
import pytest

from pipelines import guard
from pipelines.fetch import fetch_all
from pipelines.registry import load_registry

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def weighed(tmp_path_factory, mirror) -> dict[tuple[str, str | None], tuple[int, float, float]]:
    """(file, sheet) -> (rows, share of counts at most 1, largest count), for every table the
    guard was asked about while every registered file was read."""
    raw = tmp_path_factory.mktemp("guard") / "raw"
    sources = load_registry()
    fetched = {f.file_id: f.path for f in fetch_all(sources, raw, mirror)}
    seen: dict = {}
    real = guard.refuse_event_log

    def spy(file, frame, count_column, **where):
        real(file, frame, count_column, **where)  # raises if refused
        counts = frame.get_column(count_column)
        if counts.dtype == pl.String:
            counts = counts.str.replace_all(r"[,\s]", "")
        counts = counts.cast(pl.Float64, strict=False).drop_nulls()
        share = counts.le(1).sum() / counts.len()
        seen[Path(file).name, where.get("sheet")] = (frame.height, share, counts.max())

    patched = [m for m in list(sys.modules.values()) if getattr(m, "refuse_event_log", 0) is real]
    with pytest.MonkeyPatch.context() as patch:
        for module in patched:
            patch.setattr(module, "refuse_event_log", spy)
        for source in sources:
            for file in source.files:
                source.module.read(fetched[file.file_id], file.layout)
    return seen


def test_every_real_table_is_accepted_far_from_the_event_log_shape(weighed):
    assert len(weighed) >= 45
    for (file, sheet), (_rows, share, top) in weighed.items():
        assert share < guard.NEARLY_ALL and share < guard.EVENT_SHARE, (file, sheet, share)
        assert top > 150 > guard.EVENT_COUNT_MAX, (file, sheet, top)
    assert max(share for _, share, _ in weighed.values()) == pytest.approx(0.3752, abs=1e-4)


@pytest.mark.parametrize(
    ("file", "sheet", "rows", "share", "top"),
    [
        # citizenship x sector x month: one count in seven is 1
        ("nationwide-encounters-fy20-fy24-aor.csv", None, 68_815, 0.156, 25_457),
        ("nationwide-encounters-fy20-fy24-state.csv", None, 54_939, 0.167, 36_802),
        ("sbo-encounters-fy22-fy25-aug.csv", None, 1_936, 0.034, 97_661),
        ("KHSM Encounters (USBP) fy25m11.xlsx", "Monthly Rgn and Citp", 14_889, 0.0, 206_850),
        ("book-outs-by-reason.parquet", None, 37_500, 0.363, 38_736),
        ("removals.parquet", None, 134, 0.0, 319_980),
        ("pctimmigchart.csv", None, 1_598, 0.033, 6_037),
    ],
)
def test_the_guard_s_evidence_on_real_files(weighed, file, sheet, rows, share, top):
    assert weighed[file, sheet][0] == rows
    assert weighed[file, sheet][1] == pytest.approx(share, abs=5e-4)
    assert weighed[file, sheet][2] == top
