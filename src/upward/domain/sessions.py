"""Session plans and session-log rules."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from upward.domain import time_zones

MILESTONE_WEEK = 6
MAX_MINUTES = 480
MAX_TAG_LENGTH = 40


def plan(first_day: date, at: time, zone: str, cadence_days: int, until: date) -> list[datetime]:
    """Session start times from first_day every cadence_days until `until`, at the same local
    time in `zone` (so 10:00 in Berlin stays 10:00 across a DST change), returned in UTC."""
    tz = ZoneInfo(zone)
    starts, day = [], first_day
    while day <= until:
        starts.append(datetime.combine(day, at, tzinfo=tz).astimezone(ZoneInfo("UTC")))
        day += timedelta(days=cadence_days)
    return starts


def agendas(starts: list[datetime]) -> list[str]:
    """First meeting, the six-week milestone check, the closing session, and regular ones."""
    if not starts:
        return []
    labels = ["regular"] * len(starts)
    target = starts[0] + timedelta(weeks=MILESTONE_WEEK)
    milestone = min(range(len(starts)), key=lambda i: abs(starts[i] - target))
    if 0 < milestone < len(starts) - 1:
        labels[milestone] = "milestone"
    labels[-1] = "closing"
    labels[0] = "first"
    return labels


def log_problems(
    *, status: str, starts_at: datetime, now: datetime, minutes: int | None, tags: list[str]
) -> list[str]:
    problems = []
    if status == "held" and starts_at > now:
        problems.append("A session that hasn't started yet can't be marked as held.")
    if status == "held" and (minutes is None or not 1 <= minutes <= MAX_MINUTES):
        problems.append(f"Give how long it lasted, between 1 and {MAX_MINUTES} minutes.")
    long_tags = [t for t in tags if len(t) > MAX_TAG_LENGTH]
    if long_tags:
        problems.append(
            f"Tags are at most {MAX_TAG_LENGTH} characters: shorten “{long_tags[0][:20]}…”."
        )
    return problems


@dataclass(frozen=True)
class Member:
    """One member of the pair as a session check sees them: a name and an IANA zone."""

    name: str
    zone: str


HOURS = f"{time_zones.DAY_STARTS:%H:%M} to {time_zones.DAY_ENDS:%H:%M}"


def _for(member: Member) -> str:
    return f"{member.name} in {time_zones.city_of(member.zone)}"


def odd_hours(start: datetime, minutes: int, me: Member, partner: Member) -> str | None:
    """A plain warning when a meeting is outside 08:00-19:00 for either member, else None."""
    mine = time_zones.outside_day(start, minutes, me.zone)
    theirs = time_zones.outside_day(start, minutes, partner.zone)
    if not (mine or theirs):
        return None
    my_clock = time_zones.clock(start, me.zone)
    their_clock = time_zones.clock(start, partner.zone) + time_zones.day_note(
        start, partner.zone, me.zone
    )
    if mine and theirs:
        return (
            f"That's {my_clock} for you and {their_clock} for {_for(partner)}: "
            f"outside {HOURS} for both of you."
        )
    if theirs:
        return f"That's {their_clock} for {_for(partner)}, outside their {HOURS} day."
    return f"That's {my_clock} for you, outside your {HOURS} day."


def overlap_hint(day: date, minutes: int, me: Member, partner: Member) -> str:
    """When both members are within 08:00-19:00 on `day` (the viewer's day), in plain words."""
    window = time_zones.shared_window(day, me.zone, partner.zone)
    if window is None:
        return (
            f"Your {HOURS} days don't overlap at all, so one of you meets outside working "
            "hours: agree together who, and maybe take turns."
        )
    mine = f"{time_zones.clock(window.start, me.zone)} to {time_zones.clock(window.end, me.zone)}"
    theirs = (
        f"{time_zones.clock(window.start, partner.zone)} to "
        f"{time_zones.clock(window.end, partner.zone)}"
    )
    text = (
        f"Times that suit you both ({HOURS} for each of you): {mine} your time, "
        f"which is {theirs} for {_for(partner)}."
    )
    if window.minutes < minutes:
        text += f" That's shorter than a {minutes}-minute session."
    return text


def merge_notes(mine: str, theirs: str) -> str:
    """A first merge of two versions of the shared note for the writer to check: their text as
    they wrote it, then the partner's lines that it does not already contain, in the partner's
    order. Nothing either person wrote is dropped; duplicates are not repeated."""
    have = {line.strip() for line in mine.splitlines() if line.strip()}
    added = [line for line in theirs.splitlines() if line.strip() and line.strip() not in have]
    if not added:
        return mine
    return mine.rstrip() + "\n\n" + "\n".join(added) if mine.strip() else "\n".join(added)


def merge_tags(saved: set[str], before: set[str], chosen: set[str]) -> set[str]:
    """Topics after a save by someone who opened the log when it had `before` and now ticks
    `chosen`: their additions and removals apply to what is saved now, so a topic the partner
    added meanwhile stays (names compared without case)."""

    def key(names: set[str]) -> dict[str, str]:
        return {name.casefold(): name for name in names}

    added = key(chosen).keys() - key(before).keys()
    removed = key(before).keys() - key(chosen).keys()
    merged = {**key(saved), **{k: key(chosen)[k] for k in added}}
    return {name for k, name in merged.items() if k not in removed}
