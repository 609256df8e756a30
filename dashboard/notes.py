"""The notes under the chart: what its context means, with sources; why a target or a second
measure is or is not drawn."""

from __future__ import annotations

from dash import html

from dashboard import context
from dashboard.state import View


def chart_notes(view: View, entries: dict[str, list[dict]], level_name: str = "") -> list:
    """What the chart's context means, with sources; and why a target is or is not drawn."""
    notes = []
    if "policy" in view.context:
        for entry in entries["bands"] + entries["markers"]:
            notes.append(
                html.Li(
                    [
                        html.Strong(entry["label"] + ". "),
                        entry.get("note", ""),
                        " ",
                        _source_link(entry),
                    ]
                )
            )
    for target in entries["targets"] if "targets" in view.context else []:
        unfit = context.target_fit(target, view, level_name)
        notes.append(
            html.Li(
                [
                    html.Strong(target["label"] + ". "),
                    f"Not drawn on this view: {unfit}. " if unfit else "",
                    target["counts"],
                    " ",
                    _source_link(target),
                    *[html.Span([" Also: ", _source_link(s)]) for s in target.get("secondary", [])],
                ]
            )
        )
    if view.also and view.breakdown:
        notes.append(
            html.Li("The second measure is drawn against totals: choose Breakdown › none.")
        )
    if view.also and not view.breakdown:
        notes.append(
            html.Li(
                "Two measures from different publications: the second is dashed, and a seam marks "
                "where one series ends or begins. They count different things; read each "
                "measure's definition (Sources tab) before comparing levels."
            )
        )
    if view.breakdown and view.style == "stack" and view.compare in ("change", "index"):
        notes.append(html.Li("Changes and indexes do not add up, so they are drawn as lines."))
    return [html.Ul(notes)] if notes else []


def _source_link(entry: dict) -> html.A:
    """The link to where a context entry (policy period or target) is documented, named."""
    return html.A(f"Source: {entry['source']}", href=entry["url"], target="_blank", rel="noopener")
