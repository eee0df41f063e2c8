from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from upward.domain.hris.values import (
    CellError,
    ExitType,
    Status,
    parse_date,
    parse_email,
    parse_exit_type,
    parse_level,
    parse_status,
    parse_time_zone,
)


@pytest.mark.parametrize(
    ("cell", "day_first", "expected"),
    [
        ("2024-03-31", None, date(2024, 3, 31)),
        ("2024-03-31T00:00:00", None, date(2024, 3, 31)),
        ("31/03/2024", None, date(2024, 3, 31)),  # unambiguous: 31 cannot be a month
        ("03/31/2024", None, date(2024, 3, 31)),
        ("05/03/2024", True, date(2024, 3, 5)),
        ("05/03/2024", False, date(2024, 5, 3)),
        ("5.3.24", True, date(2024, 3, 5)),
        ("45382", None, date(2024, 3, 31)),  # Excel serial date in a CSV
        (45382, None, date(2024, 3, 31)),
        (45382.0, None, date(2024, 3, 31)),
        (datetime(2024, 3, 31, 9, 30), None, date(2024, 3, 31)),
        ("", None, None),
        (None, None, None),
    ],
)
def test_dates_in_every_shape_hris_exports_use(cell, day_first, expected) -> None:
    assert parse_date(cell, day_first=day_first) == expected


def test_an_ambiguous_date_is_an_error_not_a_guess() -> None:
    with pytest.raises(CellError, match="day-first or month-first"):
        parse_date("05/03/2024", day_first=None)


@pytest.mark.parametrize("cell", ["31/02/2024", "tomorrow", "2024-13-01", "0"])
def test_impossible_dates_are_rejected(cell) -> None:
    with pytest.raises(CellError):
        parse_date(cell, day_first=True)


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)))
def test_excel_serials_round_trip(day: date) -> None:
    serial = (day - date(1899, 12, 30)).days
    assert parse_date(serial, day_first=None) == day
    assert parse_date(str(serial), day_first=None) == day


@given(st.dates(min_value=date(1970, 1, 1), max_value=date(2069, 12, 31)), st.booleans())
def test_day_month_order_hint_is_respected(day: date, day_first: bool) -> None:
    text = day.strftime("%d/%m/%Y" if day_first else "%m/%d/%Y")
    assert parse_date(text, day_first=day_first) == day


@pytest.mark.parametrize(
    ("cell", "level"), [("5", 5), ("L5", 5), ("Grade 7", 7), (8.0, 8), ("", None)]
)
def test_levels_read_the_trailing_number(cell, level) -> None:
    assert parse_level(cell) == level


@pytest.mark.parametrize("cell", ["Senior", "0", "99"])
def test_levels_without_a_sensible_number_fail(cell) -> None:
    with pytest.raises(CellError):
        parse_level(cell)


def test_statuses_and_exit_types_from_common_vocabularies() -> None:
    assert parse_status("Active") is Status.ACTIVE
    assert parse_status("Leave of Absence") is Status.ON_LEAVE
    assert parse_status("Terminated") is Status.EXITED
    assert parse_status("") is None
    assert parse_exit_type("Resignation") is ExitType.VOLUNTARY
    assert parse_exit_type("Redundancy") is ExitType.INVOLUNTARY
    with pytest.raises(CellError, match="Voluntary or Involuntary"):
        parse_exit_type("mutual agreement")


def test_emails_and_time_zones_are_validated() -> None:
    assert parse_email(" Ada@Example.ORG ") == "ada@example.org"
    with pytest.raises(CellError):
        parse_email("ada at example")
    assert parse_time_zone("Europe/Berlin") == "Europe/Berlin"
    with pytest.raises(CellError, match="Unknown time zone"):
        parse_time_zone("CEST")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("14-Mar-2022", date(2022, 3, 14)),
        ("14 Mar 2022", date(2022, 3, 14)),
        ("14-MAR-2022", date(2022, 3, 14)),
        ("14 mar 2022", date(2022, 3, 14)),
        ("1-Sep-2021", date(2021, 9, 1)),
        ("01 Sept 2021", date(2021, 9, 1)),
        ("14 March 2022", date(2022, 3, 14)),
        ("31-Dec-99", date(1999, 12, 31)),
        ("29-Feb-24", date(2024, 2, 29)),
        ("  7 Jan. 2023 ", date(2023, 1, 7)),
    ],
)
def test_dates_with_an_english_month_name_parse_whatever_the_date_order_hint(
    cell, expected
) -> None:
    for day_first in (None, True, False):  # a named month is never ambiguous
        assert parse_date(cell, day_first=day_first) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("14-Mrz-2022", "month Upward does not know"),
        ("30-Feb-2022", "not a real calendar date"),
        ("14-Mar", "is not a date"),
        ("Mar-14-2022", "is not a date"),
    ],
)
def test_named_month_dates_that_cannot_be_read_say_why(cell, message) -> None:
    with pytest.raises(CellError, match=message):
        parse_date(cell, day_first=None)
