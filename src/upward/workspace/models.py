import uuid

from django.db import models
from django.db.models import Q

from upward.core.fields import EncryptedTextField
from upward.domain.smart_goal import Direction
from upward.programs.models import Pair, Participant


class RulesAcceptance(models.Model):
    """One member's agreement to one version of the pair's ground rules."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="rule_acceptances")
    member = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    version = models.CharField(max_length=20)
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pair", "member", "version"], name="accept_rules_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} accepted rules {self.version}"


class Goal(models.Model):
    """The pair's one SMART goal."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pair = models.OneToOneField(Pair, on_delete=models.CASCADE, related_name="goal")
    text = models.CharField(max_length=300)
    metric = models.CharField(max_length=120)
    unit = models.CharField(max_length=40)
    direction = models.CharField(
        max_length=4, choices=[(Direction.UP.value, "Increase"), (Direction.DOWN.value, "Reduce")]
    )
    baseline = models.FloatField()
    target = models.FloatField()
    deadline = models.DateField()
    owner = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(target=models.F("baseline")), name="goal_target_differs"
            )
        ]

    def __str__(self) -> str:
        return self.text


class GoalUpdate(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="updates")
    value = models.FloatField()
    noted_on = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["goal", "noted_on", "pk"]

    def __str__(self) -> str:
        return f"{self.value} on {self.noted_on}"


class Tag(models.Model):
    """A topic a session touched. Curated tags form the lead's vocabulary; free tags can be
    merged into them later."""

    name = models.CharField(max_length=40, unique=True)
    curated = models.BooleanField(default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )

    class Meta:
        ordering = ["-curated", "name"]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"
        NO_SHOW = "no_show", "No-show"

    class Agenda(models.TextChoices):
        FIRST = "first", "First meeting"
        REGULAR = "regular", "Regular session"
        MILESTONE = "milestone", "Six-week milestone check"
        CLOSING = "closing", "Closing session"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    planned_minutes = models.PositiveSmallIntegerField(default=60)
    held_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    agenda = models.CharField(max_length=12, choices=Agenda.choices, default=Agenda.REGULAR)
    # Seen by the two members only: not the program lead, not site admins.
    private_notes = EncryptedTextField(blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="sessions")
    sequence = models.PositiveIntegerField(default=0)  # iCalendar SEQUENCE, raised on change
    logged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pair", "starts_at"]
        indexes = [models.Index(fields=["pair", "starts_at"], name="session_pair_start")]

    def __str__(self) -> str:
        return f"Session {self.starts_at:%Y-%m-%d %H:%M}"


class CalendarToken(models.Model):
    """A person's private calendar-feed link. Only a hash is stored; regenerating revokes."""

    user = models.OneToOneField(
        "accounts.User", on_delete=models.CASCADE, related_name="calendar_token"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"


class MilestoneCheck(models.Model):
    """The six-week check. The lead sees that it happened and the progress figure only."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="milestones")
    progress_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    roadblocks = EncryptedTextField()
    wins = EncryptedTextField()
    next_actions = EncryptedTextField()
    by = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pair", "-created_at"]

    def __str__(self) -> str:
        return f"Milestone check {self.created_at:%Y-%m-%d}"


class Concern(models.Model):
    """Raised privately by one member; the partner never sees it."""

    class Topic(models.TextChoices):
        POWER = "power", "Power dynamics or feeling unable to speak freely"
        NO_SHOWS = "no_shows", "Missed or cancelled sessions"
        DISCOMFORT = "discomfort", "Something made me uncomfortable"
        OTHER = "other", "Something else"

    class State(models.TextChoices):
        OPEN = "open", "Open"
        ACTED = "acted", "Acted on"
        CLOSED = "closed", "Closed"

    class Action(models.TextChoices):
        CHECK_IN = "check_in", "Routine check-in with the pair"
        PAUSE = "pause", "Pause the pair"
        RESHUFFLE = "reshuffle", "Send to reshuffle"
        NONE = "none", "No action needed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="concerns")
    raised_by = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    topic = models.CharField(max_length=16, choices=Topic.choices)
    text = EncryptedTextField()
    state = models.CharField(max_length=8, choices=State.choices, default=State.OPEN)
    action = models.CharField(max_length=12, choices=Action.choices, blank=True)
    lead_note = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Concern {self.created_at:%Y-%m-%d}"


class Closure(models.Model):
    """A closure decision: one member proposes an outcome and writes their own reflection; the
    partner confirms (writing theirs) or declines. A confirmed graduate or reshuffle ends the
    pair; a confirmed continue starts another cycle and the pair can close later. The lead sees
    the decision and its dates, never the reflections."""

    class Decision(models.TextChoices):
        GRADUATE = "graduate", "Graduate"
        CONTINUE = "continue", "Continue"
        RESHUFFLE = "reshuffle", "Reshuffle"

    class State(models.TextChoices):
        PROPOSED = "proposed", "Waiting for the partner"
        CONFIRMED = "confirmed", "Confirmed"
        DECLINED = "declined", "Declined"

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="closures")
    # Empty on closures recorded before both members had to agree.
    proposed_by = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Rows from before proposals existed were settled decisions; services always set it.
    state = models.CharField(max_length=10, choices=State.choices, default=State.CONFIRMED)
    outcome = models.FloatField(null=True, blank=True)
    mentor_learned = EncryptedTextField(blank=True)
    mentee_learned = EncryptedTextField(blank=True)
    next_steps = models.TextField()
    decision = models.CharField(max_length=12, choices=Decision.choices)
    memo = EncryptedTextField()
    proposed_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pair", "-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair"], condition=Q(state="proposed"), name="one_open_closure_per_pair"
            ),
            models.UniqueConstraint(
                fields=["pair"],
                condition=Q(state="confirmed") & ~Q(decision="continue"),
                name="pair_ends_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Closure of {self.pair}"


class JournalEntry(models.Model):
    """A member's personal journal in a pair. Only its author reads it: not the partner, not the
    lead, not a site admin (it is not in the Django admin either)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    written_on = models.DateField()
    text = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-written_on", "-pk"]
        indexes = [models.Index(fields=["author", "pair"], name="journal_author_pair")]

    def __str__(self) -> str:
        return f"Journal entry {self.written_on:%Y-%m-%d}"


class Insight(models.Model):
    """Something a pair noticed that people outside it could act on."""

    class State(models.TextChoices):
        NEW = "new", "New"
        ESCALATED = "escalated", "With an owner"
        IN_PROGRESS = "in_progress", "Being acted on"
        DONE = "done", "Done"
        DECLINED = "declined", "Not taken forward"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="insights")
    raised_by = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    description = models.TextField()
    tags = models.ManyToManyField(Tag, blank=True, related_name="insights")
    # Leaves the pair only with the pair's consent, to an owner outside it.
    share_consent = models.BooleanField(default=False)
    owner = models.ForeignKey(
        "people.Employee",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_insights",
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.NEW)
    hours_saved_per_week = models.FloatField(null=True, blank=True)
    money_per_year = models.FloatField(null=True, blank=True)
    customers_reached = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=True) | Q(share_consent=True),
                name="insight_owner_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Story(models.Model):
    """A success story: published only with both members' consent and the lead's approval."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pair = models.OneToOneField(Pair, on_delete=models.CASCADE, related_name="story")
    title = models.CharField(max_length=200)
    body = models.TextField()
    published_body = models.TextField(blank=True, help_text="The text as approved (redacted).")
    mentor_consent_at = models.DateTimeField(null=True, blank=True)
    mentee_consent_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(published_at__isnull=True)
                | Q(mentor_consent_at__isnull=False, mentee_consent_at__isnull=False),
                name="story_published_with_both_consents",
            ),
        ]

    def __str__(self) -> str:
        return self.title
