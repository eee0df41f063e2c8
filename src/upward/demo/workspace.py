"""Demo data for pair workspaces: ground rules agreed, and goals on, at risk of and off track."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from upward.accounts.models import User
from upward.domain import time_zones
from upward.domain.closure import ClosureFacts, memo
from upward.domain.pair_guides import GROUND_RULES_VERSION
from upward.domain.sessions import agendas, plan
from upward.people.models import Employee
from upward.programs.models import Cohort, Pair
from upward.workspace.models import (
    Closure,
    Concern,
    Goal,
    GoalUpdate,
    Insight,
    MilestoneCheck,
    RulesAcceptance,
    Session,
    Story,
    Tag,
)

GOALS = (
    (
        "Publish three short product videos and reach 250 followers",
        "Followers",
        "followers",
        "up",
        40,
        250,
    ),
    (
        "Answer customer questions on social media within four days, not ten",
        "Days to answer",
        "days",
        "down",
        10,
        4,
    ),
    (
        "Use an AI assistant to cut weekly reporting time",
        "Hours on the weekly report",
        "hours",
        "down",
        6,
        2,
    ),
    (
        "Run three landing-page experiments and act on the results",
        "Experiments run",
        "experiments",
        "up",
        0,
        3,
    ),
)
# Share of the way to the target reached by now, relative to the time gone: on track, at
# risk, off track, on track...
PACE = (1.0, 0.7, 0.2, 0.9)


VOCABULARY = (
    "AI tools",
    "Social media",
    "Customer insight",
    "Culture and inclusion",
    "Process improvement",
    "Data and analytics",
    "Career growth",
)


def build_workspace_demo(cohort: Cohort, today: date) -> None:
    tags = [Tag.objects.create(name=name, curated=True) for name in VOCABULARY]
    pairs = list(
        cohort.pairs.filter(state__in=Pair.OPEN_STATES)
        .select_related("mentor", "mentee")
        .order_by("pk")
    )
    for index, pair in enumerate(pairs):
        members = [pair.mentor] if index == len(pairs) - 1 else [pair.mentor, pair.mentee]
        for member in members:  # the last pair's mentee has not agreed yet: the page nudges
            RulesAcceptance.objects.create(pair=pair, member=member, version=GROUND_RULES_VERSION)
        goal = _goal(pair, index, deadline=cohort.end_date - timedelta(days=3))
        _updates(goal, pair, today, PACE[index % len(PACE)])
        _sessions(pair, today, tags, index)


def _goal(pair: Pair, index: int, *, deadline: date) -> Goal:
    text, metric, unit, direction, baseline, target = GOALS[index % len(GOALS)]
    return Goal.objects.create(
        pair=pair,
        text=text,
        metric=metric,
        unit=unit,
        direction=direction,
        baseline=baseline,
        target=target,
        deadline=deadline,
        owner=pair.mentee,
    )


def _updates(goal: Goal, pair: Pair, today: date, pace: float) -> None:
    start = pair.started_on or pair.cohort.start_date
    span = (goal.deadline - start).days
    for days in range(14, (today - start).days + 1, 14):
        share = min(1.0, pace * days / span)
        value = round(goal.baseline + (goal.target - goal.baseline) * share, 1)
        GoalUpdate.objects.create(
            goal=goal, value=value, noted_on=start + timedelta(days=days), by=pair.mentee, note=""
        )


def _suits_both(pair: Pair, day: date, zone: str) -> time:
    """10:00 for the mentor if that sits well inside both members' working day, else the hour
    nearest the middle of the hours they share: an hour's margin each side keeps the weekly
    time inside both days when one of the zones changes its clocks (the demo should not show
    a pair meeting at 02:00)."""
    partner_zone = pair.mentee.employee.time_zone or "UTC"
    window = time_zones.shared_window(day, zone, partner_zone)
    if window is None:
        return time(10, 0)
    ten = datetime.combine(day, time(10, 0), tzinfo=ZoneInfo(zone))
    if window.start + timedelta(hours=1) <= ten and ten + timedelta(hours=2) <= window.end:
        return time(10, 0)
    middle = window.start + (window.end - window.start) / 2 - timedelta(minutes=30)
    return middle.astimezone(ZoneInfo(zone)).replace(minute=0, second=0, microsecond=0).time()


def _sessions(pair: Pair, today: date, tags: list[Tag], index: int) -> None:
    """Weekly sessions: past ones logged (a few cancelled or missed), the rest planned."""
    start = pair.started_on or pair.cohort.start_date
    zone = pair.mentor.employee.time_zone or "UTC"
    starts = plan(
        start,
        _suits_both(pair, start, zone),
        zone,
        pair.cohort.program.cadence_days,
        pair.cohort.end_date,
    )
    now = timezone.now()
    for number, (at, agenda) in enumerate(zip(starts, agendas(starts), strict=True)):
        session = Session.objects.create(
            pair=pair,
            starts_at=at,
            agenda=agenda,
            planned_minutes=pair.cohort.program.session_minutes,
        )
        if at >= now:
            continue
        missed = (number + index) % 7 == 3
        session.status = Session.Status.CANCELLED if missed else Session.Status.HELD
        session.held_minutes = None if missed else 45 + (number * 7 + index) % 30
        session.logged_at = at
        session.save(update_fields=["status", "held_minutes", "logged_at"])
        if not missed:
            session.tags.set(
                [tags[(index + number) % len(tags)], tags[(index * 3 + number * 2) % len(tags)]]
            )


def build_care_demo(pilot: Cohort, current: Cohort) -> None:
    """Milestone checks in the running cohort, one open concern, and closure memos for the
    pilot's finished pairs."""
    running = list(current.pairs.filter(state=Pair.State.ACTIVE).order_by("pk"))
    for pair in running[:4]:
        MilestoneCheck.objects.create(
            pair=pair,
            by=pair.mentee,
            progress_percent=40,
            roadblocks="Finding a regular slot in busy weeks.",
            wins="The first experiment worked; the team noticed.",
            next_actions="Two sessions hands-on, then show the team.",
        )
    if len(running) > 5:
        Concern.objects.create(
            pair=running[5],
            raised_by=running[5].mentor,
            topic="no_shows",
            text="Our last two sessions were cancelled at short notice and "
            "I'm not sure how to raise it.",
        )
    _insights_and_story(pilot, running)
    for pair in pilot.pairs.filter(state=Pair.State.CLOSED).select_related(
        "mentor__employee", "mentee__employee"
    ):
        facts = ClosureFacts(
            mentor=pair.mentor.employee.display_name,
            mentee=pair.mentee.employee.display_name,
            goal="",
            unit="",
            baseline=None,
            target=None,
            outcome=None,
            sessions_held=9,
            mentor_learned="How priorities are set at the top, and how to pitch an idea there.",
            mentee_learned="Hands-on use of AI assistants and short-form video.",
            next_steps="Share the playbook with the leadership team.",
            decision="graduate",
        )
        Closure.objects.create(
            pair=pair,
            mentor_learned=facts.mentor_learned,
            mentee_learned=facts.mentee_learned,
            next_steps=facts.next_steps,
            decision="graduate",
            memo=memo(facts),
        )


def _insights_and_story(pilot: Cohort, running: list[Pair]) -> None:
    """Insights with owners and measured impact, and one published story from the pilot."""
    owner = Employee.objects.filter(status="active", level=8, department__name="Operations").first()
    samples = (
        ("Expense approvals take a week for small amounts", 3.5, 0.0, None),
        ("Customers ask the same onboarding question on social media", 0.0, 0.0, 1200),
        ("Weekly report rebuilt by hand in three teams", 6.0, 18000.0, None),
    )
    for pair, (title, hours, money, customers) in zip(running, samples, strict=False):
        insight = Insight.objects.create(
            pair=pair,
            raised_by=pair.mentor,
            title=title,
            share_consent=True,
            owner=owner,
            description="Seen from the mentor's desk during a session.",
            state=Insight.State.DONE if hours else Insight.State.IN_PROGRESS,
            hours_saved_per_week=hours or None,
            money_per_year=money or None,
            customers_reached=customers,
        )
        insight.tags.set(Tag.objects.filter(name="Process improvement"))
    first = pilot.pairs.filter(state=Pair.State.CLOSED).order_by("pk").first()
    if first is not None:
        now = timezone.now()
        Story.objects.create(
            pair=first,
            title="From a Friday report to a five-minute prompt",
            body="Our analyst showed our director how an AI assistant drafts the weekly report. "
            "The team now reviews instead of rewriting, and Friday afternoons are back.",
            published_body="Our analyst showed our director how an AI assistant drafts the "
            "weekly report. The team now reviews instead of rewriting, and Friday "
            "afternoons are back.",
            mentor_consent_at=now,
            mentee_consent_at=now,
            published_at=now,
            approved_by=User.objects.filter(username="lead").first(),
        )


def build_pilot_sessions(rng: random.Random, pilot: Cohort) -> None:
    """The pilot's history: fortnightly sessions, mostly held, tagged, so the topic heat map and
    the cost of the program have something true to show."""
    tags = list(Tag.objects.filter(curated=True).order_by("pk"))
    pairs = pilot.pairs.select_related("mentor__employee", "mentee__employee", "cohort__program")
    for pair in pairs.order_by("pk"):
        start = pair.started_on or pilot.start_date
        zone = pair.mentor.employee.time_zone or "UTC"
        for number in range(6):
            day = start + timedelta(days=14 * number)
            held = rng.random() < 0.88
            session = Session.objects.create(
                pair=pair,
                starts_at=datetime.combine(day, _suits_both(pair, day, zone), ZoneInfo(zone)),
                status=Session.Status.HELD if held else Session.Status.CANCELLED,
                held_minutes=rng.choice([45, 55, 60]) if held else None,
                logged_at=timezone.now() if held else None,
            )
            if held:
                session.tags.set(rng.sample(tags[:5], 2) if number % 3 else [tags[0]])
    _pilot_goals(pilot)


# How far each pilot pair got by the end: most reached their target, some came close.
PILOT_REACHED = (1.0, 1.0, 0.8, 1.0, 0.6, 1.0, 1.0, 0.9, 1.0, 0.5)


def _pilot_goals(pilot: Cohort) -> None:
    """A closed pilot whose pairs had goals (a real one would): most reached theirs, so the
    health page and the goal figure show a finished cohort, not 'no goal yet'."""
    pairs = pilot.pairs.exclude(state=Pair.State.DISSOLVED).select_related("cohort")
    for index, pair in enumerate(pairs.order_by("pk")):
        start = pair.started_on or pilot.start_date
        goal = _goal(pair, index, deadline=pilot.end_date - timedelta(days=3))
        reached = PILOT_REACHED[index % len(PILOT_REACHED)]
        for step, share in enumerate((0.3, 0.6, reached), start=1):
            GoalUpdate.objects.create(
                goal=goal,
                value=round(goal.baseline + (goal.target - goal.baseline) * min(share, reached), 1),
                noted_on=start + timedelta(days=25 * step),
                by=pair.mentee,
                note="",
            )
