"""How a line runs between its points (dashboard.figures.segments): broken over a month with no
figure in every style, and dotted into a partial period, never solid into a collapse."""

from __future__ import annotations

import datetime as dt

import polars as pl

from dashboard import transforms
from dashboard.figures import chart
from dashboard.state import View

MEASURE = {
    "measure_id": "demo.detained",
    "name": "People detained",
    "unit": "people",
    "counts": "people",
    "definition": "A test measure.",
    "caveats": [],
    "kind": "stock",
}
# "currently detained" as ICE's releases give it: no Oct 2025, Jan 2026 or Mar 2026 figure
MONTHS = [(2025, 9, 59_762), (2025, 11, 65_135), (2025, 12, 68_442), (2026, 2, 68_289),
          (2026, 4, 60_311)]  # fmt: skip
NONE = {"regions": (), "start": "", "end": ""}


def monthly(rows, category="total", partial=()) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "region_code": "nation:US",
                "region": "United States",
                "period": dt.date(y, m, 1),
                "grain": "month",
                "category": category,
                "value": float(v),
                "months": None,
                "days": 9 if (y, m) in partial else 30,
                "as_of": dt.date(2026, 4, 9),
                "file_ids": ["demo.csv"],
                "unit": "people",
                "complete": (y, m) not in partial,
                "data_date": dt.date(y, m, 9) if (y, m) in partial else None,
                "final": None,
            }
            for y, m, v in rows
        ]
    )


def figure(data: pl.DataFrame, view: View) -> dict:
    shaped = transforms.shape(data, breakdown=bool(view.breakdown), style=view.style)
    return chart.trend_figure(
        transforms.compare(shaped, view.compare), MEASURE, view=view, entries={}
    )


def lines(figure: dict) -> list[dict]:
    return [t for t in figure["data"] if t.get("meta") != "partial-segment"]


def runs_of(trace: dict) -> list[list[str]]:
    """The x of each unbroken run of the trace's line."""
    out, run = [], []
    for x, y in zip(trace["x"], trace["y"], strict=True):
        if y is None:
            out, run = out + [run] if run else out, []
        else:
            run.append(x)
    return out + [run] if run else out


def test_a_month_with_no_figure_breaks_the_line_and_the_chart_says_which():
    drawn = figure(monthly(MONTHS), View(grain="month", level="nation"))
    (line,) = lines(drawn)
    assert line["connectgaps"] is False
    assert runs_of(line) == [
        ["2025-09-15"],
        ["2025-11-15", "2025-12-15"],
        ["2026-02-15"],
        ["2026-04-15"],
    ]
    # the breaks sit in the missing months, not on a published figure
    breaks = [x for x, y in zip(line["x"], line["y"], strict=True) if y is None]
    assert breaks == ["2025-10-15", "2026-01-15", "2026-03-15"]
    title = " ".join(drawn["layout"]["title"]["text"].replace("<br>", " ").split())
    assert "No figure for Oct 2025, Jan 2026, Mar 2026: the line is broken there" in title


def test_gaps_break_small_multiples_and_stacked_areas_too():
    two = pl.concat([monthly(MONTHS, "a"), monthly(MONTHS, "b")])
    view = View(grain="month", level="nation", breakdown="kind", style="multiples")
    for line in lines(figure(two, view)):
        assert len(runs_of(line)) == 4
    stacked = figure(two, view.replace(style="stack"))
    areas = [t for t in stacked["data"] if t.get("stackgroup")]
    # each run of months is a stack of its own: a stack never bridges (or zeroes) a gap
    groups = sorted({t["stackgroup"] for t in areas})
    assert groups == ["one", "one from 2025-11-01", "one from 2026-02-01", "one from 2026-04-01"]
    by_group = {g: [t["x"] for t in areas if t["stackgroup"] == g] for g in groups}
    assert by_group["one from 2025-11-01"] == [["2025-11-15", "2025-12-15"]] * 2
    assert [t["showlegend"] for t in areas if t["name"] == "a"] == [True, False, False, False]


def test_the_segment_into_a_partial_period_is_dotted_not_solid():
    rows = [(2026, 1, 36_083), (2026, 2, 28_698), (2026, 3, 29_606), (2026, 4, 3_721)]
    drawn = figure(monthly(rows, partial={(2026, 4)}), View(grain="month", level="nation"))
    line, dotted = drawn["data"]
    assert runs_of(line) == [["2026-01-15", "2026-02-15", "2026-03-15"], ["2026-04-05"]]
    assert line["marker"]["symbol"][-1] == "circle-open"
    assert dotted["meta"] == "partial-segment" and dotted["line"]["dash"] == "dot"
    assert dotted["x"][:2] == ["2026-03-15", "2026-04-05"]
    assert dotted["y"][:2] == [29_606.0, 3_721.0]
    assert dotted["legendgroup"] == line["legendgroup"] and dotted["showlegend"] is False


def test_a_partial_period_between_whole_ones_is_dotted_on_both_sides():
    rows = [(2022, 8, 10), (2022, 9, 4), (2022, 10, 12)]
    drawn = figure(monthly(rows, partial={(2022, 9)}), View(grain="month", level="nation"))
    line, dotted = drawn["data"]
    assert all(len(run) == 1 for run in runs_of(line))  # no solid segment at all
    assert [y for y in dotted["y"] if y is not None] == [10.0, 4.0, 4.0, 12.0]
