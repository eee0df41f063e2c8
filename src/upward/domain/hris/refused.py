"""The rows an import refused, handed back as a CSV the lead can fix and upload again.

The file keeps the original columns in their original order, plus a "Problem" column. Any
cell that a spreadsheet would run as a formula (it starts with =, +, - or @, or a tab or
carriage return) gets a leading apostrophe, so opening the file never runs anything.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from upward.domain.hris.records import RowError

PROBLEM_COLUMN = "Problem"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell as text, with formula-like text made inert."""
    if value is None:
        text = ""
    elif isinstance(value, datetime):
        text = value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def problems_by_row(errors: Iterable[RowError]) -> dict[int, str]:
    """Every reason a row was refused, joined, keyed by its spreadsheet row number."""
    reasons: dict[int, list[str]] = {}
    for error in errors:
        if error.message not in reasons.setdefault(error.row, []):
            reasons[error.row].append(error.message)
    return {row: " ".join(messages) for row, messages in reasons.items()}


def refused_rows_csv(
    header: Sequence[object], rows: Sequence[Sequence[object]], errors: Iterable[RowError]
) -> str:
    """The refused rows of a file (rows[0] is spreadsheet row 2) with their reasons."""
    problems = problems_by_row(errors)
    width = len(header)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*(safe_cell(cell) for cell in header), PROBLEM_COLUMN])
    for number in sorted(problems):
        index = number - 2
        cells = list(rows[index]) if 0 <= index < len(rows) else []
        cells = (cells + [None] * width)[: max(width, len(cells))]
        writer.writerow([*(safe_cell(cell) for cell in cells), safe_cell(problems[number])])
    return buffer.getvalue()
