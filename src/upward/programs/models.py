import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from upward.people.models import Employee


class Program(models.Model):
    """A reverse mentoring program: a business problem, a sponsor, a lead, and its cohorts."""

    class Type(models.TextChoices):
        SKILLS_SPRINT = "skills_sprint", "Skills sprint"
        BEHAVIOUR_CHANGE = "behaviour_change", "Behaviour change"
        CUSTOM = "custom", "Custom"

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Running"
        CLOSED = "closed", "Closed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Bumped on every save of the design: two leads editing at once cannot overwrite each other.
    version = models.PositiveIntegerField(default=1)
    name = models.CharField(max_length=200)
    business_problem = models.TextField(blank=True)
    objective = models.TextField(blank=True)
    program_type = models.CharField(max_length=32, choices=Type.choices, default=Type.SKILLS_SPRINT)
    cadence_days = models.PositiveSmallIntegerField(default=7, help_text="Days between sessions.")
    session_minutes = models.PositiveSmallIntegerField(default=60)
    start_date = models.DateField()
    end_date = models.DateField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.DRAFT)
    kpis = models.JSONField(default=list, blank=True)
    business_metric = models.CharField(max_length=120, blank=True)
    business_metric_unit = models.CharField(max_length=40, blank=True)
    business_metric_direction = models.CharField(
        max_length=4, choices=[("up", "Higher is better"), ("down", "Lower is better")], blank=True
    )
    role_description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name="program_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(cadence_days__gte=1), name="program_cadence_positive"
            ),
            models.CheckConstraint(
                condition=Q(session_minutes__gte=5), name="program_session_minutes_min"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProgramRole(models.Model):
    """Who runs, sponsors or analyses a program. Mentors and mentees are Participants."""

    class Role(models.TextChoices):
        LEAD = "lead", "Program lead"
        SPONSOR = "sponsor", "Executive sponsor"
        ANALYST = "analyst", "People analyst"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_roles"
    )
    role = models.CharField(max_length=16, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "user", "role"], name="one_role_grant_each")
        ]

    def __str__(self) -> str:
        return f"{self.user} is {self.get_role_display()} of {self.program}"


class Cohort(models.Model):
    """One intake of a program: usually 8-12 pairs running between two dates."""

    class State(models.TextChoices):
        """The lead moves a cohort on (programs/lifecycle.py); the dates are the plan."""

        UPCOMING = "upcoming", "Upcoming"
        RUNNING = "running", "Running"
        CLOSING = "closing", "Closing"
        CLOSED = "closed", "Closed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField()
    target_pairs = models.PositiveSmallIntegerField(default=10)
    state = models.CharField(max_length=10, choices=State.choices, default=State.UPCOMING)

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name="cohort_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["program", "name"], name="cohort_name_unique_in_program"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.name}"

    def phase(self, today: date) -> str:
        if today < self.start_date:
            return "upcoming"
        return "running" if today <= self.end_date else "closed"

    def elapsed_share(self, today: date) -> float:
        """How far through its dates the cohort is, from 0 to 1."""
        total = (self.end_date - self.start_date).days
        return min(1.0, max(0.0, (today - self.start_date).days / total))


class Participant(models.Model):
    """A person taking part in a cohort as a (junior) mentor or a (senior) mentee."""

    class Role(models.TextChoices):
        MENTOR = "mentor", "Mentor"
        MENTEE = "mentee", "Mentee"

    class State(models.TextChoices):
        INVITED = "invited", "Invited"
        DECLINED = "declined", "Declined"
        ACTIVE = "active", "Taking part"
        WITHDRAWN = "withdrawn", "Withdrawn"
        COMPLETED = "completed", "Completed"

    class Channel(models.TextChoices):
        VIDEO = "video", "Video call"
        IN_PERSON = "in_person", "In person"
        MIXED = "mixed", "A mix of both"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="participants")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(max_length=8, choices=Role.choices)
    state = models.CharField(max_length=16, choices=State.choices, default=State.INVITED)
    joined_on = models.DateField(null=True, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    intake_completed_at = models.DateTimeField(null=True, blank=True)
    goals = models.TextField(blank=True)
    channel = models.CharField(max_length=16, choices=Channel.choices, blank=True)
    language = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["cohort", "role", "employee"]
        constraints = [
            # One role per person per cohort: nobody mentors and is mentored in the same intake.
            models.UniqueConstraint(
                fields=["cohort", "employee"], name="one_participation_per_cohort"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} ({self.role}, {self.cohort})"


class Pair(models.Model):
    """A junior mentor and a senior mentee working to one goal within a cohort."""

    class State(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        CLOSED = "closed", "Closed"
        DISSOLVED = "dissolved", "Dissolved"

    OPEN_STATES = (State.PROPOSED, State.ACTIVE, State.PAUSED)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="pairs")
    mentor = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="pairs_as_mentor"
    )
    mentee = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="pairs_as_mentee"
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.PROPOSED)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["cohort", "started_on"]
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=F("mentee")), name="pair_not_with_self"),
            # Participants belong to one cohort, so this makes "one open pair per mentee per
            # cohort" a database fact. Mentors may take more than one mentee when the lead
            # gives them capacity; matching and publishing enforce that capacity.
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(state__in=["proposed", "active", "paused"]),
                name="one_open_pair_per_mentee",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="pair_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor.employee} → {self.mentee.employee}"

    def members(self) -> tuple[Employee, Employee]:
        return self.mentor.employee, self.mentee.employee
