"""Reads for alumni and guide pages. Nothing here reaches a pair's private words: no session
notes, journals, concerns, milestone texts, closure reflections or survey answers."""

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from upward.accounts.models import User
from upward.alumni.models import Alumnus, GuideAppointment, GuideCheckIn, GuidedMentor
from upward.domain.alumni import MentorPlace, ReturningFigure, returning_mentors, worked_on
from upward.flags.models import Flag
from upward.people.models import Employee
from upward.programs.models import Cohort, Pair, Participant, Program
from upward.workspace.models import Session, Tag


@dataclass(frozen=True)
class AlumnusRow:
    alumnus: Alumnus
    cohort: str
    worked_on: str


def _tags_by_pair(pair_ids: list[int]) -> dict[int, list[str]]:
    """Each pair's session topics, one entry per session that used the topic (one query)."""
    tags: dict[int, list[str]] = {}
    rows = Tag.objects.filter(sessions__pair_id__in=pair_ids).values_list(
        "sessions__pair_id", "name"
    )
    for pair_id, name in rows:
        tags.setdefault(pair_id, []).append(name)
    return tags


def _rows(alumni: QuerySet[Alumnus]) -> list[AlumnusRow]:
    alumni = alumni.select_related(
        "employee__department", "pair__cohort", "pair__goal", "invited_back_to"
    ).order_by("-graduated_on", "employee__last_name", "pk")
    listed = list(alumni)
    tags = _tags_by_pair([a.pair_id for a in listed if not hasattr(a.pair, "goal")])
    rows = []
    for alumnus in listed:
        goal = alumnus.pair.goal.text if hasattr(alumnus.pair, "goal") else ""
        rows.append(
            AlumnusRow(
                alumnus, alumnus.pair.cohort.name, worked_on(goal, tags.get(alumnus.pair_id, []))
            )
        )
    return rows


def program_alumni(program: Program) -> list[AlumnusRow]:
    """Every alumnus of the program, for the people who run it."""
    return _rows(Alumnus.objects.filter(program=program))


def listed_alumni(program: Program) -> list[AlumnusRow]:
    """The alumni who chose to be listed to the program's members."""
    return _rows(Alumnus.objects.filter(program=program, listed=True))


def alumni_of_user(user: User) -> list[AlumnusRow]:
    return _rows(Alumnus.objects.filter(employee__account=user).select_related("program"))


def returning_figure(program: Program) -> ReturningFigure:
    places = [
        MentorPlace(person, start)
        for person, start in Participant.objects.filter(
            cohort__program=program,
            role=Participant.Role.MENTOR,
            state__in=[Participant.State.ACTIVE, Participant.State.COMPLETED],
        ).values_list("employee_id", "cohort__start_date")
    ]
    graduated = dict(
        Alumnus.objects.filter(program=program)
        .values("employee_id")
        .annotate(first=Min("graduated_on"))
        .values_list("employee_id", "first")
    )
    return returning_mentors(places, graduated)


def later_cohorts(alumnus: Alumnus) -> QuerySet[Cohort]:
    """Cohorts an alumnus could be invited back to: after they graduated, not yet closing."""
    return Cohort.objects.filter(
        program_id=alumnus.program_id,
        start_date__gt=alumnus.graduated_on,
        state__in=[Cohort.State.UPCOMING, Cohort.State.RUNNING],
    ).order_by("-state", "start_date")  # upcoming first: the natural place to come back


def open_cohorts(program: Program) -> QuerySet[Cohort]:
    """Upcoming and running cohorts, running first (its mentors are the ones with pairs)."""
    return program.cohorts.filter(state__in=[Cohort.State.UPCOMING, Cohort.State.RUNNING]).order_by(
        "state", "start_date"
    )


def _has_mentored(program: Program) -> Q:
    return Q(
        participations__cohort__program=program,
        participations__role=Participant.Role.MENTOR,
        participations__pairs_as_mentor__isnull=False,
    )


def guide_candidates(program: Program) -> QuerySet[Employee]:
    """People who have mentored in the program, alumni or still mentoring: the experience a
    guide needs. People who left are not offered."""
    return (
        Employee.objects.filter(_has_mentored(program))
        .exclude(status=Employee.StatusChoices.EXITED)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def is_guide_candidate(program: Program, employee: Employee) -> bool:
    return guide_candidates(program).filter(pk=employee.pk).exists()


def mentors_of_cohort(cohort: Cohort) -> QuerySet[Participant]:
    """The cohort's mentors in a pair, each with their current guide's name if they have one."""
    current = GuidedMentor.objects.filter(mentor=OuterRef("pk"), ended_on__isnull=True)
    return (
        cohort.participants.filter(
            role=Participant.Role.MENTOR, pairs_as_mentor__state__in=Pair.OPEN_STATES
        )
        .distinct()
        .select_related("employee__department")
        .annotate(
            guide_first=Subquery(current.values("appointment__guide__first_name")[:1]),
            guide_last=Subquery(current.values("appointment__guide__last_name")[:1]),
        )
        .order_by("employee__last_name", "pk")
    )


def _has_a_guide() -> Exists:
    return Exists(GuidedMentor.objects.filter(mentor=OuterRef("pk"), ended_on__isnull=True))


def mentors_to_guide(cohort: Cohort | None) -> QuerySet[Participant]:
    """The cohort's mentors who could be given a guide: in a pair, without one yet."""
    if cohort is None:
        return Participant.objects.none()
    return mentors_of_cohort(cohort).exclude(_has_a_guide())


def mentors_guided(cohort: Cohort | None) -> QuerySet[Participant]:
    if cohort is None:
        return Participant.objects.none()
    return mentors_of_cohort(cohort).filter(_has_a_guide())


def appointments_of_program(program: Program) -> list[GuideAppointment]:
    return list(
        GuideAppointment.objects.filter(cohort__program=program)
        .select_related("guide", "cohort")
        .annotate(
            guided=Count("mentors", filter=Q(mentors__ended_on__isnull=True), distinct=True),
            check_ins=Count("mentors__check_ins", distinct=True),
        )
        .order_by("ended_on", "-appointed_on", "pk")
    )


def open_appointments_of_user(user: User) -> list[GuideAppointment]:
    return list(
        GuideAppointment.objects.filter(guide__account=user, ended_on__isnull=True)
        .select_related("cohort__program")
        .annotate(guided=Count("mentors", filter=Q(mentors__ended_on__isnull=True)))
        .order_by("-appointed_on", "pk")
    )


@dataclass(frozen=True)
class GuidedRow:
    """One mentor in a guide's care, at the level the program lead sees their pair."""

    guided: GuidedMentor
    pairs: list[Pair]  # annotated: held, last_held, next_planned, open_flags
    check_ins: list[GuideCheckIn]


def _count(queryset: QuerySet) -> Coalesce:
    counted = queryset.order_by().values("pair").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _pairs_at_lead_level(mentor_ids: list[int], today: date) -> QuerySet[Pair]:
    sessions = Session.objects.filter(pair=OuterRef("pk"))
    held = sessions.filter(status=Session.Status.HELD)
    planned = sessions.filter(status=Session.Status.PLANNED, starts_at__date__gte=today)
    return (
        Pair.objects.filter(mentor_id__in=mentor_ids)
        .select_related("mentee__employee", "goal")
        .annotate(
            held=_count(held),
            last_held=Subquery(
                held.order_by().values("pair").annotate(last=Max("starts_at")).values("last")[:1]
            ),
            next_planned=Subquery(planned.order_by("starts_at").values("starts_at")[:1]),
            open_flags=_count(Flag.objects.filter(pair=OuterRef("pk"), state=Flag.State.OPEN)),
        )
        .order_by("started_on", "pk")
    )


def guided_rows(appointment: GuideAppointment, today: date) -> list[GuidedRow]:
    """The appointment's mentors and their pairs (three queries, however many mentors)."""
    guided = list(
        appointment.mentors.select_related("mentor__employee__department").order_by(
            "ended_on", "mentor__employee__last_name", "pk"
        )
    )
    pairs: dict[int, list[Pair]] = {}
    for pair in _pairs_at_lead_level([g.mentor_id for g in guided], today):
        pairs.setdefault(pair.mentor_id, []).append(pair)
    check_ins: dict[int, list[GuideCheckIn]] = {}
    for check_in in GuideCheckIn.objects.filter(guided__in=guided):
        check_ins.setdefault(check_in.guided_id, []).append(check_in)
    return [GuidedRow(g, pairs.get(g.mentor_id, []), check_ins.get(g.pk, [])) for g in guided]


def guide_of_mentor(pair: Pair) -> GuidedMentor | None:
    """The pair's mentor's current guide, if they have one."""
    return (
        GuidedMentor.objects.filter(mentor_id=pair.mentor_id, ended_on__isnull=True)
        .select_related("appointment__guide__department")
        .first()
    )
