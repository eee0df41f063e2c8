"""Reads for circles: the mentors a lead may group, a program's circles, a person's circles,
and the engine's input. Each a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from upward.accounts.models import User
from upward.circles.models import Circle, CircleMember, CircleNote, CircleSession
from upward.competencies.models import Competency
from upward.domain import time_zones
from upward.domain.circles import Pool
from upward.matching.inputs import TOPICS, build_side, skill_levels
from upward.people.models import Employee
from upward.programs.models import Participant, Program

TOOK_PART = (Participant.State.ACTIVE, Participant.State.COMPLETED)


def mentors_of(program: Program) -> list[Participant]:
    """Everyone who mentors or mentored in the program and is still here, once each: their
    latest cohort's participation (current mentors and alumni alike)."""
    rows = (
        Participant.objects.filter(
            cohort__program=program, role=Participant.Role.MENTOR, state__in=TOOK_PART
        )
        .exclude(employee__status=Employee.StatusChoices.EXITED)
        .select_related("employee__department", "cohort", "match_profile")
        .prefetch_related("match_profile__wants")
        .order_by("employee_id", "-cohort__start_date", "-pk")
    )
    latest: dict[int, Participant] = {}
    for row in rows:
        latest.setdefault(row.employee_id, row)
    return sorted(
        latest.values(), key=lambda p: (p.employee.first_name, p.employee.last_name, p.pk)
    )


def standing(participant: Participant, today: date) -> str:
    """Where a mentor stands, in a word or two: "alumni", "current" or "next cohort"."""
    if participant.state == Participant.State.COMPLETED or participant.cohort.end_date < today:
        return "alumni"
    return "next cohort" if participant.cohort.start_date > today else "current"


def zone_of(employee: Employee | None) -> str:
    """The person's IANA zone, UTC when none is set or it is not one we know."""
    return _zone(employee.time_zone if employee else "")


def _zone(text: str | None) -> str:
    try:
        return time_zones.resolve(text) if text else "UTC"
    except time_zones.UnknownZone:
        return "UTC"


def pool_of(mentors: list[Participant], now: datetime) -> Pool:
    """The engine's input, built with the matching app's loader (the same arrays a round uses)."""
    competencies = list(Competency.objects.order_by("name").values_list("pk", "name"))
    column = {pk: index for index, (pk, _) in enumerate(competencies)}
    skills = skill_levels([p.employee_id for p in mentors], column)
    return Pool(
        side=build_side(mentors, skills, set(), {}, column, now),
        cohorts=tuple(p.cohort.name for p in mentors),
        zones=tuple(zone_of(p.employee) for p in mentors),
        topics=TOPICS,
        competencies=tuple(name for _, name in competencies),
    )


def _next_session(now: datetime) -> Subquery:
    upcoming = CircleSession.objects.filter(
        circle=OuterRef("pk"), status=CircleSession.Status.PLANNED, starts_at__gte=now
    ).order_by("starts_at")
    return Subquery(upcoming.values("starts_at")[:1])


def circles_of_program(program: Program) -> QuerySet[Circle]:
    members = CircleMember.objects.select_related("employee", "cohort")
    return (
        Circle.objects.filter(program=program)
        .annotate(next_session_at=_next_session(timezone.now()))
        .prefetch_related(Prefetch("members", queryset=members))
    )


@dataclass(frozen=True)
class MyCircle:
    circle: Circle
    members: int
    next_when: str  # the next session in the viewer's own zone, or ""


def circles_of_user(user: User) -> list[MyCircle]:
    """The circles a person is in, with how many members and the next meeting in their own
    time zone: one query."""
    rows = (
        Circle.objects.filter(
            pk__in=CircleMember.objects.filter(employee__account=user).values("circle")
        )
        .annotate(
            member_count=Count("members"),
            next_session_at=_next_session(timezone.now()),
            viewer_zone=Subquery(Employee.objects.filter(account=user).values("time_zone")[:1]),
        )
        .select_related("program")
        .order_by("name", "pk")
    )
    return [
        MyCircle(
            circle=c,
            members=c.member_count,
            next_when=time_zones.when(c.next_session_at, _zone(c.viewer_zone))
            if c.next_session_at
            else "",
        )
        for c in rows
    ]


@dataclass(frozen=True)
class CirclePage:
    members: list[CircleMember]
    upcoming: list[CircleSession]
    notes: list[CircleNote] | None  # None unless the viewer is a member


def circle_page(circle: Circle, *, is_member: bool) -> CirclePage:
    members = list(
        circle.members.select_related(
            "employee__department", "employee__account__profile", "cohort"
        )
    )
    # Cancelled ones stay on show until their day: their calendar file takes them out.
    upcoming = list(circle.sessions.filter(starts_at__gte=timezone.now()))
    notes = list(circle.notes.select_related("author")) if is_member else None
    return CirclePage(members=members, upcoming=upcoming, notes=notes)
