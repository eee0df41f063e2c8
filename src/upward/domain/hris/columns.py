"""Header aliases for common HRIS exports (BambooHR-, Workday-style and plain headers)."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Canonical field -> headers seen in the wild. Matching ignores case, spaces and punctuation.
ALIASES: dict[str, tuple[str, ...]] = {
    "employee_id": (
        "Employee #",
        "employeeNumber",
        "Employee Number",
        "Employee ID",
        "Employee_ID",
        "EID",
        "Worker ID",
        "Staff ID",
        "Person Number",
    ),
    "first_name": ("First Name", "Legal First Name", "Given Name", "Forename"),
    "last_name": ("Last Name", "Legal Last Name", "Family Name", "Surname"),
    "full_name": ("Name", "Full Name", "Employee Name", "Worker", "Display Name"),
    "preferred_name": ("Preferred Name", "Nickname", "Known As"),
    "email": ("Work Email", "Primary Work Email", "Email", "Email Address", "Business Email"),
    "title": ("Job Title", "Business Title", "Title", "Position"),
    "department": ("Department", "Supervisory Organization", "Team"),
    "division": ("Division", "Business Unit"),
    "level": ("Level", "Grade", "Job Level", "Job Grade", "Pay Grade", "Career Level"),
    "manager_id": (
        "Supervisor EID",
        "Manager (Employee ID)",
        "Manager Employee ID",
        "Manager ID",
        "Reports To ID",
        "Supervisor ID",
        "Line Manager ID",
    ),
    "hire_date": ("Hire Date", "Original Hire Date", "Start Date", "Date of Hire"),
    "location": ("Location", "Work Location", "Office"),
    "time_zone": ("Time Zone", "Timezone", "TZ"),
    "status": ("Status", "Employment Status", "Worker Status", "Employee Status"),
    "exit_date": ("Termination Date", "Exit Date", "Leaving Date", "Separation Date"),
    "exit_type": ("Termination Type", "Exit Type", "Termination Reason", "Leaving Reason"),
}

REQUIRED = ("employee_id", "email")


def normalise_header(header: str) -> str:
    text = str(header).strip().lower().replace("#", " number ")
    return re.sub(r"[^a-z0-9]+", "", text)


_LOOKUP = {normalise_header(alias): field for field, names in ALIASES.items() for alias in names}


@dataclass(frozen=True)
class HeaderMap:
    """Column index for each recognised field, and the headers we did not recognise."""

    index: dict[str, int]
    ignored: tuple[str, ...]
    problems: tuple[str, ...]


def map_headers(headers: Sequence[object]) -> HeaderMap:
    index: dict[str, int] = {}
    ignored: list[str] = []
    problems: list[str] = []
    for position, raw in enumerate(headers):
        label = "" if raw is None else str(raw).strip()
        field = _LOOKUP.get(normalise_header(label))
        if field is None:
            if label:
                ignored.append(label)
        elif field in index:
            problems.append(
                f"Two columns mean the same thing ({field.replace('_', ' ')}): keep one of them."
            )
        else:
            index[field] = position
    problems.extend(_missing_required(index))
    return HeaderMap(index=index, ignored=tuple(ignored), problems=tuple(problems))


def _missing_required(index: dict[str, int]) -> list[str]:
    missing = [
        f"No column for {field.replace('_', ' ')} (for example "
        f'"{ALIASES[field][0]}" or "{ALIASES[field][3]}").'
        for field in REQUIRED
        if field not in index
    ]
    has_name = "full_name" in index or ("first_name" in index and "last_name" in index)
    if not has_name:
        missing.append('No name columns: give "First Name" and "Last Name", or "Name".')
    return missing
