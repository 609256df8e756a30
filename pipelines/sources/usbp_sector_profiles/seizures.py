"""Page 4, "Apprehensions / Seizure Statistics": one row per seizure type, one column per border
and the nation, the other way round from pages 1-3.

seizure_rows.csv says what each printed row measures and how it is printed (a count, or a
weight or value rounded to the whole pound, ounce or dollar); columns.csv says which region each
column is. Rows repeating page 1 (apprehensions, marijuana and cocaine pounds) are checked
against page 1's totals rows but not kept: page 1 prints them by sector and, for FY2011-FY2012,
to the hundredth. A row the agency misprinted is declared in misprints.csv, which exempts it.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.pdf_tables import TableSpec
from pipelines.readers import ROW
from pipelines.sources.usbp_sector_profiles.checks import check_rows

HERE = Path(__file__).parent
ROUNDED = 0.5  # the most a printed weight or value can differ from the unrounded one


def seizure_rows() -> pl.DataFrame:
    return pl.read_csv(HERE / "seizure_rows.csv", infer_schema=False)


def check_border_sums(path: Path, cells: pl.DataFrame, spec: TableSpec) -> None:
    """Every row is declared, and its borders sum to its Nationwide Total (counts exactly,
    rounded weights and values within half a unit per border)."""
    kinds = seizure_rows().select("label", "kind")
    unknown = cells.join(kinds, on="label", how="anti")
    if unknown.height:
        first = unknown.row(0, named=True)
        raise InputError(
            path,
            f"row {first['label']!r} is not in seizure_rows.csv",
            sheet=spec.where,
            row=first[ROW],
        )
    check_rows(
        path,
        cells.drop("kind").join(kinds, on="label"),  # page 4's kind is its row's
        spec,
        parts_are="the borders",
        slack=pl.when(pl.col("kind") == "count").then(0.0).otherwise(ROUNDED * pl.col("n")),
        keys=("kind",),
    )


def check_repeats(path: Path, staged: pl.DataFrame, columns: pl.DataFrame) -> None:
    """Page 4's rows that repeat page 1 print page 1's border and nationwide totals; a weight
    rounded on both pages may differ by a pound (FY2016 southwest cocaine: 4,183 and 4,184)."""
    misprints = pl.read_csv(HERE / "misprints.csv", infer_schema=False).filter(file=path.name)
    repeats = seizure_rows().filter(pl.col("repeats").is_not_null())
    page_4 = (
        staged.filter(page=4)
        .select(ROW, "page", "label", "column", "value")
        .join(
            misprints.select(pl.col("page").cast(pl.Int64), "label"),
            on=["page", "label"],
            how="anti",
        )
        .join(repeats.select("label", "kind", "repeats"), on="label")
        .join(columns.filter(page=4).select("column", "printed_as"), on="column")
    )
    page_1 = (
        staged.filter(page=1, is_total=True)
        .select(printed_as="label", repeats="column", on_page_1="value")
        .unique()
    )
    compared = page_4.join(page_1, on=["printed_as", "repeats"], how="left")
    slack = pl.when(pl.col("kind") == "count").then(0.0).otherwise(2 * ROUNDED)
    bad = compared.filter(
        pl.col("on_page_1").is_null() | ((pl.col("value") - pl.col("on_page_1")).abs() > slack)
    )
    if bad.height:
        first = bad.sort(ROW).row(0, named=True)
        on_page_1 = first["on_page_1"]
        on_page_1 = "nothing" if on_page_1 is None else f"{on_page_1:,.0f}"
        raise InputError(
            path,
            f"page 4 row {first['label']!r} prints {first['value']:,.0f}; page 1's "
            f"{first['printed_as']} row prints {on_page_1} (misprints.csv lists known misprints)",
            sheet="page 4",
            row=first[ROW],
            column=first["column"],
        )


def observations(cells: pl.DataFrame, columns: pl.DataFrame) -> pl.DataFrame:
    """Page 4's kept rows as observations by border and nation (before the source prefix)."""
    regions = columns.filter(pl.col("level").is_not_null()).select("page", "column", "level")
    return (
        cells.join(seizure_rows().filter(pl.col("measure").is_not_null()), on="label")
        .join(regions, on=["page", "column"])
        .select(
            "measure",
            region_level="level",
            region_label="column",
            fiscal_year="fiscal_year",
            dimension=pl.lit("total"),
            category=pl.lit("total"),
            value="value",
            page="page",
            _row=ROW,
        )
    )
