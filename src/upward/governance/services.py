"""Writes for readiness checks, charters and governance checkpoints."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from upward.accounts.models import User
from upward.domain import checkpoints as checkpoint_plan
from upward.domain.readiness import SIGNALS, recommend
from upward.governance.emails import queue_charter_to_sign
from upward.governance.models import CharterSignature, CharterVersion, Checkpoint, ReadinessCheck
from upward.governance.selectors import readiness_data
from upward.programs.models import Program, ProgramRole

CHARTER_DEFAULTS = {
    "confidentiality": (
        "What a pair says stays in the pair. Private notes are seen by the two members only. "
        "Survey answers are reported in groups of at least five, never one by one, and a "
        "partner never sees the other's answers."
    ),
    "escalation_path": (
        "Either member can raise a concern privately with the program lead at any time. The lead "
        "checks in with every pair routinely, so a check-in never signals that someone "
        "complained. Serious issues go to HR through the usual confidential route."
    ),
    "sponsor_commitments": (
        "I will open the kickoff, attend the mid-pilot review and the closing showcase, "
        "recognise participating leaders in public, and protect the time people give to the "
        "program."
    ),
}
CHARTER_FIELDS = ("objective", "confidentiality", "escalation_path", "sponsor_commitments")


@transaction.atomic
def readiness_run(*, actor: User, signals: list[str], notes: str, today: date) -> ReadinessCheck:
    try:
        recommendation, reasons = recommend(set(signals))
    except ValueError as error:
        raise ValidationError(str(error)) from None
    return ReadinessCheck.objects.create(
        created_by=actor,
        signals=sorted(signals),
        notes=notes[:2000],
        recommendation=recommendation.value,
        reasons=reasons,
        data=readiness_data(today),
    )


def signal_texts(check: ReadinessCheck) -> list[str]:
    return [SIGNALS[key] for key in check.signals if key in SIGNALS]


@transaction.atomic
def charter_save(*, program: Program, actor: User, fields: dict[str, str]) -> CharterVersion:
    """A new version when anything changed; signatures belong to the version they signed."""
    missing = [
        name.replace("_", " ") for name in CHARTER_FIELDS if not fields.get(name, "").strip()
    ]
    if missing:
        raise ValidationError(f"The charter needs: {', '.join(missing)}.")
    latest = program.charters.order_by("-version").first()
    values = {name: fields[name].strip() for name in CHARTER_FIELDS}
    if (
        latest
        and all(getattr(latest, k) == v for k, v in values.items())
        and latest.kpis == program.kpis
    ):
        return latest
    charter = CharterVersion.objects.create(
        program=program,
        created_by=actor,
        kpis=program.kpis,
        version=(latest.version + 1) if latest else 1,
        **values,
    )
    # The sponsor hears of every version that needs their signature (once per version).
    queue_charter_to_sign(charter)
    return charter


@transaction.atomic
def charter_sign(*, charter: CharterVersion, actor: User) -> CharterSignature:
    is_sponsor = ProgramRole.objects.filter(
        program=charter.program, user=actor, role=ProgramRole.Role.SPONSOR
    ).exists()
    if not is_sponsor:
        raise PermissionDenied("Only the program's sponsor can sign its charter.")
    latest = charter.program.charters.order_by("-version").first()
    if latest is None or latest.pk != charter.pk:
        raise ValidationError("This version has been replaced: read and sign the latest one.")
    signature, created = CharterSignature.objects.get_or_create(charter=charter, signer=actor)
    if not created:
        raise ValidationError("You have already signed this version.")
    return signature


@transaction.atomic
def checkpoints_plan(program: Program) -> None:
    """(Re)plan checkpoints from the program's and its cohorts' dates (domain/checkpoints.py);
    recorded ones are never touched."""
    program.checkpoints.filter(held_on__isnull=True).delete()
    held = set(program.checkpoints.values_list("cohort_id", "kind", "due_date"))
    spans = [
        checkpoint_plan.Span(cohort.pk, cohort.start_date, cohort.end_date)
        for cohort in program.cohorts.all()
    ]
    planned = checkpoint_plan.plan(
        checkpoint_plan.Span(None, program.start_date, program.end_date), spans
    )
    Checkpoint.objects.bulk_create(
        [
            Checkpoint(program=program, cohort_id=item.cohort, kind=item.kind, due_date=item.due)
            for item in planned
            if (item.cohort, item.kind, item.due) not in held
        ]
    )


@transaction.atomic
def checkpoint_record(
    *, checkpoint: Checkpoint, held_on: date, sponsor_attended: bool, notes: str
) -> Checkpoint:
    if held_on > timezone.localdate():
        raise ValidationError("A checkpoint cannot be recorded as held in the future.")
    checkpoint.held_on, checkpoint.sponsor_attended = held_on, sponsor_attended
    checkpoint.notes = notes[:4000]
    checkpoint.save(update_fields=["held_on", "sponsor_attended", "notes"])
    return checkpoint
