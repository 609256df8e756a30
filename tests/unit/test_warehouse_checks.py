"""The build's integrity checks (pipelines/warehouse/checks.sql) on tiny warehouses."""

from __future__ import annotations

import duckdb

from pipelines.warehouse import checks

SAME_FIGURE_CHECK = (
    "files of one release that print the same figure print the same value (it is taken once)"
)


def release(values: dict[str, float]) -> duckdb.DuckDBPyConnection:
    """fact_observation with one figure printed by each file of one release."""
    con = duckdb.connect()
    con.execute("CREATE TABLE dim_file (file_id VARCHAR, reconcile_only BOOLEAN)")
    con.execute(
        "CREATE TABLE fact_observation (measure_id VARCHAR, region_code VARCHAR, period DATE, "
        "grain VARCHAR, dimension VARCHAR, category VARCHAR, value DOUBLE, file_id VARCHAR, "
        "as_of DATE)"
    )
    for file_id, value in values.items():
        con.execute("INSERT INTO dim_file VALUES (?, false)", [file_id])
        con.execute(
            "INSERT INTO fact_observation VALUES ('yb.apprehensions', 'nation:US', "
            "DATE '2004-10-01', 'fiscal_year', 'total', 'total', ?, ?, DATE '2014-01-01')",
            [value, file_id],
        )
    return con


def failing(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    query = dict(checks())[SAME_FIGURE_CHECK]
    return con.execute(query).fetchall()


def test_two_files_of_a_release_printing_one_figure_alike_pass():
    assert failing(release({"yb/table33.xls": 1_291_065, "yb/table34d.xls": 1_291_065})) == []


def test_two_files_of_a_release_printing_one_figure_differently_fail_naming_both():
    rows = failing(release({"yb/table33.xls": 1_291_065, "yb/table34d.xls": 1_291_056}))
    assert len(rows) == 1
    *key, files, values = rows[0]
    assert key[0] == "yb.apprehensions" and files == ["yb/table33.xls", "yb/table34d.xls"]
    assert values == [1_291_065, 1_291_056]
