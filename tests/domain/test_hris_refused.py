import csv
import io
from datetime import date, datetime

import pytest

from upward.domain.hris.records import RowError
from upward.domain.hris.refused import refused_rows_csv, safe_cell


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1 555 0100", "'+1 555 0100"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Ada", "Ada"),
        ("ada@example.org", "ada@example.org"),
        (None, ""),
        (7.0, "7"),
        (datetime(2024, 3, 31), "2024-03-31"),
        (date(2024, 3, 31), "2024-03-31"),
    ],
)
def test_cells_that_a_spreadsheet_would_run_get_an_apostrophe(cell, text) -> None:
    assert safe_cell(cell) == text


def test_refused_rows_keep_their_columns_and_gain_the_problems() -> None:
    header = ["Employee #", "Work Email", "Notes"]
    rows = [["1", "a@example.org", "fine"], ["2", "=evil()", ""], ["3", "c@example.org"]]
    errors = [
        RowError(3, "2", 'Email: "=evil()" is not an email address.'),
        RowError(3, "2", "Hire date: it is wrong."),
        RowError(4, "3", "Manager 2 is refused (row 3)."),
    ]
    lines = list(csv.reader(io.StringIO(refused_rows_csv(header, rows, errors))))
    assert lines == [
        ["Employee #", "Work Email", "Notes", "Problem"],
        ["2", "'=evil()", "", 'Email: "=evil()" is not an email address. Hire date: it is wrong.'],
        ["3", "c@example.org", "", "Manager 2 is refused (row 3)."],
    ]
