"""ICE final book-outs by release reason from the real parsed tables: figures ICE printed, the
two layouts meeting in FY2021, and the parser's stacked -all-years table equal to the two."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from aggstats import query

pytestmark = pytest.mark.integration
D = dt.date
MEASURE = "ice_detention.final_book_outs"


def fiscal_year(con, fy, dimension, category):
    return con.execute(
        """SELECT value, as_of FROM observation
           WHERE measure_id = ? AND grain = 'fiscal_year' AND period = ?
             AND dimension = ? AND category = ?""",
        [MEASURE, D(fy - 1, 10, 1), dimension, category],
    ).fetchone()


def test_fiscal_year_book_outs_as_published(real_con):
    # FY19 year-end file (data as of 2019-10-07), the year-to-date layout
    assert fiscal_year(real_con, 2019, "total", "total") == (263263, D(2019, 10, 7))
    assert fiscal_year(real_con, 2019, "release_reason", "Order of Supervision") == (
        13766,
        D(2019, 10, 7),
    )  # printed "Order of supervision"
    assert fiscal_year(real_con, 2019, "criminality", "Convicted Criminal") == (
        21383,
        D(2019, 10, 7),
    )
    # FY23_detentionStats10312023.xlsx, the monthly layout
    assert fiscal_year(real_con, 2023, "release_reason", "Paroled") == (85526, D(2023, 10, 31))
    assert fiscal_year(real_con, 2023, "total", "total") == (148002, D(2023, 10, 31))
    # FY26_detentionStats04092026.xlsx: Court Ordered listed, Paroled not
    assert fiscal_year(real_con, 2026, "release_reason", "Court Ordered") == (2057, D(2026, 4, 9))
    assert fiscal_year(real_con, 2026, "release_reason", "Paroled") is None


def test_monthly_book_outs_of_a_closed_year_come_from_its_last_release(real_con):
    october = real_con.execute(
        """SELECT value, as_of FROM observation
           WHERE measure_id = ? AND grain = 'month' AND period = DATE '2022-10-01'
             AND dimension = 'release_reason_criminality'
             AND category = 'Bond Set by IJ: Convicted Criminal'""",
        [MEASURE],
    ).fetchall()
    assert len(october) == 1 and october[0][1] == D(2023, 10, 31)


def test_the_all_years_table_stacks_the_two_layouts(real_con, mirror):
    stacked = pl.read_parquet(mirror / "ice_detention" / "book-outs-by-reason-all-years.parquet")
    totals = stacked.filter(
        pl.col("release_reason") == "Total", pl.col("criminality").fill_null("Total") == "Total"
    ).select(as_of=pl.col("pull_date"), file_date="file_date", value="n_book_outs_ytd")
    ours = pl.DataFrame(
        real_con.execute(
            """SELECT as_of, value FROM observation_all
               WHERE measure_id = ? AND grain = 'fiscal_year' AND dimension = 'total'""",
            [MEASURE],
        ).fetchall(),
        schema=["as_of", "value"],
        orient="row",
    )
    # every release aggstats keeps prints, in the stacked table, the same year-to-date total
    dated = totals.with_columns(
        as_of=pl.when(pl.col("file_date").dt.strftime("%m-%d") == "12-31")
        .then("as_of")
        .otherwise("file_date")
    )
    joined = ours.join(dated, on="as_of", how="left", suffix="_stacked")
    assert joined.height == ours.height == 127
    assert joined.filter(pl.col("value") != pl.col("value_stacked")).height == 0


def test_recognizance_reconciles_with_ohss(real_con):
    pairs = query.reconciliation(real_con).filter(
        reconciliation_id="ice_detention_vs_ohss_monthly_book_outs_recognizance"
    )
    rows = dict(zip(pairs["period"].to_list(), pairs["agrees"].to_list(), strict=True))
    assert rows[D(2018, 10, 1)] and rows[D(2022, 10, 1)]
    assert not rows[D(2020, 10, 1)]  # ICE's last FY2021 release: data to 2021-09-20
