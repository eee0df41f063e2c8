"""Flags raised to a program's lead, and the check-ins every pair gets.

A flag carries the rule that fired and its evidence, never who said what. A check-in looks the
same to a pair whether it is routine or prompted by a flag; only the lead's side records why.
"""

import uuid

from django.conf import settings
from django.db import models

from upward.core.fields import EncryptedTextField
from upward.domain.surveys.flags import Reason
from upward.flags import rules
from upward.programs.models import Cohort, Pair, Program


class Flag(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "Open"
        ACTED = "acted", "Acted on"
        DISMISSED = "dismissed", "Dismissed"
        # Its cause went away (the pair met again, the checkpoint was recorded...): the note
        # says why and when. Kept in the history, never counted as open.
        RESOLVED = "resolved", "Closed by itself"

    class Action(models.TextChoices):
        CHECK_IN = "check_in", "Check in with the pair"
        PAUSE = "pause", "Pause the pair"
        RESHUFFLE = "reshuffle", "Send to reshuffle"
        DISMISS = "dismiss", "Dismiss"

    REASONS = [
        (Reason.LOW_SAFETY.value, "Low psychological safety"),
        (Reason.SAFETY_DROP.value, "Sharp drop in a pulse"),
        (Reason.STALE.value, "No session for a while"),
        (Reason.STAGNANT.value, "Goal far behind"),
        (Reason.LOW_RESPONSE.value, "Low survey response"),
        (Reason.MISSED_CHECKPOINT.value, "Sponsor checkpoint missed"),
        (Reason.MEMBER_LEFT.value, "A member left"),
        (Reason.MEMBER_DEACTIVATED.value, "A member's account was deactivated"),
    ]

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # One flag per occasion: e.g. "stale:<pair>:<last session>" or "low_safety:<pair>:<wave>".
    key = models.CharField(max_length=160, unique=True)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="flags")
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    pair = models.ForeignKey(
        Pair, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    reason = models.CharField(max_length=20, choices=REASONS)
    # Encrypted at rest like the answers it is drawn from: it says what a pulse showed.
    evidence = EncryptedTextField()
    raised_on = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    action = models.CharField(max_length=10, choices=Action.choices, blank=True)
    note = models.TextField(blank=True)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["state", "-raised_on", "pk"]
        indexes = [models.Index(fields=["program", "state"])]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.raised_on})"

    @property
    def severity(self) -> int:
        return rules.severity(self.reason)

    @property
    def recommends_pause(self) -> bool:
        return self.reason == Reason.LOW_SAFETY


class CheckIn(models.Model):
    """The lead asks a pair for a short conversation. Routine for every pair, every few weeks."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="check_ins")
    requested_on = models.DateField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    held_on = models.DateField(null=True, blank=True)
    # Lead-side only: which flag prompted it, if any. Never shown to the pair.
    flag = models.ForeignKey(
        Flag, null=True, blank=True, on_delete=models.SET_NULL, related_name="check_ins"
    )

    class Meta:
        ordering = ["-requested_on", "-pk"]

    def __str__(self) -> str:
        return f"Check-in {self.requested_on}"
