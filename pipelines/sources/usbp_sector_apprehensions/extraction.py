"""A third party's CSV extraction of CBP's citizenship-by-sector PDFs, kept to reconcile with.

The file stacks every fiscal year's table (a `year` column) with sector codes in lower case and
some counts typed as floats ("749.0"). Only its national totals become observations, so that the
PDF's figures, not this copy's, are the ones aggstats publishes; everything is staged.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from aggstats.calendar import fiscal_year_start_expr
from pipelines.errors import InputError
from pipelines.guard import refuse_empty, refuse_identifying
from pipelines.readers import ROW, check_unique
from pipelines.registry import SourceFile
from pipelines.sources.usbp_sector_apprehensions.citizenship_pdf import columns_spec, tables_spec
from pipelines.tidy import OBSERVATION_SCHEMA, TOTAL

INDEX, LABEL, YEAR, TOTAL_ROW = "", "label", "year", "TOTAL"


def read(path: Path, layout: str) -> pl.DataFrame:
    """One row per cell: fiscal year, citizenship, the PDF column it copies, the count."""
    try:
        wide = pl.read_csv(path, infer_schema=False)
    except (pl.exceptions.NoDataError, pl.exceptions.ComputeError) as exc:
        raise InputError(path, f"not a readable CSV table: {str(exc).splitlines()[0]}") from exc
    refuse_identifying(path, wide.columns)
    codes = {c.lower().replace(" total", "_total"): c for c in columns_spec()["column"]}
    codes["total"] = codes.pop("nationwide_total")
    expected = [INDEX, "citizenship", *codes, LABEL, YEAR]
    if wide.columns != expected:
        wrong = next((c for c, e in zip(wide.columns, expected, strict=False) if c != e), None)
        raise InputError(
            path, f"header is not {', '.join(expected)}", row=1, column=wrong or expected[-1]
        )
    refuse_empty(path, wide)
    wide = wide.with_row_index(ROW, offset=2)
    years = wide.filter(pl.col(YEAR).cast(pl.Int32, strict=False).is_null())
    if years.height:  # else the cast below fails without naming the file, row or column
        raise InputError(
            path, f"{years[YEAR][0]!r} is not a fiscal year", row=years[ROW][0], column=YEAR
        )
    check_unique(path, wide, [YEAR, "citizenship"])
    long = wide.unpivot(
        index=[ROW, YEAR, "citizenship"], on=list(codes), variable_name="code", value_name="text"
    )
    number = pl.col("text").cast(pl.Float64, strict=False)
    bad = long.filter(number.is_null() | (number < 0) | (number != number.round()))
    if bad.height:
        first = bad.row(0, named=True)
        raise InputError(
            path, f"{first['text']!r} is not a count", row=first[ROW], column=first["code"]
        )
    return long.select(
        ROW,
        fiscal_year=pl.col(YEAR).cast(pl.Int32),
        citizenship=pl.col("citizenship"),
        column=pl.col("code").replace_strict(codes),
        value=number,
    )


def tidy(staged: pl.DataFrame, file: SourceFile) -> pl.DataFrame:
    """The national total of each fiscal year (its TOTAL row's total column)."""
    totals = staged.filter(citizenship=TOTAL_ROW, column="Nationwide Total")
    return (
        totals.join(tables_spec(), on="fiscal_year", how="left")
        .select(
            measure_id=pl.col("measure"),
            region_level=pl.lit("nation"),
            region_label=pl.lit("Nationwide"),
            period=fiscal_year_start_expr(pl.col("fiscal_year")),
            grain=pl.lit("fiscal_year"),
            dimension=pl.lit(TOTAL),
            category=pl.lit(TOTAL),
            value=pl.col("value"),
        )
        .cast(OBSERVATION_SCHEMA)
    )
