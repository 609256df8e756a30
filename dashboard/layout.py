"""The page layout. It takes the view's state (from the URL) so that a link restores a view."""

from __future__ import annotations

from dataclasses import dataclass, fields
from urllib.parse import parse_qs, urlencode

import polars as pl
from dash import dcc, html

from dashboard import ids

DEFAULT_MEASURE = "cbp_encounters.encounters"
GRAIN_LABELS = {"fiscal_year": "Fiscal year", "calendar_year": "Calendar year", "month": "Month"}
LEVEL_LABELS = {
    "nation": "Nation",
    "land_border_region": "Land border region",
    "usbp_sector": "Border Patrol sector",
    "ofo_field_office": "OFO field office",
    "ice_aor": "ICE area of responsibility",
    "state": "State or territory",
    "immigration_court": "Immigration court",
}


@dataclass(frozen=True)
class View:
    measure: str = DEFAULT_MEASURE
    level: str = "land_border_region"
    regions: tuple[str, ...] = ("land_border_region:SW",)
    grain: str = "fiscal_year"

    @classmethod
    def from_query(cls, query: dict[str, str]) -> View:
        """The view a URL's query names; what it leaves out keeps its default."""
        values: dict = {f.name: query[f.name] for f in fields(cls) if query.get(f.name)}
        if "regions" in values:
            values["regions"] = tuple(filter(None, values["regions"].split(",")))
        return cls(**values)

    @classmethod
    def from_search(cls, search: str | None) -> View:
        params = parse_qs((search or "").lstrip("?"))
        return cls.from_query({k: v[0] for k, v in params.items()})

    def to_search(self) -> str:
        return "?" + urlencode(
            {
                "measure": self.measure,
                "level": self.level,
                "regions": ",".join(self.regions),
                "grain": self.grain,
            }
        )


def page(view: View, measures: pl.DataFrame, regions: pl.DataFrame) -> html.Div:
    measure = measures.filter(measure_id=view.measure).row(0, named=True)
    return html.Div(
        className="page",
        children=[
            html.Header(
                [
                    html.H1("aggstats"),
                    html.P(
                        "Official, published aggregate statistics on immigration enforcement "
                        "and the immigration courts — every number traceable to the agency "
                        "file it came from. aggstats never handles individual records."
                    ),
                ]
            ),
            html.Div(
                className="controls",
                children=[
                    _labelled(
                        "Measure",
                        dcc.Dropdown(
                            id=ids.MEASURE,
                            value=view.measure,
                            clearable=False,
                            options=[
                                {
                                    "label": f"{r['publisher']} — {r['name']}",
                                    "value": r["measure_id"],
                                }
                                for r in measures.iter_rows(named=True)
                            ],
                        ),
                    ),
                    _labelled(
                        "Geography",
                        dcc.Dropdown(
                            id=ids.LEVEL,
                            value=view.level,
                            clearable=False,
                            options=level_options(measure),
                        ),
                    ),
                    _labelled(
                        "Regions",
                        dcc.Dropdown(
                            id=ids.REGIONS,
                            value=list(view.regions),
                            multi=True,
                            searchable=True,
                            placeholder="Choose regions…",
                            options=region_options(regions, view.level),
                        ),
                    ),
                    _labelled(
                        "Period",
                        dcc.RadioItems(
                            id=ids.GRAIN,
                            value=view.grain,
                            inline=True,
                            options=[{"label": v, "value": k} for k, v in GRAIN_LABELS.items()],
                        ),
                    ),
                ],
            ),
            html.Div(id=ids.MEASURE_INFO, className="measure-info"),
            dcc.Graph(id=ids.CHART, config={"displaylogo": False}, className="chart"),
            html.Div(id=ids.CAVEATS, className="caveats"),
            html.Div(id=ids.TABLE, className="table-wrap"),
        ],
    )


def level_options(measure: dict) -> list[dict]:
    return [
        {"label": LEVEL_LABELS.get(level, level), "value": level}
        for level in measure["levels"] or []
    ]


def region_options(regions: pl.DataFrame, level: str) -> list[dict]:
    return [
        {"label": r["name"], "value": r["region_code"]}
        for r in regions.filter(level=level).sort("name").iter_rows(named=True)
    ]


def _labelled(label: str, control) -> html.Div:
    return html.Div(
        className="control",
        children=[
            html.Label(label, htmlFor=control.id),
            control,
        ],
    )
