"""What Upward holds about a person, as one machine-readable JSON document (GDPR art. 15 and 20).

Two documents, each saying what the screens say:

- `export_person`: the person's own download. Everything the registry lists, which is what they
  wrote and what the screens show them; not what others wrote or answered about them in
  confidence (a lead's flag on their pair, a mentee's ranking of them), and their partner's
  skill ratings of them only as the cohort's suppressed aggregate, never a rater.
- `export_for_admin`: a site administrator's export of someone. Who they are, their account,
  roles, pair membership and dates, and how many of the things they wrote in confidence; the
  words are in their own download, which only they can make.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.apps import apps
from django.db.models import Q, QuerySet

from upward.audit.models import AuditSubject
from upward.competencies.models import SkillRating
from upward.people.models import Employee
from upward.privacy.registry import ADMIN_COUNTED, ADMIN_SHOWN, EXPORTED
from upward.programs.models import Cohort

FORMAT = "upward-personal-data"
ADMIN_FORMAT = "upward-personal-data-administrator-view"

OWN_NOTES = (
    "Anonymous survey answers carry no link to anyone and cannot be included. Pair records "
    "(sessions, goal, closure) are shared with your partner. Your partner's ratings of your "
    "skills are confidential even to you: they are given as your cohort's figures, hidden when "
    "fewer than five people stand behind them, as on the results page."
)
ADMIN_NOTES = (
    "What a site administrator may see about this person: who they are, their account, program "
    "roles, pair membership and dates, and how many records they have of each kind. What they "
    "wrote or said in confidence (session notes, concerns, milestone reflections, journal, "
    "intake goals, closing reflections, survey answers, skill ratings, diversity answers) is not "
    "here: the program lead and administrators do not see it, on screen or in an export. It is "
    "in the person's own download (Your profile, 'Download my data', /me/data.json), which only "
    "they can make."
)


def export_person(employee: Employee) -> dict[str, Any]:
    records = {
        label: [_plain(row) for row in _rows(label, employee, fields)]
        for label, (_, fields) in EXPORTED.items()
    }
    return {
        "format": FORMAT,
        "version": 2,
        "person": str(employee.public_id),
        "notes": OWN_NOTES,
        "records": {label: rows for label, rows in records.items() if rows},
        "partner_ratings_of_you": _partner_ratings(employee),
    }


def export_for_admin(employee: Employee) -> dict[str, Any]:
    records = {
        label: [_plain(row) for row in _rows(label, employee, fields)]
        for label, fields in ADMIN_SHOWN.items()
    }
    counts = {label: _rows(label, employee, ("pk",)).count() for label in ADMIN_COUNTED}
    return {
        "format": ADMIN_FORMAT,
        "version": 1,
        "person": str(employee.public_id),
        "notes": ADMIN_NOTES,
        "records": {label: rows for label, rows in records.items() if rows},
        "counts": {label: n for label, n in counts.items() if n},
    }


def _partner_ratings(employee: Employee) -> list[dict[str, Any]]:
    """Per cohort: how many partner ratings of them there are, and the cohort's partner-rated
    level before and after (None under the privacy floor), as the results page shows it."""
    from upward.impact.compute import skills_overall

    of_them = SkillRating.objects.filter(
        employee=employee, rater_kind=SkillRating.RaterKind.PARTNER
    )
    cohorts = Cohort.objects.filter(pk__in=of_them.values("cohort_id")).order_by("start_date")
    out = []
    for cohort in cohorts:
        overall = skills_overall(cohort)
        out.append(
            {
                "cohort": cohort.name,
                "ratings_of_you": of_them.filter(cohort=cohort).count(),
                "cohort_level_before": overall["before"],
                "cohort_level_after": overall["after"],
            }
        )
    if of_them.filter(cohort__isnull=True).exists():
        out.append(
            {
                "cohort": None,
                "ratings_of_you": of_them.filter(cohort__isnull=True).count(),
                "cohort_level_before": None,
                "cohort_level_after": None,
            }
        )
    return out


def _rows(label: str, employee: Employee, fields: tuple[str, ...]) -> QuerySet[Any]:
    model = apps.get_model(label)
    return model._base_manager.filter(_about(label, employee)).distinct().values(*fields)


def _about(label: str, employee: Employee) -> Q:
    lookups, _ = EXPORTED[label]
    if lookups == ("to_person",):
        return Q(to__iexact=employee.email)
    if lookups == ("audit_subject",):
        keys = AuditSubject.objects.filter(Q(employee=employee) | Q(user__employee=employee))
        values = list(keys.values_list("key", flat=True))
        return Q(actor__in=values) | Q(subject__in=values)
    if lookups == ("skill_ratings",):
        # Given by them, or about them by themself or their manager; never a partner's of them.
        return Q(rater=employee) | (
            Q(employee=employee) & ~Q(rater_kind=SkillRating.RaterKind.PARTNER)
        )
    query = Q()
    for lookup in lookups:
        query |= Q(pk=employee.pk) if lookup == "pk" else Q(**{lookup: employee})
    return query


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {key: _value(value) for key, value in row.items()}


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID | Decimal):
        return str(value)
    return value
