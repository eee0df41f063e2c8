"""Refreshing the precomputed results, and the lead's edits to the inputs."""

import math
import time
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from upward.impact.compute import Pools, compute_cohort
from upward.impact.models import BusinessMeasurement, CohortResult, ImpactSettings, ProgramResult
from upward.impact.pooled import compute_program
from upward.programs.models import Cohort, Program


def finite(value: Any) -> Any:
    """JSON has no NaN or infinity (an interval undefined at a curve's tail, a degenerate
    bootstrap): store them as "no value", which the pages show as n/a."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [finite(item) for item in value]
    return value


def refresh_cohort(
    cohort: Cohort, today: date | None = None, pools: Pools | None = None
) -> CohortResult:
    today = today or timezone.localdate()
    started = time.perf_counter()
    payload = finite(compute_cohort(cohort, today, pools).to_dict())
    seconds = time.perf_counter() - started
    result, _ = CohortResult.objects.update_or_create(
        cohort=cohort,
        defaults={
            "payload": payload,
            "computed_at": timezone.now(),
            "seconds": seconds,
            "stale": False,
        },
    )
    return result


def _keep(cached: CohortResult, only_stale: bool) -> bool:
    """Whether the stored result can be kept: fresh, and of this version (an older one is
    recomputed, never read)."""
    return only_stale and not cached.stale and cached.readable


def refresh_program(
    program: Program, today: date | None = None, *, only_stale: bool = False
) -> ProgramResult:
    today = today or timezone.localdate()
    pools: Pools = {}  # the control pool is loaded once for all the program's cohorts
    cached = {r.cohort_id: r for r in CohortResult.objects.filter(cohort__program=program)}
    stored: list[CohortResult] = []
    for cohort in program.cohorts.all():
        kept = cached.get(cohort.pk)
        fresh = kept if kept is not None and _keep(kept, only_stale) else None
        stored.append(fresh or refresh_cohort(cohort, today, pools))
    stored.sort(key=lambda r: r.pk)  # the order the pooled figures always summed in
    results = [r.results() for r in stored]
    computed = compute_program(program, results, [r.cohort_id for r in stored], today)
    program_result, _ = ProgramResult.objects.update_or_create(
        program=program,
        defaults={"payload": finite(computed.to_dict()), "computed_at": timezone.now()},
    )
    return program_result


def mark_stale(cohort_id: int) -> bool:
    """Note that a cohort's data changed; True when it was fresh (so a refresh should be queued)."""
    changed = CohortResult.objects.filter(cohort_id=cohort_id, stale=False).update(stale=True)
    return changed == 1


SETTINGS_FIELDS = {
    "junior_salary": (int, 1_000, 10_000_000),
    "senior_salary": (int, 1_000, 10_000_000),
    "admin_salary": (int, 0, 10_000_000),
    "replacement_share": (float, 0.01, 3.0),
    "training_hours": (float, 0.0, 200.0),
    "admin_fte": (float, 0.0, 5.0),
    "platform_cost": (int, 0, 10_000_000),
}


@transaction.atomic
def save_settings(program: Program, data: dict[str, object]) -> ImpactSettings:
    settings, _ = ImpactSettings.objects.select_for_update().get_or_create(program=program)
    for name, (kind, low, high) in SETTINGS_FIELDS.items():
        if name not in data or data[name] in ("", None):
            continue
        try:
            value = kind(str(data[name]))
        except ValueError:
            raise ValidationError(
                f"{name.replace('_', ' ').capitalize()}: give a number."
            ) from None
        if not low <= value <= high:
            raise ValidationError(
                f"{name.replace('_', ' ').capitalize()} must be between {low:g} and {high:g}."
            )
        setattr(settings, name, value)
    if "share_with_members" in data:
        settings.share_with_members = bool(data["share_with_members"])
    settings.save()
    return settings


@transaction.atomic
def add_business_value(
    program: Program, *, measured_on: date | None, value: object, note: str = ""
) -> BusinessMeasurement:
    if not program.business_metric:
        raise ValidationError("Name the business metric in the program design first.")
    if measured_on is None:
        raise ValidationError("Give the date of the measurement.")
    try:
        number = float(str(value))
    except ValueError:
        raise ValidationError("Give the measured value as a number.") from None
    return BusinessMeasurement.objects.create(
        program=program, measured_on=measured_on, value=number, note=note.strip()[:200]
    )
