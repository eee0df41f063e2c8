import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from upward.domain.hris.values import ExitType, Status


class Department(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, unique=True)
    division = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Employee(models.Model):
    """A person in the organisation, as the HRIS knows them (C1)."""

    class StatusChoices(models.TextChoices):
        ACTIVE = Status.ACTIVE.value, "Active"
        ON_LEAVE = Status.ON_LEAVE.value, "On leave"
        EXITED = Status.EXITED.value, "Left"

    class ExitTypeChoices(models.TextChoices):
        VOLUNTARY = ExitType.VOLUNTARY.value, "Voluntary"
        INVOLUNTARY = ExitType.INVOLUNTARY.value, "Involuntary"
        UNKNOWN = ExitType.UNKNOWN.value, "Not recorded"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employee_id = models.CharField("HRIS employee id", max_length=64, unique=True)
    first_name = models.CharField(max_length=200)
    last_name = models.CharField(max_length=200, blank=True)
    preferred_name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(unique=True)
    title = models.CharField(max_length=200, blank=True)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="employees"
    )
    level = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Numeric grade; higher is more senior."
    )
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    hire_date = models.DateField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    time_zone = models.CharField(max_length=64, blank=True)
    # The language of the emails this person receives; blank means the site's default.
    language = models.CharField(max_length=8, blank=True, choices=settings.LANGUAGES)
    status = models.CharField(
        max_length=16, choices=StatusChoices.choices, default=StatusChoices.ACTIVE
    )
    exit_date = models.DateField(null=True, blank=True)
    exit_type = models.CharField(
        max_length=16, choices=ExitTypeChoices.choices, blank=True, default=""
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["status", "level"], name="employee_status_level")]
        constraints = [
            models.CheckConstraint(condition=~Q(manager=F("id")), name="employee_not_own_manager"),
            models.CheckConstraint(
                condition=Q(exit_date__isnull=True)
                | Q(hire_date__isnull=True)
                | Q(exit_date__gte=F("hire_date")),
                name="employee_exit_after_hire",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.EXITED.value) | Q(exit_date__isnull=False),
                name="employee_exited_has_exit_date",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.EXITED.value) | Q(exit_date__isnull=True, exit_type=""),
                name="employee_exit_fields_only_when_exited",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.first_name
        return f"{first} {self.last_name}".strip()


class PromotionRecord(models.Model):
    """A step up in level or title; the history the measurement of promotions reads."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="promotions")
    effective_date = models.DateField()
    from_level = models.PositiveSmallIntegerField(null=True, blank=True)
    to_level = models.PositiveSmallIntegerField(null=True, blank=True)
    from_title = models.CharField(max_length=200, blank=True)
    to_title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["employee", "effective_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_level__isnull=True)
                | Q(to_level__isnull=True)
                | Q(to_level__gt=F("from_level")),
                name="promotion_goes_up",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} promoted {self.effective_date}"


class DiversityProfile(models.Model):
    """Self-declared, optional, restricted: only the person themself reads or edits it.

    Aggregates (never rows) may feed matching's diversity priority and reports.
    """

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        UNDISCLOSED = "", "Prefer not to say"

    class Gender(models.TextChoices):
        WOMAN = "woman", "Woman"
        MAN = "man", "Man"
        NON_BINARY = "non_binary", "Non-binary"
        SELF_DESCRIBED = "self_described", "In another way"
        UNDISCLOSED = "", "Prefer not to say"

    employee = models.OneToOneField(
        Employee, on_delete=models.CASCADE, related_name="diversity_profile"
    )
    gender = models.CharField(max_length=16, choices=Gender.choices, blank=True)
    ethnic_minority = models.CharField(
        "Part of an ethnic minority where you work",
        max_length=3,
        choices=Answer.choices,
        blank=True,
    )
    disability = models.CharField(
        "Disabled or long-term health condition", max_length=3, choices=Answer.choices, blank=True
    )
    lgbtq = models.CharField("LGBTQ+", max_length=3, choices=Answer.choices, blank=True)
    first_generation = models.CharField(
        "First in your family to work in a professional job",
        max_length=3,
        choices=Answer.choices,
        blank=True,
    )
    declared_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Diversity profile #{self.pk}"


class ImportJob(models.Model):
    """One upload of an HRIS file: validated (dry run) first, applied on request."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        VALIDATING = "validating", "Checking rows"
        VALIDATED = "validated", "Checked"
        APPLYING = "applying", "Importing"
        APPLIED = "applied", "Imported"
        FAILED = "failed", "Failed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    kind = models.CharField(max_length=8, choices=[("csv", "CSV"), ("xlsx", "XLSX")])
    # The upload's mapped columns as CSV, until the import is applied or fails (kept in the
    # database so any worker process, on any machine, can read it). Columns Upward does not
    # map are dropped before this is saved: their values never reach the database.
    content = models.BinaryField()
    day_first = models.BooleanField(null=True, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    report = models.JSONField(default=dict, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import of {self.filename}"

    @property
    def is_running(self) -> bool:
        return self.state in {self.State.QUEUED, self.State.VALIDATING, self.State.APPLYING}

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
