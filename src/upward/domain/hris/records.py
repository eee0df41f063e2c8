"""One spreadsheet row to one validated PersonRecord, or the reasons it cannot be one."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import date

from upward.domain.hris.columns import HeaderMap
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
    text,
)

MAX_TEXT = 200


@dataclass(frozen=True)
class PersonRecord:
    """What Upward keeps about a person from the HRIS; equal records mean nothing to update."""

    employee_id: str
    first_name: str
    last_name: str
    preferred_name: str
    email: str
    title: str
    department: str
    division: str
    level: int | None
    manager_id: str
    hire_date: date | None
    location: str
    time_zone: str
    status: Status
    exit_date: date | None
    exit_type: ExitType

    def changed_fields(self, other: "PersonRecord") -> tuple[str, ...]:
        return tuple(
            f.name for f in fields(self) if getattr(self, f.name) != getattr(other, f.name)
        )


@dataclass(frozen=True)
class RowError:
    row: int  # the row number a spreadsheet shows (the header is row 1)
    employee_id: str
    message: str


def read_row(
    cells: Sequence[object], headers: HeaderMap, *, row: int, day_first: bool | None
) -> PersonRecord | list[RowError]:
    reader = _RowReader(cells, headers, row=row, day_first=day_first)
    record = reader.record()
    return reader.errors if reader.errors else record


class _RowReader:
    def __init__(
        self, cells: Sequence[object], headers: HeaderMap, *, row: int, day_first: bool | None
    ) -> None:
        self.cells, self.headers, self.row, self.day_first = cells, headers, row, day_first
        self.errors: list[RowError] = []
        self.employee_id = self.text("employee_id")

    def cell(self, field: str) -> object:
        position = self.headers.index.get(field)
        if position is None or position >= len(self.cells):
            return None
        return self.cells[position]

    def fail(self, message: str) -> None:
        self.errors.append(RowError(self.row, self.employee_id, message))

    def text(self, field: str) -> str:
        value = text(self.cell(field))
        if len(value) > MAX_TEXT:
            self.errors.append(
                RowError(
                    self.row,
                    "",
                    f"{field.replace('_', ' ').capitalize()} is longer than {MAX_TEXT} characters.",
                )
            )
            return value[:MAX_TEXT]
        return value

    def parsed[T](self, parse: Callable[[object], T], field: str, fallback: T) -> T:
        try:
            return parse(self.cell(field))
        except CellError as error:
            self.fail(f"{field.replace('_', ' ').capitalize()}: {error}")
            return fallback

    def date_cell(self, field: str) -> date | None:
        return self.parsed(lambda v: parse_date(v, day_first=self.day_first), field, None)

    def names(self) -> tuple[str, str]:
        first, last = self.text("first_name"), self.text("last_name")
        if not (first or last):
            first, _, last = self.text("full_name").rpartition(" ")
            first, last = (first, last) if first else (last, "")
        if not first and not last:
            self.fail("Name is empty.")
        return first, last

    def record(self) -> PersonRecord:
        if not self.employee_id:
            self.fail("Employee id is empty.")
        first, last = self.names()
        hire_date, exit_date = self.date_cell("hire_date"), self.date_cell("exit_date")
        status = self.parsed(parse_status, "status", None)
        exit_type = self.parsed(parse_exit_type, "exit_type", ExitType.UNKNOWN)
        status = self.check_exit(status, exit_date, exit_type)
        if hire_date and exit_date and exit_date < hire_date:
            self.fail(f"Exit date {exit_date} is before hire date {hire_date}.")
        manager_id = self.text("manager_id")
        if manager_id and manager_id == self.employee_id:
            self.fail("A person cannot be their own manager.")
        return PersonRecord(
            employee_id=self.employee_id,
            first_name=first,
            last_name=last,
            preferred_name=self.text("preferred_name"),
            email=self.parsed(parse_email, "email", ""),
            title=self.text("title"),
            department=self.text("department"),
            division=self.text("division"),
            level=self.parsed(parse_level, "level", None),
            manager_id=manager_id,
            hire_date=hire_date,
            location=self.text("location"),
            time_zone=self.parsed(parse_time_zone, "time_zone", ""),
            status=status,
            exit_date=exit_date,
            exit_type=exit_type,
        )

    def check_exit(
        self, status: Status | None, exit_date: date | None, exit_type: ExitType
    ) -> Status:
        if status is None:
            status = Status.EXITED if exit_date else Status.ACTIVE
        if status is Status.EXITED and exit_date is None:
            self.fail("Status says the person has left, but there is no exit date.")
        if status is not Status.EXITED and (exit_date or exit_type):
            self.fail(
                "An exit date or exit type is given for someone whose status is "
                f"{status.value.replace('_', ' ')}."
            )
        return status
