"""The traces of a series over time: a line with its markers (open for partial periods),
broken where a period has no figure, with dotted segments into and out of partial periods;
or stacked areas. Each point's x text and hover text are made here, in polars."""

from __future__ import annotations

import polars as pl

from dashboard.figures import segments

HOVER_COLUMNS = ("label", "complete", "data_date", "final", "months")
TRACE_COLUMNS = ("x_text", "shown", "hover", "complete", "period", "grain")


def with_trace_text(frame: pl.DataFrame) -> pl.DataFrame:
    """The rows with what a trace writes of each point: its x as text, and its hover text."""
    return frame.with_columns(x_text=pl.col("x").cast(pl.String), hover=hover_text(frame))


def hover_text(frame: pl.DataFrame) -> pl.Expr:
    """A period as hovered: partial ones say how far their figures run, and whether final."""
    label = pl.col("label")
    text = pl.when(pl.col("complete")).then(label)
    if "data_date" in frame.columns:
        final = (
            pl.when(pl.col("final").fill_null(False))
            .then(pl.lit("; no later release reprints it"))
            .otherwise(pl.lit(""))
            if "final" in frame.columns
            else pl.lit("")
        )
        day = pl.col("data_date").dt.strftime("%-d %b %Y")
        text = text.when(pl.col("data_date").is_not_null()).then(
            pl.format("{} (to {}{})", label, day, final)
        )
    if "months" in frame.columns:
        text = text.when(pl.col("months").fill_null(0) != 0).then(
            pl.format("{} (partial: {} months)", label, pl.col("months"))
        )
    return text.otherwise(label)


def series_trace(part, name, col, axis, fmt, unit, *, stacked, legend, panel) -> dict:
    """A line (or stacked area) of one series; `part` is its rows in period order, a polars
    frame or the columns Rows.parts gives. The line is broken where a period has no figure and
    on either side of a partial period (series_traces adds the dotted segments there)."""
    if isinstance(part, pl.DataFrame):
        part = with_trace_text(part).select(TRACE_COLUMNS).to_dict(as_series=False)
    if not stacked:
        part = segments.with_breaks(part)
    trace = {
        "type": "scatter",
        "x": part["x_text"],
        "y": part["shown"],
        "name": name,
        "legendgroup": name,
        "showlegend": legend,
        "xaxis": axis,
        "yaxis": "y" + axis[1:],
        "customdata": part["hover"],
        "hovertemplate": f"%{{customdata}}<br>%{{y:{fmt}}} {unit}<extra>{name}"
        + (f" · {panel}" if panel else "")
        + "</extra>",
        "line": {"color": col, "width": 2.5},
        "connectgaps": False,
    }
    if stacked:
        trace.update(mode="lines", stackgroup="one", line={"color": col, "width": 0.5})
    else:
        trace.update(
            mode="lines+markers",
            marker={
                "color": col,
                "size": 7,
                "symbol": ["circle" if c else "circle-open" for c in part["complete"]],
                "line": {"width": 2, "color": col},
            },
        )
    return trace


def series_traces(part, name, col, axis, fmt, unit, *, stacked, legend, panel) -> list[dict]:
    """The traces of one series (see series_trace): a line and the dotted segments into and out
    of its partial periods; or stacked areas, one per run of periods with no gap, each run a
    stack of its own (a stack is never broken: plotly would fill a gap with zero)."""
    if isinstance(part, pl.DataFrame):
        part = with_trace_text(part).select(TRACE_COLUMNS).to_dict(as_series=False)
    if stacked:
        traces = []
        for k, run in enumerate(segments.runs(part)):
            trace = series_trace(
                run, name, col, axis, fmt, unit, stacked=True, legend=legend and not k, panel=panel
            )
            # the first run keeps the one stack; a run after a gap starts one of its own
            trace["stackgroup"] = "one" if not k else f"one from {run['period'][0]}"
            traces.append(trace)
        return traces
    line = series_trace(part, name, col, axis, fmt, unit, stacked=False, legend=legend, panel=panel)
    dotted = segments.partial_segments(part)
    if dotted is None:
        return [line]
    return [line, partial_trace(line, dotted)]


def partial_trace(line: dict, dotted: dict) -> dict:
    """The dotted segments into and out of a line's partial periods, drawn like the line."""
    return {
        "type": "scatter",
        "mode": "lines",
        **dotted,
        "name": line["name"],
        "legendgroup": line["legendgroup"],
        "showlegend": False,
        "xaxis": line["xaxis"],
        "yaxis": line["yaxis"],
        "line": {"color": line["line"]["color"], "width": 2, "dash": "dot"},
        "hoverinfo": "skip",
        "connectgaps": False,
        "meta": "partial-segment",
    }
