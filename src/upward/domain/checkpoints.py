"""When a program's governance checkpoints fall.

Each cohort has its own kickoff, mid-pilot review and close, on its own dates (a program with
three intakes reviews each one mid-way, not the program's calendar midpoint). A program that
runs longer than six months adds quarterly checkpoints for the whole program, except where one
would fall within a month of a cohort's mid-pilot review (one meeting then serves both)."""

from dataclasses import dataclass
from datetime import date, timedelta

KICKOFF, MID, QUARTERLY, CLOSE = "kickoff", "mid", "quarterly", "close"
QUARTER = timedelta(days=91)
LONG_PROGRAM_DAYS = 183
CLOSE_ENOUGH_DAYS = 30


@dataclass(frozen=True)
class Span:
    """A cohort's dates (`cohort` is its id), or the program's (`cohort` None)."""

    cohort: int | None
    start: date
    end: date


@dataclass(frozen=True)
class Planned:
    cohort: int | None
    kind: str
    due: date


def plan(program: Span, cohorts: list[Span]) -> list[Planned]:
    """Every checkpoint the program should have, by date. Without cohorts the program's own dates
    stand in for one."""
    planned = [
        Planned(span.cohort, kind, due)
        for span in cohorts or [program]
        for kind, due in (
            (KICKOFF, span.start),
            (MID, span.start + (span.end - span.start) / 2),
            (CLOSE, span.end),
        )
    ]
    if (program.end - program.start).days > LONG_PROGRAM_DAYS:
        mids = [item.due for item in planned if item.kind == MID]
        quarter = program.start + QUARTER
        while quarter < program.end - timedelta(days=CLOSE_ENOUGH_DAYS):
            if all(abs((quarter - mid).days) > CLOSE_ENOUGH_DAYS for mid in mids):
                planned.append(Planned(None, QUARTERLY, quarter))
            quarter += QUARTER
    return sorted(planned, key=lambda item: (item.due, item.kind))
