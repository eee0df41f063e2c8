"""HRIS outcomes for people from a date: retention spells, 12-month status and promotions.

Events are voluntary exits; involuntary exits and today's cut-off censor. Nothing here is shown
per person: these feed the aggregates only. Pure Python: the rows come from impact/loader.py.

Follow-up rule for every "at 12 months" share (retention and promotion alike): a person counts
only once their index date is at least 12 months before the data cut-off. Someone followed for
less is censored: left out of the share whatever has happened to them so far, because counting
the early events (an exit, a promotion) while leaving out those still waiting would count only
events. An involuntary exit before the horizon censors too (for retention).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from upward.domain.hris.values import ExitType
from upward.domain.metrics.dataset import EmployeeRow
from upward.domain.metrics.proportions import rate, rate_difference
from upward.domain.metrics.record import Metric, Status
from upward.domain.metrics.results import Arms, Promotion, Share
from upward.domain.metrics.survival import Spell

YEAR = 365

FOLLOW_UP_RULE = (
    "only people whose start was at least 12 months before the data cut-off count; anyone "
    "followed for less is censored (left out), whatever has happened to them so far"
)


@dataclass(frozen=True)
class Outcome:
    employee_id: int
    index_date: date
    spell: Spell
    followed_days: int  # from the index date to the data cut-off, whatever happened since
    promoted_within_year: bool | None  # None while followed for less than a year (censored)
    promoted_so_far: bool = False  # promoted after the index date, within a year of it


IndexDates = Mapping[int, date] | Iterable[tuple[int, date]]


def _rows(index_dates: IndexDates) -> list[tuple[int, date]]:
    if isinstance(index_dates, Mapping):
        return list(index_dates.items())
    return list(index_dates)


def follow(
    index_dates: IndexDates, people: Mapping[int, EmployeeRow], today: date
) -> list[Outcome]:
    """One outcome per (employee id, index date) row, in order: a control matched in two
    cohorts is two rows, each from its own index date. `people` holds each one's exit and
    promotions; someone missing from it is followed as still employed and never promoted."""
    found = []
    for employee_id, start in _rows(index_dates):
        person = people.get(employee_id)
        exit_date = person.exit_date if person else None
        left = exit_date is not None and start < exit_date <= today
        end = exit_date if left and exit_date is not None else today
        event = left and person is not None and person.exit_type == ExitType.VOLUNTARY
        followed = (today - start).days
        year_end = date.fromordinal(start.toordinal() + YEAR)
        promotions = person.promotions if person else ()
        promoted = any(start < day <= min(year_end, today) for day in promotions)
        found.append(
            Outcome(
                employee_id,
                start,
                Spell(float(max(0, (end - start).days)), event),
                max(0, followed),
                promoted if followed >= YEAR else None,
                promoted,
            )
        )
    return found


def retained_at(items: Iterable[Outcome], day: int) -> tuple[int, int]:
    """(retained, counted) at `day` days: among people whose index date is at least `day` days
    before the cut-off and who were not censored (involuntary exit) before `day`."""
    counted = [
        o for o in items if o.followed_days >= day and (o.spell.event or o.spell.days >= day)
    ]
    kept = sum(1 for o in counted if not (o.spell.event and o.spell.days <= day))
    return kept, len(counted)


def promoted_in_year(items: Iterable[Outcome]) -> tuple[int, int, int, int]:
    """(promoted within 12 months, counted, censored, promoted among the censored): people
    followed a full year count (one who left before being promoted counts as not promoted); the
    rest are censored, and the last number says how many of them were promoted so far."""
    listed = list(items)
    counted = [o for o in listed if o.promoted_within_year is not None]
    censored = [o for o in listed if o.promoted_within_year is None]
    return (
        sum(1 for o in counted if o.promoted_within_year),
        len(counted),
        len(censored),
        sum(1 for o in censored if o.promoted_so_far),
    )


PROMOTED = "Promoted within 12 months of starting"


def promotion_section(
    mine: list[Outcome], theirs: list[Outcome], what: str = PROMOTED
) -> Promotion:
    """Participants against their matched controls: each arm's share with a Wilson interval, the
    difference with Newcombe's interval (Fisher's exact test from 10 per arm), and the counts
    every page prints, from this one record."""
    k_p, n_p, censored_p, early_p = promoted_in_year(mine)
    k_c, n_c, censored_c, early_c = promoted_in_year(theirs)
    rule = f"{what}; {FOLLOW_UP_RULE}"
    censored = (
        f"Not yet followed 12 months, so censored: {censored_p} participants and {censored_c} "
        f"controls (of whom {early_p} and {early_c} were promoted so far, not counted)."
        if censored_p or censored_c
        else ""
    )
    difference = (
        rate_difference(k_p, n_p, k_c, n_c, rule)
        if n_p and n_c
        else Metric.insufficient(
            min(n_p, n_c), rule + ": difference in shares", "No one followed for 12 months yet."
        )
    )
    if censored and difference.status is not Status.SUPPRESSED:
        notes = (difference.note.rstrip("."), censored) if difference.note else (censored,)
        difference = replace(difference, note=". ".join(notes))
    never = Metric.insufficient(0, what, "No one followed for 12 months yet.")
    return Promotion(
        difference=difference,
        participants=rate(k_p, n_p, what) if n_p else never,
        controls=rate(k_c, n_c, what) if n_c else never,
        counts=Arms(Share(k_p, n_p), Share(k_c, n_c)),
        censored=Arms(censored_p, censored_c),
    )
