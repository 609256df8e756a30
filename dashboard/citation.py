"""What an image of a view cites, drawn under it and written into its metadata: the agencies'
own citation of the files behind it, the denominator's release, and the data date."""

from __future__ import annotations

import polars as pl

from dashboard.figures.chart import newest_note


def citation(frame: pl.DataFrame, files: pl.DataFrame, measure: dict) -> dict:
    """`source`: one line naming every publication the view's figures come from; `lines`: what
    the image says under the graph (source, data date, units, and aggstats)."""
    cited = list(dict.fromkeys(files["citation"].drop_nulls())) if files.height else []
    source = "Source: " + ("; ".join(cited) or measure["publisher"]) + "."
    lines = [source]
    if "population_release" in frame.columns:
        releases = sorted(set(frame["population_release"].drop_nulls()))
        if releases:
            lines.append(f"Per 100,000 residents: U.S. Census Bureau, {'; '.join(releases)}.")
    lines += newest_note(frame)
    lines.append(f"Unit: {measure['unit']} (counts {measure['counts']}). Made with aggstats.")
    return {"source": source, "lines": lines}
