"""Period labels for every grain a source publishes, including half-months and decades."""

from __future__ import annotations

import datetime as dt

from dashboard.transforms import period_label


def test_labels_name_each_grain_as_agencies_print_it():
    assert period_label(dt.date(2022, 10, 1), "fiscal_year") == "FY2023"
    assert period_label(dt.date(2023, 1, 1), "calendar_year") == "2023"
    assert period_label(dt.date(2023, 1, 1), "month") == "Jan 2023"
    assert period_label(dt.date(2021, 3, 16), "half_month") == "Mar 2021 (16-end)"
    assert period_label(dt.date(2021, 3, 1), "half_month") == "Mar 2021 (1-15)"
    assert period_label(dt.date(1900, 10, 1), "decade") == "FY1901-10"
    assert period_label(dt.date(1891, 10, 1), "decade") == "FY1892-00"  # INS prints 1892-1900
    assert period_label(dt.date(2021, 10, 1), "fiscal_quarter") == "FY2022 Q1"
    assert period_label(dt.date(2022, 7, 1), "fiscal_quarter") == "FY2022 Q4"
