"""HRIS outcomes for people from a date: retention spells, 12-month status and promotions.

Events are voluntary exits; involuntary exits and today's cut-off censor. Nothing here is shown
per person: these feed the aggregates only.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from upward.domain.hris.values import ExitType
from upward.domain.metrics.survival import Spell
from upward.people.models import Employee, PromotionRecord

YEAR = 365


@dataclass(frozen=True)
class Outcome:
    employee_id: int
    index_date: date
    spell: Spell
    promoted_within_year: bool | None  # None while followed for less than a year


def outcomes(index_dates: dict[int, date], today: date) -> list[Outcome]:
    """One outcome per employee id, from their index date (two queries)."""
    if not index_dates:
        return []
    exits = dict(
        Employee.objects.filter(pk__in=index_dates).values_list("pk", "exit_date").iterator()
    )
    kinds = dict(Employee.objects.filter(pk__in=index_dates).values_list("pk", "exit_type"))
    promotions: dict[int, list[date]] = defaultdict(list)
    for employee_id, day in PromotionRecord.objects.filter(employee_id__in=index_dates).values_list(
        "employee_id", "effective_date"
    ):
        promotions[employee_id].append(day)
    found = []
    for employee_id, start in index_dates.items():
        exit_date = exits.get(employee_id)
        left = exit_date is not None and start < exit_date <= today
        end = exit_date if left and exit_date is not None else today
        event = left and kinds.get(employee_id) == ExitType.VOLUNTARY
        days = max(0, (end - start).days)
        followed_year = (today - start).days >= YEAR
        promoted = any(
            start < day <= date.fromordinal(start.toordinal() + YEAR)
            for day in promotions[employee_id]
        )
        found.append(
            Outcome(
                employee_id,
                start,
                Spell(float(days), event),
                promoted if followed_year or promoted else None,
            )
        )
    return found


def retained_at(items: Iterable[Outcome], day: int) -> tuple[int, int]:
    """(retained, followed): among people followed `day` days or who left voluntarily before."""
    followed = [o for o in items if o.spell.days >= day or o.spell.event]
    kept = sum(1 for o in followed if not (o.spell.event and o.spell.days <= day))
    return kept, len(followed)
