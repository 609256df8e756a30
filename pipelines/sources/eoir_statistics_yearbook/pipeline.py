"""EOIR FY 2010 Statistical Year Book: court workload and asylum tables read from the PDF.

Where the table is and what each column means is declared in tables.csv and columns.csv; this
module reads the declared cells, checks every totals row and every total column, and turns the
cells into observations. A figure printed twice (a chart's national series and a table's totals
row) must agree, and is kept once.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.guard import refuse_identifying
from pipelines.pdf_tables import (
    CELLS,
    check_totals,
    load_specs,
    page_lines,
    read_cells,
    refuse_unread,
)
from pipelines.readers import ROW
from pipelines.registry import SourceFile
from pipelines.tidy import NATION, OBSERVATION_SCHEMA, TOTAL, fiscal_month_start

SOURCE = "eoir_statistics_yearbook"
HERE = Path(__file__).parent
_KEYS = ["measure_id", "region_level", "region_label", "period", "dimension", "category"]


def columns_spec(folder: Path = HERE) -> pl.DataFrame:
    """columns.csv: what each declared column of each table measures."""
    frame = pl.read_csv(folder / "columns.csv", infer_schema=False)
    return frame.with_columns(pl.col("fiscal_year").cast(pl.Int32))


def read(path: Path, layout: str) -> pl.DataFrame:
    """Every declared cell of every declared table, typed, with its page and line."""
    return read_pages(path, page_lines(path, {s.page for s in load_specs(HERE)}))


def read_pages(path: Path, lines: dict[int, list[str]], folder: Path = HERE) -> pl.DataFrame:
    """`read` on the text lines of the pages, with the declarations in `folder`."""
    specs, columns = load_specs(folder), columns_spec(folder)
    frames = []
    for spec in specs:
        refuse_identifying(path, spec.columns, sheet=spec.where)
        kinds = dict(columns.filter(table=spec.table).select("column", "kind").iter_rows())
        cells = pl.DataFrame(
            read_cells(path, lines[spec.page], spec),
            schema=CELLS,
        ).filter(pl.col("column").is_in(list(kinds)))
        cells = _typed(path, cells.with_columns(kind=pl.col("column").replace_strict(kinds)), spec)
        check_totals(path, cells, spec, [c for c, k in kinds.items() if k == "count"])
        frames.append(
            cells.with_columns(
                table=pl.lit(spec.table),
                page=pl.lit(spec.page),
                printed_page=pl.lit(spec.printed_page),
            )
        )
    staged = pl.concat(frames)
    _check_total_columns(path, staged, columns)
    return staged.select(
        ROW, "table", "page", "printed_page", "label", "is_total", "column", "text", "value"
    )


def _typed(path: Path, cells: pl.DataFrame, spec) -> pl.DataFrame:
    """Counts are whole numbers; rates end in %."""
    number = (
        pl.col("text").str.replace_all(",", "").str.strip_suffix("%").cast(pl.Int64, strict=False)
    )
    is_rate = pl.col("text").str.ends_with("%")
    cells = cells.with_columns(value=number.cast(pl.Float64))
    bad = cells.filter(
        pl.col("value").is_null() | (is_rate != (pl.col("kind") == "rate")) | (pl.col("value") < 0)
    )
    refuse_unread(path, bad, spec, lambda cell: f"a {cell['kind']} (row {cell['label']!r})")
    return cells


def _check_total_columns(path: Path, staged: pl.DataFrame, columns: pl.DataFrame) -> None:
    """Within a row, the columns a table breaks a count into sum to its total column."""
    declared = columns.filter(kind="count").select(
        "table", "column", "measure", "fiscal_year", is_part=pl.col("dimension") != TOTAL
    )
    cells = staged.join(declared, on=["table", "column"])
    keys = ["table", "page", ROW, "label", "measure", "fiscal_year"]
    sums = cells.group_by(keys).agg(
        parts=pl.col("value").filter("is_part").sum(),
        n_parts=pl.col("is_part").sum(),
        total=pl.col("value").filter(~pl.col("is_part")).first(),
        total_column=pl.col("column").filter(~pl.col("is_part")).first(),
    )
    bad = sums.filter((pl.col("n_parts") > 0) & (pl.col("parts") != pl.col("total")))
    if bad.height:
        first = bad.sort("page", ROW).row(0, named=True)
        raise InputError(
            path,
            f"{first['table']}, row {first['label']!r}: the parts sum to {first['parts']:,.0f}, "
            f"the total column prints {first['total']:,.0f}",
            sheet=f"page {first['page']}",
            row=first[ROW],
            column=first["total_column"],
        )


def tidy(staged: pl.DataFrame, file: SourceFile, folder: Path = HERE) -> pl.DataFrame:
    """Observations by fiscal year for the nation (totals rows, charts) and each court."""
    rows_are = {s.table: s.rows_are for s in load_specs(folder)}
    cells = staged.join(columns_spec(folder), on=["table", "column"]).with_columns(
        rows_are=pl.col("table").replace_strict(rows_are)
    )
    by_court = (pl.col("rows_are") == "region") & ~pl.col("is_total")
    by_category = (pl.col("rows_are") == "category") & ~pl.col("is_total")
    category_total = (pl.col("rows_are") == "category") & pl.col("is_total")
    fiscal_year = pl.coalesce(
        "fiscal_year", 2000 + pl.col("label").str.extract(r"FY (\d\d)$").cast(pl.Int32)
    )
    obs = (
        cells.filter(_has_decisions(cells))
        .select(
            measure_id=pl.lit(f"{SOURCE}.") + pl.col("measure"),
            region_level=pl.when(by_court)
            .then(pl.lit("immigration_court"))
            .otherwise(pl.lit("nation")),
            region_label=pl.when(by_court).then("label").otherwise(pl.lit(NATION)),
            period=fiscal_month_start(fiscal_year, pl.lit(1)),
            grain=pl.lit("fiscal_year"),
            dimension=pl.when(category_total).then(pl.lit(TOTAL)).otherwise("dimension"),
            category=pl.when(by_category)
            .then("label")
            .when(category_total)
            .then(pl.lit(TOTAL))
            .otherwise("category"),
            value="value",
            where=pl.format("{} (page {}, line {})", "table", "page", ROW),
        )
        .filter(pl.col("region_level").is_in(list(file.levels)))
    )
    return _once(obs, file).cast(OBSERVATION_SCHEMA)


def _has_decisions(cells: pl.DataFrame) -> pl.Expr:
    """A grant rate where no case was decided (Saipan, FY2010: 0 of 0, printed 0%) is no rate."""
    row = ["table", "page", ROW]
    decided = pl.col("value").filter(pl.col("kind") == "count").sum().over(row)
    return (pl.col("kind") != "rate") | (decided > 0)


def _once(obs: pl.DataFrame, file: SourceFile) -> pl.DataFrame:
    """Keep each figure once; a figure printed in two places must be printed the same."""
    disagree = (
        obs.group_by(_KEYS)
        .agg(pl.col("value").n_unique().alias("n"), pl.col("where"), pl.col("value"))
        .filter(pl.col("n") > 1)
    )
    if disagree.height:
        first = disagree.row(0, named=True)
        printed = ", ".join(
            f"{w}: {v:,.0f}" for w, v in zip(first["where"], first["value"], strict=True)
        )
        raise InputError(
            file.name,
            f"{first['measure_id']} {first['region_label']} {first['period']} is printed "
            f"differently in two places: {printed}",
        )
    return obs.unique(_KEYS, keep="first", maintain_order=True).select(list(OBSERVATION_SCHEMA))
