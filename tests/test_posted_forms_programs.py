"""A malformed id or choice posted to a program page (matching, recruitment, governance, flags,
talent, alumni, circles, surveys) is a 400 that names the problem, and nothing is written."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from tests.conftest import World
from tests.factories import TODAY
from tests.test_alumni import graduate_by_agreement
from tests.test_flags import stale_flag
from tests.test_matching_flow import Org, create_round, run
from tests.test_surveys import make_wave
from upward.alumni.models import Alumnus, GuideAppointment
from upward.circles.models import Circle
from upward.flags.models import CheckIn, Flag
from upward.matching.models import MatchRound
from upward.programs.models import Participant, Program
from upward.talent.models import OutcomeConsent


@dataclass(frozen=True)
class Post:
    role: str
    url: Callable[[World], str]
    data: dict[str, object]
    words: str  # what the 400 says
    unchanged: Callable[[World], object]  # read before and after: the same when nothing was written


def _flag_state(world: World) -> object:
    return list(Flag.objects.values_list("state", "note"))


def _check_in(world: World) -> CheckIn:
    return CheckIn.objects.create(pair=world.pair, requested_on=TODAY)


def _alumnus(world: World) -> Alumnus:
    graduate_by_agreement(world)
    return Alumnus.objects.get(employee=world.pair.mentor.employee)


POSTS = {
    "recruit: unknown action": Post(
        "lead",
        lambda w: reverse("recruitment:recruit", args=[w.cohort.public_id]),
        {"action": "explode"},
        "Choose to invite people or to remind them.",
        lambda w: list(w.cohort.participants.values_list("pk", "state")),
    ),
    "invitation: unknown answer": Post(
        "mentee",
        lambda w: reverse("recruitment:invitation", args=[w.pair.mentee.public_id]),
        {"answer": "maybe", "consent": "on"},
        "Choose yes or no.",
        lambda w: Participant.objects.filter(pk=w.pair.mentee.pk).values_list("state").get(),
    ),
    "cohort move: unknown state": Post(
        "lead",
        lambda w: reverse("governance:cohort_move", args=[w.cohort.public_id]),
        {"to": "sideways"},
        "That is not a step a cohort can take",
        lambda w: w.cohort.__class__.objects.values_list("state").get(pk=w.cohort.pk),
    ),
    "program close: a confirm that is not yes": Post(
        "lead",
        lambda w: reverse("governance:program_close", args=[w.program.public_id]),
        {"confirm": "maybe"},
        "Tick the box to confirm",
        lambda w: Program.objects.values_list("state").get(pk=w.program.pk),
    ),
    "flag: unknown action": Post(
        "lead",
        lambda w: reverse("flags:act", args=[stale_flag(w).public_id]),
        {"action": "explode", "note": "x"},
        "Choose an action from the list.",
        _flag_state,
    ),
    "check-in: a date that is not one": Post(
        "lead",
        lambda w: reverse("flags:check_in_held", args=[_check_in(w).public_id]),
        {"held_on": "2024-13-45"},
        "Give a real date",
        lambda w: list(CheckIn.objects.values_list("held_on")),
    ),
    "talent consent: neither yes nor no": Post(
        "mentee",
        lambda w: reverse("talent:consent", args=[w.pair.public_id]),
        {"share": "maybe"},
        "Choose yes or no.",
        lambda w: OutcomeConsent.objects.count(),
    ),
    "invite back: a cohort id that is not one": Post(
        "lead",
        lambda w: reverse("alumni:invite_back", args=[_alumnus(w).public_id]),
        {"cohort": "not-a-uuid"},
        "That cohort was not recognised",
        lambda w: list(Alumnus.objects.values_list("state")),
    ),
    "appoint a guide: a cohort id that is not one": Post(
        "lead",
        lambda w: reverse("alumni:guides", args=[w.program.public_id]),
        {"cohort": "not-a-uuid"},
        "That cohort was not recognised",
        lambda w: GuideAppointment.objects.count(),
    ),
    "accept a suggested circle: a member id that is not one": Post(
        "lead",
        lambda w: reverse("circles:accept", args=[w.program.public_id]),
        {"members": ["not-a-uuid"], "name": "A", "focus": "B", "cadence_weeks": "4"},
        "one of them was not recognised",
        lambda w: Circle.objects.count(),
    ),
    "form a circle: a member id that is not one": Post(
        "lead",
        lambda w: reverse("circles:create", args=[w.program.public_id]),
        {"members": ["not-a-uuid"], "name": "A", "focus": "B", "cadence_weeks": "4"},
        "one of them was not recognised",
        lambda w: Circle.objects.count(),
    ),
    "wave: unknown action": Post(
        "lead",
        lambda w: reverse("surveys:wave_act", args=[make_wave(w, "feedback").public_id]),
        {"action": "explode"},
        "Choose open, close or a minimum group size.",
        lambda w: list(w.cohort.waves.values_list("state", "min_group_size")),
    ),
}


@pytest.mark.parametrize("case", POSTS.values(), ids=POSTS.keys())
def test_a_malformed_value_is_a_400_in_words_and_nothing_is_written(
    world: World, case: Post
) -> None:
    url = case.url(world)
    before = case.unchanged(world)
    response = world.client(case.role).post(url, case.data)
    assert response.status_code == 400
    assert case.words in response.content.decode()
    assert case.unchanged(world) == before


@pytest.fixture
def round_run(db) -> tuple[Org, MatchRound]:
    org = Org()
    match_round = create_round(org)
    run(org, match_round)
    return org, match_round


@pytest.mark.parametrize(
    ("action", "data", "words"),
    [
        ("matching:publish", {"confirm": "maybe"}, "Tick the box to confirm"),
        ("matching:resolve", {"confirm": "maybe"}, "Tick the box to confirm"),
        ("matching:swap", {"first": "nope", "second": "1", "reason": "x"}, "not recognised"),
    ],
)
def test_a_malformed_value_in_a_round_is_a_400_in_words(
    round_run: tuple[Org, MatchRound], action: str, data: dict[str, str], words: str
) -> None:
    org, match_round = round_run
    pairs = list(match_round.proposals.values_list("mentor_id", "mentee_id").order_by("pk"))
    response = org.client().post(reverse(action, args=[match_round.public_id]), data)
    assert response.status_code == 400 and words in response.content.decode()
    match_round.refresh_from_db()
    assert match_round.state == MatchRound.State.PROPOSED
    assert list(match_round.proposals.values_list("mentor_id", "mentee_id").order_by("pk")) == pairs
