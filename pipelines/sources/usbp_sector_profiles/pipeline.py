"""U.S. Border Patrol Sector Profiles, FY2011-FY2017: the tables of pages 1 to 4.

Pages 1-3 each print one table in four parts (coastal, northern and southwest sectors, each with
its border's totals row, and the nationwide total); page 4 prints seizures by border (see
seizures.py). tables.csv declares every part of every file, columns.csv what each column
measures. A figure is staged as printed (its footnote marker and
`N/A` kept), every totals row is checked (checks.py), and a figure printed on several pages (a
region's apprehensions, a border's totals row) must read the same everywhere and is kept once.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import yaml

from pipelines.errors import InputError
from pipelines.guard import refuse_identifying
from pipelines.pdf_tables import (
    CELLS,
    TableSpec,
    load_specs,
    page_lines,
    read_cells,
    refuse_unread,
)
from pipelines.readers import ROW
from pipelines.registry import SourceFile
from pipelines.sources.usbp_sector_profiles import seizures
from pipelines.sources.usbp_sector_profiles.checks import check_rows, check_table
from pipelines.tidy import OBSERVATION_SCHEMA, fiscal_month_start

SOURCE = "usbp_sector_profiles"
HERE = Path(__file__).parent
LAYOUTS = yaml.safe_load((HERE / "source.yaml").read_text())["layouts"]
NOT_APPLICABLE = "N/A"
BY_TYPE = "category"  # rows_are of page 4, whose rows are seizure types and columns regions
_KEYS = ["measure_id", "region_level", "region_label", "period", "dimension", "category"]


def columns_spec() -> pl.DataFrame:
    """columns.csv: what each column of each page measures, its kind, the column it is a part
    of within a row, and (page 4, whose columns are regions) its region level."""
    return pl.read_csv(HERE / "columns.csv", infer_schema=False).with_columns(
        pl.col("page").cast(pl.Int64)
    )


def table_levels(folder: Path, file: str) -> pl.DataFrame:
    """The region level of each declared table's rows and of its totals row, and the columns
    whose printed total also counts people with no row of their own (the page's footnote)."""
    frame = pl.read_csv(folder / "tables.csv", infer_schema=False).filter(file=file)
    return frame.select(
        "table",
        pl.col("page").cast(pl.Int64),
        "rows_are",
        "total_level",
        pl.col("total_counts_more").fill_null(""),
    )


def read(path: Path, layout: str) -> pl.DataFrame:
    """Every declared cell of pages 1-4, as printed and typed, with its page and line."""
    specs = load_specs(HERE, path.name)
    tolerance = LAYOUTS[layout]["y_tolerance"]
    return read_pages(path, page_lines(path, {s.page for s in specs}, tolerance))


def read_pages(path: Path, lines: dict[int, list[str]], folder: Path = HERE) -> pl.DataFrame:
    """`read` on the text lines of the pages, with the tables declared in `folder`."""
    specs = load_specs(folder, path.name)
    if not specs:
        raise InputError(path, "no table is declared for this file in tables.csv")
    columns = columns_spec()
    levels = table_levels(folder, path.name)
    frames = []
    for spec in specs:
        refuse_identifying(path, spec.columns, sheet=spec.where)
        declared = columns.filter(page=spec.page)
        unknown = set(spec.columns) - set(declared["column"])
        if unknown:
            raise InputError(
                path, f"columns not in columns.csv: {sorted(unknown)}", sheet=spec.where
            )
        cells = pl.DataFrame(read_cells(path, lines[spec.page], spec), schema=CELLS)
        cells = _typed(path, cells, spec)
        cells = cells.join(declared.select("column", "kind", "part_of"), on="column", how="left")
        if spec.rows_are == BY_TYPE:
            seizures.check_border_sums(path, cells, spec)
        else:
            more = levels.filter(table=spec.table, page=spec.page)["total_counts_more"].item()
            check_rows(path, cells, spec)
            check_table(path, cells, spec, counts_more=set(more.split(";")) - {""})
        frames.append(
            cells.with_columns(table=pl.lit(spec.table), page=pl.lit(spec.page, pl.Int64))
        )
    staged = pl.concat(frames).with_columns(fiscal_year=_fiscal_year(path, specs))
    seizures.check_repeats(path, staged, columns)
    return staged.select(
        ROW, "page", "table", "fiscal_year", "label", "is_total", "column", "text", "footnote",
        "value",
    )  # fmt: skip


def _fiscal_year(path: Path, specs: list[TableSpec]) -> pl.Expr:
    """The fiscal year every declared title prints (read_cells found each title on its page)."""
    years = {
        int(y) for s in specs for y in pl.Series([s.title]).str.extract(r"Fiscal Year (\d{4})")
    }
    if len(years) != 1:
        raise InputError(path, f"the declared titles name fiscal years {sorted(years)}, not one")
    return pl.lit(years.pop(), dtype=pl.Int32)


def _typed(path: Path, cells: pl.DataFrame, spec: TableSpec) -> pl.DataFrame:
    """A value is a figure (thousands separators, maybe decimals, a dollar sign) or N/A (no
    figure: not applicable, which is not zero); a footnote marker after it is kept apart."""
    text = pl.col("text").str.replace(r"\s*\*+$", "").str.strip_prefix("$")
    cells = cells.with_columns(
        footnote=pl.col("text").str.extract(r"(\*+)$"),
        value=pl.when(text == NOT_APPLICABLE)
        .then(None)
        .otherwise(text.str.replace_all(",", "").cast(pl.Float64, strict=False)),
    )
    bad = cells.filter(pl.col("value").is_null() & (text != NOT_APPLICABLE))
    refuse_unread(path, bad, spec, lambda cell: f"a figure (row {cell['label']!r})")
    return cells


def tidy(staged: pl.DataFrame, file: SourceFile, folder: Path = HERE) -> pl.DataFrame:
    """Observations by fiscal year for each sector, border and the nation, as printed."""
    columns = columns_spec()
    cells = staged.join(table_levels(folder, file.name), on=["table", "page"])
    by_type = cells.filter(rows_are=BY_TYPE)
    by_region = cells.filter(pl.col("rows_are") != BY_TYPE).join(
        columns.drop("kind", "part_of", "level"), on=["page", "column"]
    )
    by_region = by_region.filter(pl.col("measure").is_not_null()).select(
        "measure",
        region_level=pl.when("is_total").then("total_level").otherwise("rows_are"),
        region_label="label",
        fiscal_year="fiscal_year",
        dimension="dimension",
        category="category",
        value="value",
        page="page",
        _row=ROW,
    )
    found = pl.concat([by_region, seizures.observations(by_type, columns)])
    obs = found.filter(pl.col("value").is_not_null()).select(
        measure_id=pl.lit(f"{SOURCE}.") + pl.col("measure"),
        region_level="region_level",
        region_label="region_label",
        period=fiscal_month_start(pl.col("fiscal_year"), pl.lit(1)),
        grain=pl.lit("fiscal_year"),
        dimension="dimension",
        category="category",
        value="value",
        where=pl.format("page {}, line {}", "page", ROW),
    )
    return _once(obs, file).filter(pl.col("region_level").is_in(list(file.levels)))


def _once(obs: pl.DataFrame, file: SourceFile) -> pl.DataFrame:
    """Keep each figure once; a figure printed in two places must be printed the same."""
    disagree = (
        obs.group_by(_KEYS)
        .agg(pl.col("value").n_unique().alias("n"), "where", "value")
        .filter(pl.col("n") > 1)
    )
    if disagree.height:
        first = disagree.sort(_KEYS).row(0, named=True)
        printed = ", ".join(
            f"{w}: {v:,.0f}" for w, v in zip(first["where"], first["value"], strict=True)
        )
        raise InputError(
            file.name,
            f"{first['measure_id']} {first['region_label']} is printed differently: {printed}",
        )
    once = obs.unique(_KEYS, keep="first", maintain_order=True)
    return once.select(list(OBSERVATION_SCHEMA)).cast(OBSERVATION_SCHEMA)
