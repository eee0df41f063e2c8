import uuid

from django.db import models
from django.db.models import Q

from upward.people.models import Employee


class Competency(models.Model):
    """A skill the organisation cares about, rated on a behaviour-anchored 1-5 scale (C2)."""

    class Category(models.TextChoices):
        CORE = "core", "Core"
        EMERGING = "emerging", "Emerging"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=120, unique=True)
    category = models.CharField(max_length=16, choices=Category.choices)
    area = models.CharField(max_length=120, help_text="Grouping, e.g. Digital tools.")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["area", "name"]
        verbose_name_plural = "competencies"

    def __str__(self) -> str:
        return self.name


class CompetencyLevel(models.Model):
    """What a person does at one level of one competency (the behaviour anchor)."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField()
    anchor = models.CharField(max_length=300)

    class Meta:
        ordering = ["competency", "level"]
        constraints = [
            models.UniqueConstraint(fields=["competency", "level"], name="one_anchor_per_level"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="anchor_level_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency} {self.level}"


class SkillRating(models.Model):
    """One rating of one person on one competency, by themself, their partner or manager."""

    class RaterKind(models.TextChoices):
        SELF = "self", "Self"
        PARTNER = "partner", "Partner"
        MANAGER = "manager", "Manager"

    class Phase(models.TextChoices):
        BASELINE = "baseline", "Baseline"
        MID = "mid", "Mid-program"
        CLOSE = "close", "Close"

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="skill_ratings")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="ratings")
    rater_kind = models.CharField(max_length=16, choices=RaterKind.choices)
    rater = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    phase = models.CharField(max_length=16, choices=Phase.choices)
    # The cohort the rating belongs to, when it was taken as part of a program.
    cohort = models.ForeignKey(
        "programs.Cohort", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    level = models.PositiveSmallIntegerField()
    rated_on = models.DateField()

    class Meta:
        ordering = ["employee", "competency", "rated_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="rating_level_1_5"
            ),
            models.CheckConstraint(
                condition=Q(rater_kind="self", rater__isnull=True) | ~Q(rater_kind="self"),
                name="self_rating_has_no_other_rater",
            ),
            # Two partial constraints rather than nulls_distinct, which SQLite lacks.
            models.UniqueConstraint(
                fields=["employee", "competency", "rater_kind", "phase", "cohort"],
                condition=Q(cohort__isnull=False),
                name="one_rating_per_kind_phase_in_cohort",
            ),
            models.UniqueConstraint(
                fields=["employee", "competency", "rater_kind", "phase"],
                condition=Q(cohort__isnull=True),
                name="one_rating_per_kind_phase_outside_cohorts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.competency} {self.level} ({self.rater_kind}, {self.phase})"
