"""One check of a YAML entry's required keys and unique id (pipelines/entries.py), which
series.yaml and context.yaml entries both go through (their own tests check the messages in
place: tests/unit/test_series.py, tests/unit/test_context.py)."""

from __future__ import annotations

import pytest

from pipelines import context, series
from pipelines.context import ContextError
from pipelines.entries import check_entry
from pipelines.series import SeriesError

WHERE = "series.yaml: series 'usbp_long'"


def test_a_complete_entry_passes_and_its_id_is_recorded():
    seen = {"other"}
    check_entry({"id": "usbp_long", "name": "n", "unit": "u"}, {"id", "name"}, WHERE,
                SeriesError, seen)  # fmt: skip
    assert seen == {"other", "usbp_long"}


def test_every_missing_key_is_named_in_order():
    with pytest.raises(SeriesError) as error:
        check_entry({"id": "usbp_long"}, ["unit", "id", "definition"], WHERE, SeriesError, set())
    assert str(error.value) == f"{WHERE} lacks definition, unit"


def test_an_id_used_twice_is_refused_with_the_callers_error():
    seen: set[str] = set()
    check_entry({"id": "title_42"}, {"id"}, "context.yaml: bands entry 'title_42'", ContextError,
                seen)  # fmt: skip
    with pytest.raises(ContextError) as error:
        check_entry({"id": "title_42"}, {"id"}, "context.yaml: bands entry 'title_42'",
                    ContextError, seen)  # fmt: skip
    assert str(error.value) == "context.yaml: bands entry 'title_42': the id is used twice"


def test_missing_keys_are_named_before_a_reused_id():
    with pytest.raises(SeriesError, match=f"^{WHERE} lacks name$"):
        check_entry({"id": "usbp_long"}, {"id", "name"}, WHERE, SeriesError, {"usbp_long"})


def test_without_seen_ids_only_the_keys_are_checked():
    segment = {"measure": "usbp_sector_apprehensions.apprehensions", "label": "l", "from": "FY2000"}
    check_entry(segment, {"measure", "label", "from"}, f"{WHERE}, segment 1", SeriesError)
    check_entry(segment, {"measure", "label", "from"}, f"{WHERE}, segment 2", SeriesError)
    with pytest.raises(SeriesError, match=r"segment 3 lacks from, label$"):
        check_entry({"measure": "m"}, {"measure", "label", "from"}, f"{WHERE}, segment 3",
                    SeriesError)  # fmt: skip


def test_the_readers_word_a_missing_key_as_before(tmp_path):
    (tmp_path / "series.yaml").write_text("series:\n- id: usbp_long\n  name: n\n")
    with pytest.raises(SeriesError) as error:
        series.read([], set(), tmp_path / "series.yaml")
    assert (
        str(error.value) == "series.yaml: series 'usbp_long' lacks definition, kind, segments, unit"
    )
    (tmp_path / "context.yaml").write_text("bands:\n- id: title_42\n  label: l\n")
    with pytest.raises(ContextError) as error:
        context.read([], tmp_path / "context.yaml")
    assert str(error.value) == "context.yaml: bands entry 'title_42' lacks source, url"
