"""Everything Upward holds about a person, as one machine-readable JSON document (GDPR art. 15
and 20). It reads the registry, so it covers every model the registry says holds their data."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.apps import apps
from django.db.models import Q, QuerySet

from upward.audit.models import AuditSubject
from upward.people.models import Employee
from upward.privacy.registry import EXPORTED

FORMAT = "upward-personal-data"


def export_person(employee: Employee) -> dict[str, Any]:
    records = {
        label: [_plain(row) for row in _rows(label, employee, fields)]
        for label, (_, fields) in EXPORTED.items()
    }
    return {
        "format": FORMAT,
        "version": 1,
        "person": str(employee.public_id),
        "notes": (
            "Anonymous survey answers carry no link to anyone and cannot be included. Pair "
            "records (sessions, goal, closure) are shared with your partner."
        ),
        "records": {label: rows for label, rows in records.items() if rows},
    }


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
