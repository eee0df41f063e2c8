import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from upward.core.fields import EncryptedTextField
from upward.people.models import Employee
from upward.programs.models import Cohort, Pair, Participant, Program


class Alumnus(models.Model):
    """A person whose pair graduated in a program: one record per person and program, made
    once (the first graduation counts; a later one changes nothing)."""

    class State(models.TextChoices):
        GRADUATED = "graduated", "Graduated"
        INVITED_BACK = "invited_back", "Invited back as a mentor"

    class Way(models.TextChoices):
        CLOSURE = "closure", "Both agreed to graduate"
        COHORT_CLOSED = "cohort_closed", "Finished when the cohort closed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="alumni")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="alumni_of")
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=8, choices=Participant.Role.choices)
    way = models.CharField(max_length=16, choices=Way.choices)
    state = models.CharField(max_length=16, choices=State.choices, default=State.GRADUATED)
    graduated_on = models.DateField()
    # The person's own choices: listed to the program's members, and open to coming back.
    listed = models.BooleanField(default=False)
    open_to_return = models.BooleanField(default=False)
    choices_updated_at = models.DateTimeField(null=True, blank=True)
    invited_back_to = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_back_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-graduated_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "employee"], name="alumnus_once_per_program"
            ),
            models.CheckConstraint(
                condition=Q(state="graduated") | Q(invited_back_on__isnull=False),
                name="alumnus_invited_back_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} (alumnus of {self.program})"


class GuideAppointment(models.Model):
    """An experienced person the lead asked to guide some of a cohort's mentors."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="guide_appointments")
    guide = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="guiding")
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    appointed_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-appointed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "guide"],
                condition=Q(ended_on__isnull=True),
                name="one_open_appointment_per_guide_and_cohort",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("appointed_on")),
                name="appointment_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guide} guiding in {self.cohort}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class GuidedMentor(models.Model):
    """One mentor in a guide's care. A mentor has at most one guide at a time."""

    appointment = models.ForeignKey(
        GuideAppointment, on_delete=models.CASCADE, related_name="mentors"
    )
    mentor = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="guided_by")
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["appointment", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentor"],
                condition=Q(ended_on__isnull=True),
                name="one_guide_per_mentor",
            ),
            models.UniqueConstraint(
                fields=["appointment", "mentor"], name="mentor_once_per_appointment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} guided in {self.appointment}"


class GuideCheckIn(models.Model):
    """A guide's short note that they checked in with one of their mentors. Read by the guide
    and the program lead only: not the mentor, the mentee, sponsors or analysts."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    guided = models.ForeignKey(GuidedMentor, on_delete=models.CASCADE, related_name="check_ins")
    held_on = models.DateField()
    text = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Guide check-in {self.held_on:%Y-%m-%d}"
