import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from upward.programs.models import Pair, Participant, Program


class OutcomeConsent(models.Model):
    """A member's yes or no, once their pair has closed, to their outcomes going to talent
    reviews (performance and succession). No row means no: nothing is shared by default."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    shared = models.BooleanField(default=False)
    decided_at = models.DateTimeField()
    # The lead's few words for the review, written on the outcomes page. The member sees it
    # on their pair page: it is part of what they agree to share.
    lead_note = models.CharField(max_length=500, blank=True)
    lead_note_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pair", "participant"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "participant"], name="one_outcome_consent_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"Outcome consent of {self.participant} ({'yes' if self.shared else 'no'})"


class ProgramDecision(models.Model):
    """What the lead decided at a program's close (or its pilot's): continue it, absorb it into
    the organisation's talent processes, or sunset it, and why."""

    class Choice(models.TextChoices):
        CONTINUE = "continue", "Continue the program"
        ABSORB = "absorb", "Absorb it into talent processes"
        SUNSET = "sunset", "Sunset the program"

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=10, choices=Choice.choices)
    reasons = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(choice__in=["continue", "absorb", "sunset"]),
                name="program_decision_choice_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.program}: {self.get_choice_display()}"
