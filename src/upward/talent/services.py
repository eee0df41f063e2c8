"""Writes for outcomes going to talent reviews: a member's consent, the lead's note on it, and
the program's continue / absorb / sunset decision."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from upward.accounts.models import User
from upward.audit import log as audit
from upward.programs.models import Pair, Participant, Program
from upward.talent.models import OutcomeConsent, ProgramDecision
from upward.talent.selectors import may_decide

outcomes_shared = Signal()  # kwargs: consent (a member newly said yes)


@transaction.atomic
def outcome_consent_set(*, pair: Pair, participant: Participant, share: bool) -> OutcomeConsent:
    """Record the member's yes or no, with its date. A new yes tells the program's webhooks
    (who, in which program; nothing of what the pair wrote)."""
    if pair.state != Pair.State.CLOSED:
        raise ValidationError(
            "You can choose this once your pair has closed: there is nothing to share yet."
        )
    consent = OutcomeConsent.objects.select_for_update().filter(
        pair=pair, participant=participant
    ).first() or OutcomeConsent(pair=pair, participant=participant)
    newly_shared = share and not consent.shared
    consent.shared, consent.decided_at = share, timezone.now()
    consent.save()
    if newly_shared:
        outcomes_shared.send(sender=OutcomeConsent, consent=consent)
    return consent


@transaction.atomic
def lead_note_save(*, consent: OutcomeConsent, text: str) -> OutcomeConsent:
    consent.lead_note = text.strip()
    consent.lead_note_updated_at = timezone.now()
    consent.save(update_fields=["lead_note", "lead_note_updated_at"])
    return consent


@transaction.atomic
def program_decision_record(
    *, program: Program, choice: str, reasons: str, actor: User
) -> ProgramDecision:
    if not may_decide(program):
        raise ValidationError(
            "Record this when the program closes, or once one of its cohorts is closing: "
            "the decision rests on what the cohort showed."
        )
    decision, _ = ProgramDecision.objects.update_or_create(
        program=program,
        defaults={
            "choice": choice,
            "reasons": reasons.strip(),
            "decided_by": actor,
            "decided_at": timezone.now(),
        },
    )
    audit.record(
        audit.Action.LIFECYCLE, actor=actor, target=program, change="decision", choice=choice
    )
    return decision
