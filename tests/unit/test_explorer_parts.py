"""The explorer's pure parts on small frames written here: URL state, comparisons, top N,
figures, tables and the context file."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from dashboard import context, tables, transforms
from dashboard.figures import chart, overlays
from dashboard.state import View

MEASURE = {
    "measure_id": "demo.arrests",
    "name": "Demo arrests",
    "unit": "arrests",
    "counts": "events",
    "definition": "A test measure.",
    "caveats": [],
    "kind": "flow",
}


def frame(rows: list[tuple]) -> pl.DataFrame:
    """(region, fiscal year, category, value, months) -> a level_series-shaped frame."""
    records = []
    for region, year, category, value, months in rows:
        period = dt.date(year - 1, 10, 1)
        days = (
            365 if months == 12 else sum([31, 30, 31, 31, 28, 31, 30, 31, 30, 31, 31, 30][:months])
        )
        records.append(
            {
                "region_code": f"x:{region}",
                "region": region,
                "period": period,
                "grain": "fiscal_year",
                "category": category,
                "value": float(value),
                "months": months,
                "days": days,
                "as_of": dt.date(2026, 1, 1),
                "file_ids": [f"demo/{year}.csv"],
                "unit": "arrests",
                "complete": months == 12,
                "data_date": None,
                "final": None,
            }
        )
    return pl.DataFrame(records)


TOTALS = frame(
    [("A", 2023, "total", 365, 12), ("A", 2024, "total", 730, 12), ("A", 2025, "total", 123, 4),
     ("B", 2023, "total", 100, 12), ("B", 2024, "total", 300, 12), ("B", 2025, "total", 50, 4)]
)  # fmt: skip


def compared(how: str, data: pl.DataFrame = TOTALS) -> dict:
    shaped = transforms.shape(data, breakdown=False, style="stack")
    out = transforms.compare(shaped, how)
    return {(s, p.year + 1): v for s, p, v in out.select("series", "period", "shown").iter_rows()}


def test_view_round_trips_through_the_url_and_refuses_garbage():
    view = View(level="state", regions=("state:TX", "state:AZ"), compare="per_day", top=8)
    assert View.from_search(view.to_search()) == view
    odd = View.from_search("?grain=weekly&compare=nonsense&top=7&tab=nope&context=policy,x")
    assert (odd.grain, odd.compare, odd.top, odd.tab, odd.context) == (
        "fiscal_year", "absolute", 5, "chart", ("policy",)
    )  # fmt: skip


def test_per_day_divides_by_the_days_covered_so_partial_years_compare():
    per_day = compared("per_day")
    assert per_day[("A", 2023)] == 1.0
    assert per_day[("A", 2025)] == 1.0  # 123 arrests over October to January's 123 days


def test_change_skips_partial_periods_and_index_starts_at_100():
    change = compared("change")
    assert change[("A", 2023)] is None and change[("A", 2024)] == 100.0
    assert change[("A", 2025)] is None  # a partial year is never set against a full one
    index = compared("index")
    assert index[("B", 2023)] == 100.0 and index[("B", 2024)] == 300.0


def test_share_is_of_the_period_total():
    share = compared("share")
    assert share[("A", 2024)] == pytest.approx(70.873786, rel=1e-6)
    assert share[("A", 2024)] + share[("B", 2024)] == pytest.approx(100)


def test_top_n_keeps_the_largest_and_sums_the_rest_with_the_publishers_other():
    data = frame(
        [("A", 2024, "X", 50, 12), ("A", 2024, "Y", 30, 12), ("A", 2024, "Z", 5, 12),
         ("A", 2024, "OTHER", 10, 12), ("A", 2024, "W", 1, 12)]
    )  # fmt: skip
    # as a view draws them: the rest named Other, then summed by shape
    top = transforms.shape(transforms.top_categories(data, 2), breakdown=True, style="multiples")
    assert dict(top.select("category", "value").iter_rows()) == {"X": 50, "Y": 30, "Other": 16}
    assert top["file_ids"][0].to_list() == ["demo/2024.csv"]


def test_rank_orders_series_over_the_range():
    shaped = transforms.compare(transforms.shape(TOTALS, breakdown=False, style=""), "absolute")
    ranked = transforms.rank(shaped, "per_day")
    assert ranked["series"].to_list() == ["A", "B"]
    assert ranked["shown"][0] == pytest.approx(1218 / (365 + 365 + 123))
    assert ranked["complete"].to_list() == [False, False]


def test_a_stock_over_a_range_is_its_last_period_never_a_sum():
    shaped = transforms.compare(transforms.shape(TOTALS, breakdown=False, style=""), "absolute")
    ranked = transforms.rank(shaped, "absolute", kind="stock")
    assert ranked.select("series", "shown").rows() == [("A", 123.0), ("B", 50.0)]
    assert ranked["complete"].to_list() == [False, False]  # the last period is partial
    flows = transforms.rank(shaped, "absolute")
    assert flows.select("series", "shown").rows() == [("A", 1218.0), ("B", 450.0)]
    header, rows, footer = tables.wide(shaped, "absolute", kind="stock")
    assert header[-1] == "Total" and rows[0][-1] == 465.0  # regions add up in a period
    assert footer == []  # periods do not
    _, ratio_rows, _ = tables.wide(shaped, "absolute", kind="ratio")
    assert len(ratio_rows[0]) == 3  # no total column for rates


POPULATION = pl.DataFrame(
    {
        "region_code": ["x:A", "x:A", "x:B", "x:B"],
        "year": [2023, 2024, 2023, 2024],
        "population": [1_000_000.0, 2_000_000.0, 500_000.0, 500_000.0],
        "population_release": ["Vintage 2024"] * 4,
    }
)


def test_per_capita_divides_by_the_population_of_the_year_a_fiscal_year_ends_in():
    shaped = transforms.shape(TOTALS, breakdown=False, style="")
    out = transforms.compare(
        transforms.with_population(shaped, POPULATION, ["x:A", "x:B"]), "per_capita"
    )
    shown = {(s, p.year + 1): v for s, p, v in out.select("series", "period", "shown").rows()}
    assert shown[("A", 2023)] == pytest.approx(365 / 1_000_000 * 100_000)
    assert shown[("A", 2024)] == pytest.approx(730 / 2_000_000 * 100_000)
    # no estimate for 2025 yet: the newest (2024) is carried forward, and said so
    assert shown[("A", 2025)] == pytest.approx(123 / 2_000_000 * 100_000)
    notes = dict(out.select("population_for", "population_note").unique().rows())
    assert notes == {2023: None, 2024: None, 2025: "2024 estimate carried forward to 2025"}
    assert transforms.population_gaps(out) == [
        "2024 estimate used for 2025: the newest Census estimate."
    ]
    ranked = transforms.rank(out.drop("shown").with_columns(shown=pl.col("value")), "per_capita")
    # a flow over a range: the sum over the average population of the periods' estimates
    assert ranked.filter(series="B")["shown"][0] == pytest.approx(450 / 500_000 * 100_000)
    assert transforms.population_gaps(ranked) == transforms.population_gaps(out)


def test_per_capita_is_never_carried_back_nor_far_forward_and_says_where_it_has_no_rate():
    shaped = transforms.shape(TOTALS, breakdown=False, style="")
    late = POPULATION.with_columns(year=pl.col("year") - 5)  # estimates for 2018 and 2019 only
    out = transforms.with_population(shaped, late, ["x:A", "x:B"])
    assert out["population"].null_count() == out.height  # 2023-2025: over CARRY_YEARS past 2019
    early = POPULATION.with_columns(year=pl.col("year") + 1)  # 2024 and 2025 only
    out = transforms.compare(transforms.with_population(shaped, early, ["x:A"]), "per_capita")
    assert out.filter(population_for=2023)["shown"].to_list() == [None, None]
    assert transforms.population_gaps(out) == ["No population estimate for A, B in 2023: no rate."]
    assert out.filter(population_for=2023)["population_note"][0] == (
        "no Census estimate for 2023: no rate"
    )


def test_per_capita_of_regions_summed_together_needs_every_regions_population():
    stacked = transforms.shape(
        TOTALS.with_columns(category=pl.lit("c")), breakdown=True, style="stack"
    )
    out = transforms.with_population(stacked, POPULATION, ["x:A", "x:B"])
    assert out.filter(population_year=2023)["population"][0] == 1_500_000
    only_a = POPULATION.filter(region_code="x:A")
    assert (
        transforms.with_population(stacked, only_a, ["x:A", "x:B"])["population"].null_count() == 3
    )


def test_trend_figure_marks_partial_periods_events_and_policy_bands():
    shaped = transforms.compare(transforms.shape(TOTALS, breakdown=False, style=""), "absolute")
    entries = {
        "bands": [{"id": "b", "label": "Band", "start": dt.date(2023, 1, 1),
                   "end": dt.date(2030, 1, 1)}],
        "markers": [{"id": "m", "label": "Old", "date": dt.date(2001, 1, 1)}],
        "targets": [],
    }  # fmt: skip
    figure = chart.trend_figure(shaped, MEASURE, view=View(), entries=entries)
    a = figure["data"][0]
    # the solid line stops before the partial FY2025 (a break), whose open marker it keeps
    assert a["name"] == "A" and a["y"] == [365.0, 730.0, None, 123.0]
    assert a["marker"]["symbol"] == ["circle", "circle", "circle", "circle-open"]
    assert "Arrests are events" in figure["layout"]["title"]["text"]
    assert "FY2025" in figure["layout"]["title"]["text"]
    (band,) = figure["layout"]["shapes"]  # the 2001 marker is outside the data: not drawn
    assert (band["x0"], band["x1"]) == ("2023-01-01", "2025-01-31")  # clipped to the data
    assert figure["layout"]["xaxis"]["ticktext"] == ["FY2023", "FY2024", "FY2025"]
    # FY2025 has 4 months (123 days, to Jan 2025): drawn at their middle, inside the axis
    assert a["x"][-1] == "2024-12-01"  # 1 Oct + 61 days
    end = figure["layout"]["xaxis"]["range"][1]
    assert "2025-01-31" < end < "2025-02-28"
    (edge,) = [n for n in figure["layout"]["annotations"] if n.get("name") == "partial-edge"]
    assert edge["text"] == "partial: FY2025 to Jan 2025, 4 of 12 months"
    assert (edge["x"], edge["y"]) == ("2024-12-01", 123.0)


GOAL = {
    "id": "t",
    "label": "Goal",
    "per_day": 3000,
    "since": dt.date(2025, 5, 28),
    "source_short": "White House",
    "dimension": "arresting_agency",
    "category": "ICE",
}


def test_a_target_fits_per_day_national_views_of_what_it_counts_and_says_why_not():
    view = View(measure="m", level="nation", grain="month", breakdown="arresting_agency",
                style="multiples", compare="per_day", chart="trend")  # fmt: skip
    assert context.target_fit(GOAL, view) == ""
    assert "Per day" in context.target_fit(GOAL, view.replace(compare="absolute"))
    assert "Small multiples" in context.target_fit(GOAL, view.replace(style="stack"))
    assert "ICE alone" in context.target_fit(GOAL, view.replace(breakdown=""))
    assert "national goal" in context.target_fit(GOAL, view.replace(level="ice_aor"))
    total = dict(GOAL, dimension="total", category="total")
    assert context.target_fit(total, view.replace(breakdown="")) == ""
    assert "Breakdown › none" in context.target_fit(total, view)


def test_a_target_is_drawn_on_the_panel_of_the_category_it_counts_with_its_source():
    span = (dt.date(2018, 10, 1), dt.date(2026, 5, 13))
    (line,), outside = overlays.target_lines([GOAL], {"CBP": "x", "ICE": "x2"}, span)
    assert line["y0"] == line["y1"] == 3000 and line["yref"] == "y2" and outside == []
    # named in the legend, not on the plot (where the policy labels run along the top)
    assert line["showlegend"] and line["legendgroup"] == "t"
    assert line["name"] == "Goal, from 28 May 2025; source: White<br>House"
    assert overlays.target_lines([GOAL], {"": "x"}, span) == ([], [])


def test_a_target_is_drawn_only_over_the_days_it_applies():
    span = (dt.date(2013, 10, 1), dt.date(2026, 6, 5))
    (line,), _ = overlays.target_lines([GOAL], {"ICE": "x"}, span)
    # from the day it was stated to the axis's end: not across the decade before it
    assert (line["xref"], line["x0"], line["x1"]) == ("x", "2025-05-28", "2026-06-05")
    ended = dict(GOAL, until=dt.date(2025, 12, 31))
    (line,), _ = overlays.target_lines([ended], {"ICE": "x"}, span)
    assert (line["x0"], line["x1"]) == ("2025-05-28", "2025-12-31")
    assert "from 28 May 2025 to 31 Dec 2025" in line["name"]
    before = (dt.date(2013, 10, 1), dt.date(2024, 9, 30))
    assert overlays.target_lines([GOAL], {"ICE": "x"}, before) == (
        [],
        ["Goal not drawn: it applies from 28 May 2025, outside the periods shown."],
    )


def test_table_has_a_totals_row_and_column_and_sorts():
    shaped = transforms.compare(transforms.shape(TOTALS, breakdown=False, style=""), "absolute")
    header, rows, footer = tables.wide(shaped, "absolute", "-A")
    assert header == ["Period", "A", "B", "Total"]
    assert rows[0] == ["FY2024", 730.0, 300.0, 1030.0]
    assert rows[-1][0] == "FY2025 (partial)"
    assert footer == ["Total", 1218.0, 450.0, 1668.0]
    _, _, none = tables.wide(transforms.compare(shaped, "index"), "index")
    assert none == []  # indexes have no total


def test_context_labels_run_away_from_the_right_edge_so_none_is_cut_off():
    span = (dt.date(2020, 1, 1), dt.date(2026, 1, 1))
    entries = {
        "bands": [{"id": "b", "label": "Band", "start": dt.date(2020, 3, 1),
                   "end": dt.date(2021, 1, 1)}],
        "markers": [{"id": "early", "label": "Early", "date": dt.date(2021, 1, 20)},
                    {"id": "late", "label": "Late", "date": dt.date(2025, 1, 20)}],
    }  # fmt: skip
    shapes, labels = overlays.time_context(entries, span, ["x"], show_policy=True)
    assert [(n["text"], n["xanchor"]) for n in labels] == [
        ("Band", "left"),  # in the first half: runs rightwards from its date
        ("Early", "left"),
        ("Late", "right"),  # in the second half: ends at its date
    ]
    assert [s["name"] for s in shapes] == ["b", "early", "late"]
