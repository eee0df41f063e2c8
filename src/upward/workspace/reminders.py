"""Reminders to members, run by the scheduler: the day before each session (the time in the
reader's zone, the agenda, the goal's latest figure), and a gentle nudge to a pair with no
session held or planned for a while, a week before the lead is told."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Max, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from upward.domain import time_zones
from upward.domain.surveys.flags import nudge_due
from upward.notifications.outbox import queue_email
from upward.people.models import Employee
from upward.programs.models import Pair
from upward.workspace.emails import member_zone
from upward.workspace.models import Goal, Session

REMIND_WITHIN = timedelta(hours=26)  # the evening or morning before, whatever the zone


def _first(employee: Employee) -> str:
    return employee.preferred_name or employee.first_name


def _pair_link(pair: Pair) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("workspace:pair", args=[pair.public_id])


def remind_sessions() -> int:
    """Each member of a session starting within a day hears once (a moved session again)."""
    now = timezone.now()
    sessions = Session.objects.filter(
        status=Session.Status.PLANNED,
        starts_at__gt=now,
        starts_at__lte=now + REMIND_WITHIN,
        pair__state=Pair.State.ACTIVE,
    ).select_related("pair__mentor__employee", "pair__mentee__employee")
    sent = 0
    for session in sessions:
        figure = _latest_figure(session.pair)
        for member in (session.pair.mentor.employee, session.pair.mentee.employee):
            sent += _remind(session, member, figure)
    return sent


def _latest_figure(pair: Pair) -> str:
    goal = Goal.objects.filter(pair=pair).first()
    if goal is None:
        return ""
    latest = goal.updates.order_by("-noted_on", "-pk").values_list("value", flat=True).first()
    value = goal.baseline if latest is None else latest
    return f"{goal.metric}: {value:g} {goal.unit} (target {goal.target:g})"


def _remind(session: Session, member: Employee, figure: str) -> int:
    zone = member_zone(member)
    queued = queue_email(
        key=f"session_reminder:{session.pk}:{session.sequence}:{member.pk}",
        to=member.email,
        template="session_reminder",
        language=member.language,
        context={
            "first_name": _first(member),
            "when": time_zones.when(session.starts_at, zone),
            "agenda": session.get_agenda_display(),
            "figure": figure,
            "link": _pair_link(session.pair),
        },
    )
    return int(queued is not None)


def nudge_quiet_pairs() -> int:
    """Active pairs with nothing held or planned lately: both members, once per quiet spell."""
    today = timezone.localdate()
    pairs = (
        Pair.objects.filter(state=Pair.State.ACTIVE, cohort__program__state="active")
        .annotate(last_held=Max("sessions__starts_at", filter=_held()))
        .select_related("mentor__employee", "mentee__employee", "cohort__program")
        .prefetch_related(Prefetch("sessions", queryset=_upcoming(), to_attr="upcoming"))
    )
    sent = 0
    for pair in pairs:
        last = pair.last_held.date() if pair.last_held else None
        started = pair.started_on or pair.cohort.start_date
        cadence = pair.cohort.program.cadence_days
        quiet = not pair.upcoming and nudge_due(
            last_held=last, started=started, cadence_days=cadence, today=today
        )
        if quiet and started <= today:
            sent += _nudge(pair, last or started)
    return sent


def _held() -> Q:
    return Q(sessions__status=Session.Status.HELD)


def _upcoming() -> QuerySet[Session]:
    return Session.objects.filter(status=Session.Status.PLANNED, starts_at__gt=timezone.now())


def _nudge(pair: Pair, since: date) -> int:
    sent = 0
    for member in (pair.mentor.employee, pair.mentee.employee):
        queued = queue_email(
            key=f"quiet_pair:{pair.pk}:{since.isoformat()}:{member.pk}",
            to=member.email,
            template="quiet_pair",
            language=member.language,
            context={"first_name": _first(member), "link": _pair_link(pair)},
        )
        sent += int(queued is not None)
    return sent
