"""How a line runs between its points: broken where a period has no figure, and dotted into and
out of a partial period. A straight solid line over a missing month reads as a figure for it,
and one into a period to date reads as a collapse.

A series' points come as columns (`x_text`, `shown`, `hover`, `complete`, `period`, `grain`:
traces.TRACE_COLUMNS), in period order.
"""

from __future__ import annotations

import datetime as dt

from aggstats.calendar import period_end, period_label
from dashboard.transforms import midpoint

# the points of a line are drawn at their period's middle; a break has no figure
BREAK = {"shown": None, "hover": None, "complete": True}


def following(period: dt.date, grain: str) -> dt.date:
    """The first day of the period after `period`."""
    return period_end(period, grain) + dt.timedelta(days=1)


def gap_after(part: dict, i: int) -> bool:
    """Whether a period with no figure lies between point i and the next."""
    periods, grain = part["period"], part["grain"][0]
    return following(periods[i], grain) < periods[i + 1]


def missing_periods(periods: list[dt.date], grain: str) -> list[dt.date]:
    """The first day of each period between the first and the last of `periods` (sorted) that
    has none of them."""
    present, out = set(periods), []
    for before, after in zip(periods, periods[1:], strict=False):
        at = following(before, grain)
        while at < after:
            if at not in present:
                out.append(at)
            at = following(at, grain)
    return out


def series_gaps(frame) -> list[dt.date]:
    """The periods some series of a chart's frame (`series`, `period`, `grain`) has no figure
    for, between its first and its last."""
    if frame.is_empty():
        return []
    grain = frame["grain"][0]
    by: dict[str, set] = {}
    for series, period in zip(frame["series"], frame["period"], strict=True):
        by.setdefault(series, set()).add(period)
    return sorted({p for periods in by.values() for p in missing_periods(sorted(periods), grain)})


def gap_note(missing: list[dt.date], grain: str) -> str | None:
    """What the chart says of the periods it has no figure for (runs of them as ranges)."""
    if not missing:
        return None
    spans: list[list[dt.date]] = []
    for period in missing:
        if spans and following(spans[-1][-1], grain) == period:
            spans[-1].append(period)
        else:
            spans.append([period])
    named = [
        period_label(s[0], grain) + (f"–{period_label(s[-1], grain)}" if len(s) > 1 else "")
        for s in spans
    ]
    more = f" and {len(named) - 8} more" if len(named) > 8 else ""
    return f"No figure for {', '.join(named[:8])}{more}: the line is broken there, not bridged."


def with_breaks(part: dict) -> dict:
    """The points with a break (no figure) wherever a gap separates two of them, and before and
    after each partial period: the solid line joins only whole periods next to each other."""
    out: dict[str, list] = {name: [] for name in part}
    grain = part["grain"][0] if part["grain"] else ""
    for i in range(len(part["period"])):
        if i and (gap_after(part, i - 1) or not (part["complete"][i - 1] and part["complete"][i])):
            gap = gap_after(part, i - 1)
            at = following(part["period"][i - 1], grain) if gap else part["period"][i]
            x = midpoint(at, grain).isoformat() if gap else part["x_text"][i]
            for name, value in dict(BREAK, x_text=x, period=at, grain=grain).items():
                if name in out:
                    out[name].append(value)
        for name, values in part.items():
            out[name].append(values[i])
    return out


def partial_segments(part: dict) -> dict[str, list] | None:
    """The segments into and out of partial periods (between points with no gap between them),
    as x and y with a break after each; None when the series has no partial period."""
    x: list = []
    y: list = []
    shown, complete = part["shown"], part["complete"]
    for i in range(len(shown) - 1):
        if complete[i] and complete[i + 1]:
            continue
        if shown[i] is None or shown[i + 1] is None or gap_after(part, i):
            continue
        x += [part["x_text"][i], part["x_text"][i + 1], part["x_text"][i + 1]]
        y += [shown[i], shown[i + 1], None]
    return {"x": x, "y": y} if x else None


def runs(part: dict) -> list[dict]:
    """The series cut where a gap separates two points (stacked areas cannot be broken by a
    missing value: plotly fills it with zero or bridges it)."""
    cuts = [0] + [i + 1 for i in range(len(part["period"]) - 1) if gap_after(part, i)]
    ends = cuts[1:] + [len(part["period"])]
    return [{name: v[a:b] for name, v in part.items()} for a, b in zip(cuts, ends, strict=True)]
