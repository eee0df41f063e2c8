import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from upward.domain.readiness import LABELS, Recommendation
from upward.programs.models import Cohort, Program


class ReadinessCheck(models.Model):
    """A dated answer to 'are we ready?', with the signals, numbers and reasons it used."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    signals = models.JSONField(default=list)
    notes = models.TextField(blank=True)
    recommendation = models.CharField(
        max_length=16, choices=[(r.value, LABELS[r]) for r in Recommendation]
    )
    reasons = models.JSONField(default=list)
    data = models.JSONField(default=dict)
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.SET_NULL, related_name="readiness_checks"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Readiness check {self.created_at:%Y-%m-%d}"


class CharterVersion(models.Model):
    """The sponsor charter, one row per version: editing makes a new version to sign."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="charters")
    version = models.PositiveSmallIntegerField()
    objective = models.TextField()
    kpis = models.JSONField(default=list)
    confidentiality = models.TextField()
    escalation_path = models.TextField()
    sponsor_commitments = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["program", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["program", "version"], name="one_charter_per_version")
        ]

    def __str__(self) -> str:
        return f"Charter v{self.version} of {self.program}"


class CharterSignature(models.Model):
    charter = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="signatures")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["charter", "signer"], name="sign_a_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.signer} signed {self.charter}"


class Checkpoint(models.Model):
    """A governance meeting the sponsor commits to: kickoff, mid-pilot, close, quarterly.

    Kickoff, mid-pilot and close belong to a cohort (its dates, not the program's: cohort 2's
    mid-pilot review falls in cohort 2); quarterly checkpoints belong to the whole program."""

    class Kind(models.TextChoices):
        KICKOFF = "kickoff", "Kickoff"
        MID = "mid", "Mid-pilot review"
        QUARTERLY = "quarterly", "Quarterly checkpoint"
        CLOSE = "close", "Close and showcase"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="checkpoints")
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.CASCADE, related_name="checkpoints"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    due_date = models.DateField()
    # When the sponsor was told it is coming (governance/reminders.py), so they are told once.
    sponsor_reminded_at = models.DateTimeField(null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    sponsor_attended = models.BooleanField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["program", "due_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(held_on__isnull=False) | Q(sponsor_attended__isnull=True),
                name="attendance_only_when_held",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.due_date}"

    @property
    def label(self) -> str:
        """'Mid-pilot review, Cohort 2': the kind, and the cohort when it has one."""
        kind = self.get_kind_display()
        return f"{kind}, {self.cohort.name}" if self.cohort is not None else kind
