from django.db import models
from django.utils import timezone


class OutboundEmail(models.Model):
    """One email the product decided to send, keyed so that deciding twice sends once.

    The key names the occasion (``wave:<id>:reminder:1:<invitation>``); a unique constraint makes
    a second decision a no-op. Delivery claims the row before talking to the mail server, so two
    workers never send the same row, and a claim left behind by a killed worker is released after
    a lease and retried. The context holds first names and links only: bodies are rendered from
    templates at delivery time and never carry confidential content.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    key = models.CharField(max_length=200, unique=True)
    to = models.EmailField()
    # Where a reply goes (a check-in's replies reach the lead, not the system sender).
    reply_to = models.EmailField(blank=True)
    template = models.CharField(max_length=80)
    language = models.CharField(max_length=8, default="en")
    context = models.JSONField(default=dict)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # When delivery was last put on the task queue; a pending row not picked up within the
    # lease (a lost task, a failed attempt waiting for its retry) is queued again.
    queued_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["state", "claimed_at"])]

    def __str__(self) -> str:
        return self.key


class SchedulerLease(models.Model):
    """Who runs a periodic job right now, so several scheduler processes can run safely."""

    job = models.CharField(max_length=60, primary_key=True)
    holder = models.CharField(max_length=120, blank=True)
    until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.job


class EmailOptOut(models.Model):
    """A kind of optional email (notifications/kinds.py) a person chose not to receive."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="email_opt_outs"
    )
    kind = models.CharField(max_length=80)
    chosen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="opt_out_of_a_kind_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} does not want {self.kind}"
