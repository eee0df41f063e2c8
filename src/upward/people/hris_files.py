"""Reading HRIS exports (CSV and XLSX) safely into header + rows of cells.

Files are checked before any parser opens them: size, that the bytes match the name
(a .csv that is really a zip, an .xlsx that is not a workbook), and, for workbooks, the zip's
member count and unpacked size, so a zip bomb never reaches openpyxl.

Only the columns Upward maps are ever stored: `mapped_only` turns the upload into a CSV of
those columns before anything is saved, so a column such as "Pay Rate" never reaches the
database.
"""

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import PurePath

from upward.domain.hris.columns import map_headers

MAX_XLSX_MEMBERS = 1000
MAX_XLSX_UNPACKED = 50 * 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
_DELIMITERS = ",;\t|"


class UploadRejected(ValueError):
    """The file cannot be imported at all; the message says why, in plain words."""


@dataclass(frozen=True)
class Upload:
    filename: str
    kind: str  # "csv" or "xlsx"
    content: bytes


@dataclass(frozen=True)
class Table:
    header: list[object]
    rows: list[Sequence[object]]


def inspect_upload(filename: str, content: bytes, *, max_bytes: int) -> Upload:
    name = PurePath(filename).name or "upload"
    suffix = PurePath(name).suffix.lower()
    if len(content) > max_bytes:
        raise UploadRejected(
            f"The file is {len(content) / 1e6:.1f} MB; the limit is "
            f"{max_bytes / 1e6:.0f} MB. Split it or remove unused columns."
        )
    if not content.strip():
        raise UploadRejected("The file is empty.")
    if suffix in {".csv", ".txt", ".tsv"}:
        _check_text(content)
        return Upload(name, "csv", content)
    if suffix == ".xlsx":
        _check_workbook(content)
        return Upload(name, "xlsx", content)
    if suffix == ".xls" or content.startswith(_OLE_MAGIC):
        raise UploadRejected("Old .xls workbooks are not supported: save it as .xlsx or .csv.")
    raise UploadRejected(f'"{name}" is neither a .csv nor an .xlsx file.')


def _check_text(content: bytes) -> None:
    if content.startswith(_ZIP_MAGIC):
        raise UploadRejected(
            "This file is named .csv but is a zip archive (perhaps an Excel "
            "workbook): rename it to .xlsx or export it as CSV."
        )
    if b"\x00" in content[:8192]:
        raise UploadRejected("This file is named .csv but is not text.")


def _check_workbook(content: bytes) -> None:
    if not content.startswith(_ZIP_MAGIC):
        raise UploadRejected("This file is named .xlsx but is not an Excel workbook.")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise UploadRejected("This .xlsx file is damaged and cannot be opened.") from None
    if len(members) > MAX_XLSX_MEMBERS:
        raise UploadRejected("This workbook has too many parts to be an HRIS export.")
    if sum(member.file_size for member in members) > MAX_XLSX_UNPACKED:
        raise UploadRejected(
            "This workbook unpacks to more than 50 MB: export the people sheet alone, or as CSV."
        )
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        raise UploadRejected("This .xlsx file is a zip archive but not an Excel workbook.")


def read_table(upload: Upload) -> Table:
    cells: list[Sequence[object]] = (
        list(_read_xlsx(upload.content))
        if upload.kind == "xlsx"
        else list(_read_csv(upload.content))
    )
    rows = iter(cells)
    for header in rows:
        if any(cell not in (None, "") for cell in header):
            return Table(header=list(header), rows=list(rows))
    raise UploadRejected("The file has no header row.")


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")  # also drops the BOM Excel writes
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows


def _read_csv(content: bytes) -> list[list[str]]:
    text = _decode(content)
    sample = text[:16384]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, _DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        return list(reader)
    except csv.Error as error:  # a value over the field limit (128 KiB), or a stray NUL byte
        raise UploadRejected(
            f"Line {reader.line_num} cannot be read ({error}). No HRIS value is that long: "
            "re-export the file from the HRIS as CSV and check that line."
        ) from None


def _read_xlsx(content: bytes) -> list[tuple[object, ...]]:
    from openpyxl import load_workbook  # imported here: only imports pay for it

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UploadRejected(
            "This workbook could not be read; re-export it from the HRIS."
        ) from error
    try:
        sheet = workbook.worksheets[0]
        return [tuple(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell(value: object) -> str:
    """A cell as the text a CSV export would hold (dates as ISO dates, 3.0 as 3)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time.min else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def mapped_only(table: Table) -> tuple[bytes, tuple[str, ...]]:
    """The table as a CSV of the mapped columns only, and the headers left out.

    A header the importer cannot use (a required column missing, two columns for one field)
    is kept alone, without a single row, so the check still names the problem.
    """
    headers = map_headers(table.header)
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    if headers.problems:
        writer.writerow([_cell(cell) for cell in table.header])
        return buffer.getvalue().encode("utf-8"), headers.ignored
    columns = sorted(headers.index.values())
    writer.writerow([_cell(table.header[i]) for i in columns])
    for row in table.rows:
        writer.writerow([_cell(row[i]) if i < len(row) else "" for i in columns])
    return buffer.getvalue().encode("utf-8"), headers.ignored
