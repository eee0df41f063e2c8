"""What a member's home page lists, and whether each thing is still to do or already done.

Every item stays on the page after it is done, in its done form, so a mentor or mentee
always finds the way back (to their ranking, to the ground rules they signed, to their goal).
Each builder is one query, however many pairs or rounds the person has.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from upward.accounts.models import User
from upward.alumni.models import Alumnus, GuideAppointment
from upward.domain.pair_guides import GROUND_RULES_VERSION
from upward.matching.models import Choice, MatchRound, MentorResponse
from upward.programs.models import Pair, Participant
from upward.surveys.models import Invitation, Wave
from upward.workspace.models import Goal, RulesAcceptance, Session


@dataclass(frozen=True)
class Step:
    """One line of a checklist: done or still to do, and a link either way."""

    done: bool
    label: str
    text: str
    link_text: str
    url: str
    when: datetime | None = None  # a time to show in the member's own zone


@dataclass(frozen=True)
class PairCard:
    pair: Pair
    partner: Any  # the other member's Employee
    mentoring: bool  # the viewer is the mentor
    zone: str  # the viewer's time zone, for the next session
    steps: list[Step]


@dataclass(frozen=True)
class Item:
    """A card on the home page: something to do, or the state it is in once done."""

    done: bool
    heading: str
    text: str
    link_text: str
    url: str


def _rules_agreed(member: str) -> Exists:
    return Exists(
        RulesAcceptance.objects.filter(
            pair=OuterRef("pk"), member=OuterRef(member), version=GROUND_RULES_VERSION
        )
    )


def pair_cards(pairs: Any, user: User, now: datetime) -> list[PairCard]:
    """The viewer's pairs (a queryset of them), each with its first steps and where it stands."""
    next_session = Session.objects.filter(
        pair=OuterRef("pk"), status=Session.Status.PLANNED, starts_at__gte=now
    ).order_by("starts_at")
    rows = pairs.annotate(
        mentor_agreed=_rules_agreed("mentor"),
        mentee_agreed=_rules_agreed("mentee"),
        has_goal=Exists(Goal.objects.filter(pair=OuterRef("pk"))),
        next_session_at=Subquery(next_session.values("starts_at")[:1]),
        next_session_id=Subquery(next_session.values("public_id")[:1]),
        # Whether the viewer guides mentors or is an alumnus: asked here, in the one query, so
        # the home page of someone who is neither costs nothing more (alumni/templatetags).
        viewer_guides=Exists(
            GuideAppointment.objects.filter(guide__account=user, ended_on__isnull=True)
        ),
        viewer_alumnus=Exists(Alumnus.objects.filter(employee__account=user)),
    ).select_related("goal")
    cards = []
    for pair in rows:
        mentoring = pair.mentor.employee.account_id == user.pk
        me, partner = (pair.mentor, pair.mentee) if mentoring else (pair.mentee, pair.mentor)
        steps = _pair_steps(pair, mentoring, partner.employee.first_name)
        zone = me.employee.time_zone or "UTC"
        cards.append(PairCard(pair, partner.employee, mentoring, zone, steps))
    return cards


def _pair_steps(pair: Any, mentoring: bool, partner: str) -> list[Step]:
    if pair.state not in Pair.OPEN_STATES:
        return []
    pid = pair.public_id
    rules_url = reverse("workspace:rules", args=[pid])
    i_agreed, they_agreed = (
        (pair.mentor_agreed, pair.mentee_agreed)
        if mentoring
        else (pair.mentee_agreed, pair.mentor_agreed)
    )
    if i_agreed and they_agreed:
        rules = Step(True, "Ground rules", "agreed by you both.", "Read them again", rules_url)
    elif i_agreed:
        rules = Step(
            True, "Ground rules", f"you've agreed; waiting for {partner}.", "Read them", rules_url
        )
    elif they_agreed:
        rules = Step(
            False, "Ground rules", f"{partner} has agreed; your turn.", "Read and agree", rules_url
        )
    else:
        rules = Step(False, "Ground rules", "not agreed yet.", "Read and agree", rules_url)

    goal_url = reverse("workspace:goal", args=[pid])
    if pair.has_goal:
        goal = Step(True, "Goal", f"“{pair.goal.text}”", "See the goal", goal_url)
    else:
        goal = Step(False, "Goal", "none yet.", "Set one goal you can measure", goal_url)

    if pair.next_session_at:
        session_url = reverse("workspace:session", args=[pair.next_session_id])
        session = Step(True, "Next session", "", "Open it", session_url, when=pair.next_session_at)
    else:
        schedule_url = reverse("workspace:schedule", args=[pid])
        session = Step(
            False, "Next session", "none planned.", "Plan your next session", schedule_url
        )
    return [rules, goal, session]


def _count(model: Any, **lookups: Any) -> Coalesce:
    counted = (
        model.objects.filter(**lookups)
        .order_by()
        .values("round")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def choosing_items(user: User) -> list[Item]:
    """The person's places in rounds where mentees choose: to do while choosing is open,
    then what they are waiting for once they have ranked or answered."""
    places = (
        Participant.objects.filter(
            employee__account=user,
            cohort__match_rounds__mode=MatchRound.Mode.MENTEE_CHOOSES,
            cohort__match_rounds__state__in=[MatchRound.State.CHOOSING, MatchRound.State.PROPOSED],
        )
        .annotate(
            round_pk=F("cohort__match_rounds"),
            round_id=F("cohort__match_rounds__public_id"),
            round_state=F("cohort__match_rounds__state"),
            answers_due=F("cohort__match_rounds__answers_due"),
        )
        .annotate(
            ranked=_count(Choice, round=OuterRef("round_pk"), mentee=OuterRef("pk")),
            asked=_count(Choice, round=OuterRef("round_pk"), mentor=OuterRef("pk")),
            answered=_count(MentorResponse, round=OuterRef("round_pk"), mentor=OuterRef("pk")),
        )
        .select_related("cohort")
        .order_by("cohort__start_date", "pk")
    )
    items = []
    for place in places:
        item = _mentee_item(place) if place.role == Participant.Role.MENTEE else _mentor_item(place)
        if item is not None:
            items.append(item)
    return items


def _due(answers_due: date | None) -> str:
    return f" (they have until {answers_due:%-d %b})" if answers_due else ""


def _mentee_item(place: Any) -> Item | None:
    url = reverse("matching:shortlist", args=[place.round_id])
    cohort = place.cohort.name
    if place.round_state == MatchRound.State.PROPOSED:
        if not place.ranked:
            return None
        return Item(
            True,
            f"Choosing is closed for {cohort}",
            "Your program lead is making the pairs now. Your mentor will show here "
            "as soon as the pairs are published.",
            "See your ranking",
            url,
        )
    if not place.ranked:
        return Item(
            False,
            f"Choose your mentor for {cohort}",
            "Your shortlist is ready, with why each colleague could help you.",
            "Rank your shortlist",
            url,
        )
    return Item(
        True,
        "Ranked: waiting for mentors to answer",
        f"You've ranked your shortlist for {cohort}. The mentors you picked are answering now"
        f"{_due(place.answers_due)}; then your program lead makes the pairs. "
        "You can change your ranking until choosing closes.",
        "See or change your ranking",
        url,
    )


def _mentor_item(place: Any) -> Item | None:
    url = reverse("matching:requests", args=[place.round_id])
    cohort = place.cohort.name
    if place.round_state == MatchRound.State.PROPOSED:
        if not place.asked:
            return None
        return Item(
            True,
            f"Requests closed for {cohort}",
            "Your program lead is making the pairs now. Your partner will show here "
            "as soon as the pairs are published.",
            "See your answers",
            url,
        )
    waiting = place.asked - place.answered
    if waiting > 0:
        people = "leader is" if waiting == 1 else "leaders are"
        return Item(
            False,
            f"Mentoring requests for {cohort}",
            f"{waiting} {people} waiting for your answer.",
            "See who asked for you",
            url,
        )
    if place.asked:
        return Item(
            True,
            "Requests answered: waiting for the pairs",
            f"You've answered every request for {cohort}. Your program lead makes the pairs "
            "when choosing closes. You can change an answer until then.",
            "See your answers",
            url,
        )
    return Item(
        True,
        f"Mentoring requests for {cohort}",
        "Leaders are choosing their mentors. No one has asked for you yet; "
        "any request will show here.",
        "See requests",
        url,
    )


def survey_items(user: User) -> list[Item]:
    """Open surveys: to answer, or answered (thanks, and when results come)."""
    invitations = (
        Invitation.objects.filter(participant__employee__account=user, wave__state=Wave.State.OPEN)
        .select_related("wave__cohort__program")
        .order_by("wave__closes_on", "pk")
    )
    items = []
    for invitation in invitations:
        wave = invitation.wave
        closes = f"{wave.closes_on:%-d %b}"
        url = reverse("surveys:answer", args=[invitation.public_id])
        if invitation.answered:
            items.append(
                Item(
                    True,
                    f"{wave.label}: answered, thank you",
                    f"You've answered the survey for {wave.cohort.program.name}. "
                    f"It stays open for others until {closes}.",
                    "See all your surveys",
                    reverse("surveys:mine"),
                )
            )
            continue
        items.append(
            Item(
                False,
                f"{wave.label}: a few minutes for {wave.cohort.program.name}",
                f"Open until {closes}. Your partner never sees your answers.",
                "Continue the survey" if invitation.draft else "Answer the survey",
                url,
            )
        )
    return items
