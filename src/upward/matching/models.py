import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from upward.competencies.models import Competency
from upward.programs.models import Cohort, Pair, Participant

WEEKLY_SLOTS = [
    (f"{day}-{part}", f"{day_label} {part_label}")
    for day, day_label in (
        ("mon", "Mon"),
        ("tue", "Tue"),
        ("wed", "Wed"),
        ("thu", "Thu"),
        ("fri", "Fri"),
    )
    for part, part_label in (("am", "morning"), ("pm", "afternoon"))
]


class MatchProfile(models.Model):
    """What matching needs to know about one participant (filled in at intake)."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="match_profile"
    )
    wants = models.ManyToManyField(Competency, blank=True, related_name="+")
    interests = models.JSONField(default=list, blank=True)
    slots = models.JSONField(default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(default=1)
    # Left unmatched by an earlier round: they go first next time.
    priority = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Match profile of {self.participant}"


class MatchRound(models.Model):
    class Unanswered(models.TextChoices):
        DECLINES = "declines", "counts as a no"
        ACCEPTS = "accepts", "counts as a yes"

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial matching"
        RESHUFFLE = "reshuffle", "Reshuffle"

    class Mode(models.TextChoices):
        LEAD_ASSIGNS = "lead_assigns", "The lead reviews a proposal"
        MENTEE_CHOOSES = "mentee_chooses", "Mentees choose from a shortlist"

    class Algorithm(models.TextChoices):
        OPTIMAL = "optimal", "Best total fit"
        STABLE = "stable", "Stable (no pair would rather swap)"

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        RUNNING = "running", "Running"
        CHOOSING = "choosing", "Mentees are choosing"
        PROPOSED = "proposed", "Proposal ready"
        PUBLISHED = "published", "Published"
        FAILED = "failed", "Failed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="match_rounds")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.INITIAL)
    mode = models.CharField(max_length=16, choices=Mode.choices, default=Mode.LEAD_ASSIGNS)
    algorithm = models.CharField(
        max_length=16, choices=Algorithm.choices, default=Algorithm.OPTIMAL
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.DRAFT)
    weights = models.JSONField(default=dict)
    rules = models.JSONField(default=dict)
    shortlist_size = models.PositiveSmallIntegerField(default=5)
    exposure_cap = models.PositiveSmallIntegerField(default=0, help_text="0 means no cap.")
    diversity_quota = models.PositiveSmallIntegerField(default=0)
    # Mentee-choice rounds: a mentor is matched to a mentee who asked for them only once they
    # accept. After `answers_due`, a request still unanswered counts as the lead chose.
    answers_due = models.DateField(null=True, blank=True)
    unanswered = models.CharField(
        max_length=8, choices=Unanswered.choices, default=Unanswered.DECLINES
    )
    pairs_to_reshuffle = models.ManyToManyField(Pair, blank=True, related_name="+")
    progress = models.JSONField(default=dict, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.cohort}"

    # The questions pages ask of a round, so templates never spell out its state machine.
    @property
    def is_running(self) -> bool:
        return self.state == self.State.RUNNING

    @property
    def has_failed(self) -> bool:
        return self.state == self.State.FAILED

    @property
    def is_choosing(self) -> bool:
        return self.state == self.State.CHOOSING

    @property
    def has_proposal(self) -> bool:
        return self.state == self.State.PROPOSED

    @property
    def can_run(self) -> bool:
        """The lead may (re)build shortlists or proposals: before choosing and after a proposal."""
        return self.state in {self.State.DRAFT, self.State.FAILED, self.State.PROPOSED}

    @property
    def is_editable(self) -> bool:
        return self.state in {
            self.State.DRAFT,
            self.State.PROPOSED,
            self.State.CHOOSING,
            self.State.FAILED,
        }


class Proposal(models.Model):
    """One proposed pair in a round, with why it was proposed."""

    class Source(models.TextChoices):
        ENGINE = "engine", "Proposed by Upward"
        LEAD = "lead", "Set by the lead"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="proposals")
    mentee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    parts = models.JSONField(default=dict)
    reasons = models.JSONField(default=list)
    choice_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    locked = models.BooleanField(default=False)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.ENGINE)

    class Meta:
        ordering = ["round", "-score"]
        constraints = [
            models.UniqueConstraint(fields=["round", "mentee"], name="one_proposal_per_mentee"),
            models.CheckConstraint(condition=~Q(mentee=F("mentor")), name="proposal_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"


class Unmatched(models.Model):
    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="unmatched")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=400)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "participant"], name="unmatched_once_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} unmatched"


class Exclusion(models.Model):
    """A pairing the lead ruled out (for example: they already work closely together)."""

    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="exclusions")
    mentee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "mentee", "mentor"], name="exclusion_once")
        ]

    def __str__(self) -> str:
        return f"{self.mentee} never with {self.mentor}"


class ShortlistEntry(models.Model):
    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="shortlist")
    mentee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    score = models.FloatField()
    reasons = models.JSONField(default=list)

    class Meta:
        ordering = ["round", "mentee", "position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "mentee", "mentor"], name="shortlisted_once")
        ]

    def __str__(self) -> str:
        return f"{self.mentor} on {self.mentee}'s shortlist"


class Choice(models.Model):
    """A mentee's ranking of a mentor from their shortlist (1 = first choice)."""

    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="choices")
    mentee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "mentee", "rank"], name="one_mentor_per_rank"),
            models.UniqueConstraint(fields=["round", "mentee", "mentor"], name="rank_mentor_once"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="rank_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.mentee} ranks {self.mentor} #{self.rank}"


class MentorResponse(models.Model):
    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="responses")
    mentor = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    accepted = models.BooleanField()
    responded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "mentor", "mentee"], name="one_response_per_request"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor} {'accepts' if self.accepted else 'declines'} {self.mentee}"


class MatchEvent(models.Model):
    """Who changed what in a round, and why (append-only history)."""

    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    detail = models.JSONField(default=dict, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def label(self) -> str:
        return self.action.replace("_", " ").capitalize()
