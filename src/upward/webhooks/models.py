"""Where a program's events go (Slack, Teams, any HTTPS endpoint), and every delivery tried."""

import uuid

from django.conf import settings
from django.db import models

from upward.programs.models import Program


class Event(models.TextChoices):
    PAIRS_PUBLISHED = "pairs_published", "Pairs published"
    FLAG_RAISED = "flag_raised", "Flag raised (counts only, no pair named)"
    STORY_PUBLISHED = "story_published", "Story published"
    WAVE_CLOSED = "wave_closed", "Survey wave closed (response rate only)"
    OUTCOMES_SHARED = "outcomes_shared", "A member agreed to share outcomes with talent reviews"
    TEST = "test", "Test message"

    @classmethod
    def subscribable(cls) -> list[tuple[str, str]]:
        return [(value, label) for value, label in cls.choices if value != cls.TEST]


class Webhook(models.Model):
    class Kind(models.TextChoices):
        SLACK = "slack", "Slack (incoming webhook)"
        TEAMS = "teams", "Microsoft Teams (Workflows webhook)"
        GENERIC = "generic", "Any HTTPS endpoint (signed JSON)"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="webhooks")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # Slack and Teams URLs carry their own secret, so the page shows only their host.
    url = models.URLField(max_length=1000)
    # For generic endpoints: the HMAC key the receiver checks the signature with.
    signing_secret = models.CharField(max_length=64, blank=True)
    events = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Waiting"
        SENDING = "sending", "Sending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Gave up"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=20, choices=Event.choices)
    # One delivery per webhook per occasion, however often the occasion is reported.
    key = models.CharField(max_length=200)
    body = models.JSONField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["webhook", "key"], name="delivery_once_per_occasion")
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event} to {self.webhook}"
