"""The guard at any size: event logs in CBP's AOR layout, each row a distinct cell and no column
an id, refused by their counts alone; a published table of small cells accepted at every size."""

from __future__ import annotations

import pytest

from pipelines.errors import InputError, RecordLevelError
from pipelines.sources.cbp_encounters import pipeline as cbp
from tests.unit import event_logs
from tests.unit.event_logs import SIZES

COUNT = "Encounter Count"


def read(tmp_path, counts):
    return cbp.read(event_logs.write(tmp_path / "aor.csv", counts), "aor")


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize(
    "make", [lambda n: [1] * n, event_logs.mixed_in, event_logs.single_two],
    ids=["every count 1", "a few 2s and 3s", "a single 2"],
)  # fmt: skip
def test_an_event_log_is_refused_at_any_size(tmp_path, make, n):
    counts = make(n)
    ones = sum(c == 1 for c in counts)
    with pytest.raises(RecordLevelError, match="event log") as error:
        read(tmp_path, counts)
    assert error.value.file == "aor.csv"
    assert error.value.column == COUNT
    said = f"{ones} of {n} counts other than 0 are 1 and none is more than {max(counts)}"
    assert said in str(error.value)


def test_a_few_2s_and_3s_are_a_few():
    assert [sum(c > 1 for c in event_logs.mixed_in(n)) for n in SIZES] == [1, 2, 6, 16, 200]
    assert {max(event_logs.mixed_in(n)) for n in SIZES[1:]} == {3}


@pytest.mark.parametrize("n", SIZES)
def test_a_table_of_small_cells_is_accepted_at_any_size(tmp_path, n):
    frame = read(tmp_path, event_logs.small_cells(n))
    assert frame.height == n
    ones = frame.filter(frame["encounter_count"] == 1).height
    assert ones == sum(c == 1 for c in event_logs.small_cells(n))
    assert ones >= n // 3


@pytest.mark.parametrize("n", [2, 10, 150])
def test_rows_with_no_count_at_all_are_refused(tmp_path, n):
    with pytest.raises(RecordLevelError, match=f"no row has a count .*blank on all {n} rows"):
        read(tmp_path, [""] * n)


def test_a_count_missing_in_one_row_is_the_reader_s_to_name(tmp_path):
    with pytest.raises(InputError, match="blank value") as error:
        read(tmp_path, [*event_logs.small_cells(20)[:-1], ""])
    assert not isinstance(error.value, RecordLevelError)
    assert (error.value.row, error.value.column) == (21, COUNT)


def test_below_ten_rows_ones_alone_are_not_evidence(tmp_path):
    """Nine distinct cells of 1 with no id or day date: a small published table is possible;
    the README says this limit."""
    assert read(tmp_path, [1] * 9).height == 9
