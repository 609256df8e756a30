"""The data dictionary documents every table, view, column and measure, and is up to date."""

from __future__ import annotations

from aggstats import dictionary, readme
from pipelines.registry import load_registry


def test_the_committed_dictionary_is_up_to_date():
    with dictionary.schema() as con:
        expected = dictionary.render(load_registry(), con)
    assert dictionary.DICTIONARY.read_text(encoding="utf-8") == expected, (
        "docs/data-dictionary.md is out of date: run `aggstats docs`"
    )


def test_every_table_view_and_column_of_the_schema_is_described():
    with dictionary.schema() as con:
        assert dictionary.undocumented(con) == []


def test_a_table_or_column_without_a_description_is_caught():
    with dictionary.schema() as con:
        con.execute("CREATE TABLE dim_court (court_code VARCHAR, judges INTEGER)")
        con.execute("ALTER TABLE dim_region ADD COLUMN population BIGINT")
        assert dictionary.undocumented(con) == [
            "table dim_court",
            "column dim_court.court_code",
            "column dim_court.judges",
            "column dim_region.population",
        ]


def test_every_measure_source_and_staging_table_has_its_section():
    text = dictionary.DICTIONARY.read_text(encoding="utf-8")
    for source in load_registry():
        assert f"### source {source.source_id}\n" in text
        for measure in source.measures:
            assert f"### {measure.measure_id}\n" in text
            assert f"- unit: {measure.unit} " in text
        for file in source.files:
            assert f"| `stg_{source.source_id}__{file.layout}` |" in text
            assert f"`{file.name}`" in text


def test_the_readme_table_of_sources_is_up_to_date():
    sources = load_registry()
    text = readme.README.read_text(encoding="utf-8")
    assert text == readme.render(text, sources), "README.md's sources are stale: `aggstats docs`"
    for source in sources:
        assert f"| `{source.source_id}` | {source.summary.publisher} |" in text
