"""Parsers for single cells. Each returns a clean value or raises CellError with a reason
a person can act on."""

import re
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache
from zoneinfo import available_timezones


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to the person importing."""


class Status(StrEnum):
    ACTIVE = "active"
    ON_LEAVE = "on_leave"
    EXITED = "exited"


class ExitType(StrEnum):
    VOLUNTARY = "voluntary"
    INVOLUNTARY = "involuntary"
    UNKNOWN = ""


_STATUS_WORDS = {
    "active": Status.ACTIVE,
    "employed": Status.ACTIVE,
    "current": Status.ACTIVE,
    "onleave": Status.ON_LEAVE,
    "leave": Status.ON_LEAVE,
    "leaveofabsence": Status.ON_LEAVE,
    "inactive": Status.EXITED,
    "terminated": Status.EXITED,
    "exited": Status.EXITED,
    "left": Status.EXITED,
    "former": Status.EXITED,
}
_EXIT_WORDS = {
    "voluntary": ExitType.VOLUNTARY,
    "resignation": ExitType.VOLUNTARY,
    "resigned": ExitType.VOLUNTARY,
    "retirement": ExitType.VOLUNTARY,
    "involuntary": ExitType.INVOLUNTARY,
    "dismissal": ExitType.INVOLUNTARY,
    "dismissed": ExitType.INVOLUNTARY,
    "layoff": ExitType.INVOLUNTARY,
    "redundancy": ExitType.INVOLUNTARY,
    "endofcontract": ExitType.INVOLUNTARY,
    "terminated": ExitType.INVOLUNTARY,
}
# Excel counts days from 1899-12-30 (it keeps Lotus's phantom 29 Feb 1900).
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_MAX_SERIAL = 2958465  # 9999-12-31
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NUMERIC_DATE = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
# "14-Mar-2022", "14 Mar 2022", "14 march 22": day, English month name, year.
_NAMED_MONTH_DATE = re.compile(r"^(\d{1,2})(?:[\s\-/.]+)([a-z]+)\.?(?:[\s\-/.,]+)(\d{2}|\d{4})$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


def text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # "1001.0" from a spreadsheet is the id 1001
    return str(value).strip()


def _word(value: object) -> str:
    return re.sub(r"[^a-z]", "", text(value).lower())


def parse_status(value: object) -> Status | None:
    if not text(value):
        return None
    try:
        return _STATUS_WORDS[_word(value)]
    except KeyError:
        raise CellError(
            f'Unknown status "{text(value)}": use Active, On leave or Terminated.'
        ) from None


def parse_exit_type(value: object) -> ExitType:
    if not text(value):
        return ExitType.UNKNOWN
    try:
        return _EXIT_WORDS[_word(value)]
    except KeyError:
        raise CellError(
            f'Unknown exit type "{text(value)}": use Voluntary or Involuntary.'
        ) from None


def parse_email(value: object) -> str:
    email = text(value).lower()
    if not _EMAIL.match(email):
        raise CellError(f'"{text(value)}" is not an email address.' if email else "it is empty.")
    return email


def parse_level(value: object) -> int | None:
    raw = text(value)
    if not raw:
        return None
    match = re.search(r"(\d+)\s*$", raw)
    if not match:
        raise CellError(f'"{raw}" has no number (expected a grade such as 5 or L5).')
    level = int(match.group(1))
    if not 1 <= level <= 30:
        raise CellError(f"{level} is outside 1-30.")
    return level


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def parse_time_zone(value: object) -> str:
    zone = text(value)
    if not zone:
        return ""
    if zone not in _zones():
        raise CellError(f'Unknown time zone "{zone}": use a name such as Europe/Berlin.')
    return zone


def parse_date(value: object, *, day_first: bool | None) -> date | None:
    """Read a date from a spreadsheet cell or a CSV string.

    day_first is the file's locale hint: True for dd/mm/yyyy, False for mm/dd/yyyy, None to
    decide per cell (an ambiguous cell such as 03/04/2024 is then an error, never a guess).
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_excel_serial(float(value))
    raw = text(value)
    if not raw:
        return None
    if re.fullmatch(r"\d+(\.0+)?", raw) and len(raw.split(".")[0]) <= 7:
        return _from_excel_serial(float(raw))
    iso = raw[:10]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        return _checked_date(int(iso[:4]), int(iso[5:7]), int(iso[8:10]), raw)
    named = _NAMED_MONTH_DATE.match(raw.lower())
    if named:
        return _named_month_date(*named.groups(), raw=raw)
    match = _NUMERIC_DATE.match(raw)
    if not match:
        raise CellError(f'"{raw}" is not a date (use 2024-03-31, 31/03/2024 or 31-Mar-2024).')
    return _numeric_date(*(int(part) for part in match.groups()), raw=raw, day_first=day_first)


def _named_month_date(day: str, month: str, year: str, *, raw: str) -> date:
    """A day, an English month name or its abbreviation (any case) and a year: never ambiguous."""
    number = _MONTHS.get(month)
    if number is None:
        raise CellError(f'"{raw}" has a month Upward does not know: write it as Jan, Feb, Mar...')
    return _checked_date(_full_year(int(year)), number, int(day), raw)


def _full_year(year: int) -> int:
    if year >= 100:
        return year
    return year + (2000 if year < 70 else 1900)


def _numeric_date(a: int, b: int, c: int, *, raw: str, day_first: bool | None) -> date:
    if a > 31:  # yyyy/mm/dd
        return _checked_date(a, b, c, raw)
    year = _full_year(c)
    if day_first is None:
        if a > 12 >= b:
            day_first = True
        elif b > 12 >= a:
            day_first = False
        elif a == b:
            day_first = True
        else:
            raise CellError(
                f'"{raw}" could be day-first or month-first: choose the date order for this file.'
            )
    day, month = (a, b) if day_first else (b, a)
    return _checked_date(year, month, day, raw)


def _checked_date(year: int, month: int, day: int, raw: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(f'"{raw}" is not a real calendar date.') from None


def _from_excel_serial(serial: float) -> date:
    if not 1 <= serial <= _EXCEL_MAX_SERIAL:
        raise CellError(f"{serial:g} is not a date.")
    return _EXCEL_EPOCH + timedelta(days=int(serial))
