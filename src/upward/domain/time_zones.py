"""Time zones as people see them: the list to pick from, names in plain words, and the hours
two members of a pair can both meet.

Everything works on aware datetimes and IANA zone names; nothing here reads the clock.
"""

import difflib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

# Offered first in the picker: where most of our customers' people work.
COMMON_ZONES = (
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Amsterdam",
    "Europe/Madrid",
    "Europe/Warsaw",
    "America/New_York",
    "America/Toronto",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "UTC",
)

DAY_STARTS = time(8, 0)
DAY_ENDS = time(19, 0)

# Left out of the picker: they are links for old systems, not places.
_NOT_PLACES = ("Factory", "localtime", "posixrules")


@cache
def all_zones() -> tuple[str, ...]:
    """Every IANA zone this machine knows, alphabetically."""
    return tuple(
        sorted(
            z
            for z in available_timezones()
            if z not in _NOT_PLACES and not z.startswith(("posix/", "right/"))
        )
    )


def zone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a select: the common zones first, then every zone."""
    known = set(all_zones())
    common = [(z, label_of(z)) for z in COMMON_ZONES if z in known]
    return [
        ("Common", common),
        ("All time zones", [(z, label_of(z)) for z in all_zones()]),
    ]


def label_of(zone: str) -> str:
    """'Asia/Singapore' -> 'Singapore (Asia/Singapore)', for a picker."""
    city = city_of(zone)
    return zone if city == zone else f"{city} ({zone})"


def city_of(zone: str) -> str:
    """The last part of the name, as people say it: 'America/New_York' -> 'New York'."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


@cache
def _by_lower_name() -> dict[str, str]:
    return {z.lower(): z for z in all_zones()}


@cache
def _by_city() -> dict[str, list[str]]:
    cities: dict[str, list[str]] = {}
    for zone in all_zones():
        if "/" in zone:
            cities.setdefault(city_of(zone).lower(), []).append(zone)
    return cities


class UnknownZone(ValueError):
    """A name that is not an IANA time zone; the message says what to pick instead."""


def resolve(value: str) -> str:
    """The IANA name for what someone typed or picked: an exact name in any case, or a city
    that names exactly one zone ('london' -> 'Europe/London'). Raises UnknownZone."""
    typed = value.strip()
    key = typed.lower()
    if key in _by_lower_name():
        return _by_lower_name()[key]
    matches = _by_city().get(key.replace("_", " "), [])
    if len(matches) == 1:
        return matches[0]
    shown = typed[:40]
    if not shown:
        raise UnknownZone("Choose a time zone from the list.")
    close = difflib.get_close_matches(key, list(_by_lower_name()) + list(_by_city()), n=3)
    names = [_by_lower_name().get(c) or _by_city()[c][0] for c in close]
    hint = f" Did you mean {' or '.join(dict.fromkeys(names))}?" if names else ""
    raise UnknownZone(
        f"We don't know the time zone “{shown}”. Pick one from the list, "
        f"like Europe/London or Asia/Singapore.{hint}"
    )


def abbreviation(moment: datetime, zone: str) -> str:
    """'GMT', 'CET', 'EST'; where the zone has no letters (Singapore is '+08'), 'UTC+8'."""
    local = moment.astimezone(ZoneInfo(zone))
    name = local.tzname() or ""
    if name and name[0] not in "+-":
        return name
    offset = local.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_name(moment: datetime, zone: str) -> str:
    """'Singapore time (UTC+8)', 'London time (GMT)', 'UTC'."""
    if zone in ("UTC", "Etc/UTC"):
        return "UTC"
    return f"{city_of(zone)} time ({abbreviation(moment, zone)})"


def when(moment: datetime, zone: str) -> str:
    """'Tue 1 Dec, 09:00 Singapore time (UTC+8)'."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M} {zone_name(moment, zone)}"


def clock(moment: datetime, zone: str) -> str:
    """'17:00': the local clock time in `zone`."""
    return f"{moment.astimezone(ZoneInfo(zone)):%H:%M}"


def day_note(moment: datetime, zone: str, beside: str) -> str:
    """' on Mon 30 Nov' when the local day in `zone` differs from the one in `beside`."""
    here = moment.astimezone(ZoneInfo(zone))
    there = moment.astimezone(ZoneInfo(beside))
    if here.date() == there.date():
        return ""
    return f" on {here:%a} {here.day} {here:%b}"


def outside_day(start: datetime, minutes: int, zone: str) -> bool:
    """True when a meeting of `minutes` from `start` is not inside 08:00-19:00 in `zone`."""
    tz = ZoneInfo(zone)
    local = start.astimezone(tz)
    opens = datetime.combine(local.date(), DAY_STARTS, tzinfo=tz)
    closes = datetime.combine(local.date(), DAY_ENDS, tzinfo=tz)
    return not (opens <= start and start + timedelta(minutes=minutes) <= closes)


@dataclass(frozen=True)
class Window:
    """A stretch of time both members are within their working day, as aware datetimes."""

    start: datetime
    end: datetime

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


def _day_window(day: date, zone: str) -> Window:
    tz = ZoneInfo(zone)
    return Window(
        datetime.combine(day, DAY_STARTS, tzinfo=tz), datetime.combine(day, DAY_ENDS, tzinfo=tz)
    )


def shared_window(day: date, zone: str, other_zone: str) -> Window | None:
    """Where the 08:00-19:00 day in `zone` on `day` overlaps the other member's 08:00-19:00
    (on whichever of their days falls then), or None when the two days don't overlap at all.
    Works on real instants, so days when either zone changes its clocks come out right."""
    mine = _day_window(day, zone)
    best: Window | None = None
    for shift in (-1, 0, 1):
        theirs = _day_window(day + timedelta(days=shift), other_zone)
        start, end = max(mine.start, theirs.start), min(mine.end, theirs.end)
        if start < end and (best is None or end - start > best.end - best.start):
            best = Window(start, end)
    return best
