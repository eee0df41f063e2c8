"""Precomputed impact results, and the lead's inputs to them (ROI assumptions, a business
metric). Dashboards read only these rows, so a page never waits on statistics."""

from django.conf import settings
from django.db import models

from upward.domain.metrics.results import (
    RESULTS_VERSION,
    CohortResults,
    ProgramResults,
)
from upward.domain.metrics.roi import Assumptions
from upward.programs.models import Cohort, Program


class CohortResult(models.Model):
    """One cohort's metrics as computed by the task queue: aggregates only, JSON."""

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="impact")
    payload = models.JSONField(default=dict)
    computed_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(default=0)
    stale = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"Impact of {self.cohort}"

    @property
    def readable(self) -> bool:
        """Stored by this version of the code (an older result is recomputed, not read)."""
        return isinstance(self.payload, dict) and self.payload.get("version") == RESULTS_VERSION

    def results(self) -> CohortResults:
        """The stored results as typed records; Unreadable when of another version."""
        return CohortResults.from_dict(self.payload)


class ProgramResult(models.Model):
    """Pooled across the program's cohorts (retention, promotion), refreshed with them."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="impact")
    payload = models.JSONField(default=dict)
    computed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Impact of {self.program}"

    @property
    def readable(self) -> bool:
        return isinstance(self.payload, dict) and self.payload.get("version") == RESULTS_VERSION

    def results(self) -> ProgramResults:
        """The stored results as typed records; Unreadable when of another version."""
        return ProgramResults.from_dict(self.payload)


_DEFAULTS = Assumptions()


def organisation_currency() -> str:
    return settings.CURRENCY


class ImpactSettings(models.Model):
    """The lead's editable ROI assumptions, and whether members may see the cohort aggregates."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="impact_settings"
    )
    junior_salary = models.PositiveIntegerField(default=int(_DEFAULTS.junior_salary))
    senior_salary = models.PositiveIntegerField(default=int(_DEFAULTS.senior_salary))
    admin_salary = models.PositiveIntegerField(default=int(_DEFAULTS.admin_salary))
    replacement_share = models.FloatField(default=_DEFAULTS.replacement_share)
    training_hours = models.FloatField(default=_DEFAULTS.training_hours)
    admin_fte = models.FloatField(default=_DEFAULTS.admin_fte)
    platform_cost = models.PositiveIntegerField(default=int(_DEFAULTS.platform_cost))
    currency = models.CharField(max_length=3, default=organisation_currency)
    share_with_members = models.BooleanField(
        default=False, help_text="Let mentors and mentees see the program's aggregate results."
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(replacement_share__gt=0, replacement_share__lte=3),
                name="replacement_share_range",
            ),
            models.CheckConstraint(
                condition=models.Q(admin_fte__gte=0, admin_fte__lte=5), name="admin_fte_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Impact settings of {self.program}"

    def assumptions(self) -> Assumptions:
        return Assumptions(
            junior_salary=self.junior_salary,
            senior_salary=self.senior_salary,
            admin_salary=self.admin_salary,
            replacement_share=self.replacement_share,
            training_hours=self.training_hours,
            admin_fte=self.admin_fte,
            platform_cost=self.platform_cost,
        )


class BusinessMeasurement(models.Model):
    """The program's tied business metric, measured now and then by the lead."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="business_values")
    measured_on = models.DateField()
    value = models.FloatField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["measured_on", "pk"]

    def __str__(self) -> str:
        return f"{self.value:g} on {self.measured_on}"
