"""Peer circles: small groups of a program's mentors, across its cohorts, who meet on their own
rhythm to swap what works. The lead forms them; the members write the shared notes."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from upward.core.fields import EncryptedTextField
from upward.people.models import Employee
from upward.programs.models import Cohort, Program

MIN_MEMBERS, MAX_MEMBERS = 4, 8


class Circle(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="circles")
    name = models.CharField(max_length=120)
    focus = models.CharField(max_length=200)
    cadence_weeks = models.PositiveSmallIntegerField(default=4)
    # The engine's words when the lead took its suggestion; blank for a circle formed by hand.
    suggested_because = models.TextField(blank=True)
    formed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["program", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cadence_weeks__gte=1, cadence_weeks__lte=12),
                name="circle_cadence_1_to_12_weeks",
            ),
            models.UniqueConstraint(
                fields=["program", "name"], name="circle_name_unique_in_program"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CircleMember(models.Model):
    """A mentor of the program in the circle, with the cohort they mentored in (their latest)."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="members")
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="circle_memberships"
    )
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["circle", "employee__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["circle", "employee"], name="one_membership_per_circle")
        ]

    def __str__(self) -> str:
        return f"{self.employee} in {self.circle}"


class CircleNote(models.Model):
    """What a member shares with the circle. Its members read it; the lead and site admins
    never do (screens, exports and the admin alike)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Note in {self.circle}"


class CircleSession(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        CANCELLED = "cancelled", "Cancelled"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=60)
    place = models.CharField(max_length=300, blank=True)  # a room or a video link
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    sequence = models.PositiveIntegerField(default=0)  # iCalendar SEQUENCE, raised on change
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=15, minutes__lte=240), name="circle_session_15_to_240_min"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "cancelled"]), name="circle_session_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.circle} on {self.starts_at:%Y-%m-%d}"
