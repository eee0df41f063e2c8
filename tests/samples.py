"""Small HRIS files built in code, in the shapes real exports take."""

import io

from openpyxl import Workbook

BAMBOO_HEADER = [
    "Employee #",
    "First Name",
    "Last Name",
    "Work Email",
    "Job Title",
    "Department",
    "Division",
    "Supervisor EID",
    "Hire Date",
    "Status",
    "Level",
]


def csv_bytes(
    rows: list[list[object]],
    *,
    header: list[str] = BAMBOO_HEADER,
    delimiter: str = ",",
    bom: bool = False,
) -> bytes:
    lines = [delimiter.join(str(cell) for cell in row) for row in [header, *rows]]
    text = "\r\n".join(lines) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode()


def xlsx_bytes(rows: list[list[object]], *, header: list[str] = BAMBOO_HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def small_org() -> list[list[object]]:
    """A CEO, a director and two juniors, managers listed after their reports."""
    return [
        [
            "1003",
            "Ada",
            "Okoye",
            "ada@example.org",
            "Analyst",
            "Marketing",
            "Commercial",
            "1002",
            "2024-02-01",
            "Active",
            "2",
        ],
        [
            "1004",
            "Ben",
            "Ruiz",
            "ben@example.org",
            "Associate",
            "Sales",
            "Commercial",
            "1002",
            "2023-09-15",
            "Active",
            "1",
        ],
        [
            "1002",
            "Cleo",
            "Hart",
            "cleo@example.org",
            "Director",
            "Marketing",
            "Commercial",
            "1001",
            "2015-06-01",
            "Active",
            "8",
        ],
        [
            "1001",
            "Dan",
            "Mehta",
            "dan@example.org",
            "Chief Executive",
            "Operations",
            "Corporate",
            "",
            "2010-01-04",
            "Active",
            "10",
        ],
    ]
