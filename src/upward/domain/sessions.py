"""Session plans and session-log rules."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

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
