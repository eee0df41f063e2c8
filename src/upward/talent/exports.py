"""The outcomes as CSV and XLSX for performance and succession reviews: one row per consenting
person, the same columns as the page and the API. Cells a spreadsheet would run as a formula
are escaped with the impact export's `safe_cell`."""

import csv
import io
from datetime import date

from django.utils.text import slugify

from upward.impact.exports import safe_cell
from upward.programs.models import Program
from upward.talent.results import skills_in_words
from upward.talent.selectors import OutcomeRow

COLUMNS = [
    ("Name", 24),
    ("Employee ID", 14),
    ("Role", 10),
    ("Cohort", 16),
    ("What they worked on", 44),
    ("Goal result", 14),
    ("Goal figures (start → final, target)", 34),
    ("Skills as rated by their partner (start → close, levels 1-5)", 50),
    ("Program lead's note", 44),
    ("Agreed to share on", 16),
]
HEADER = [name for name, _ in COLUMNS]
WRAPPED = {5, 7, 8, 9}  # the long texts: wrapped in the spreadsheet


def cells(row: OutcomeRow) -> list[object]:
    return [
        row.name,
        row.employee_id,
        row.role,
        row.cohort,
        row.worked_on,
        row.result,
        row.figures,
        skills_in_words(row.skills),
        row.lead_note,
        row.consented_at.date().isoformat(),
    ]


def table(rows: list[OutcomeRow]) -> list[list[object]]:
    return [[safe_cell(cell) for cell in cells(row)] for row in rows]


def filename(program: Program, today: date, extension: str) -> str:
    """`upward-outcomes-digital-fluency-2026-11-30.csv`."""
    name = slugify(program.name)[:60] or "program"
    return f"upward-outcomes-{name}-{today.isoformat()}.{extension}"


def to_csv(rows: list[OutcomeRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(table(rows))
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def to_xlsx(rows: list[OutcomeRow]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Outcomes"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for found in table(rows):
        sheet.append(found)
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column in WRAPPED)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
