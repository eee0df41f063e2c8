"""Flags that follow the facts: a flag closes itself when its cause goes away, the list groups a
pair's flags under the pair, and "send to reshuffle" arrives with the pair selected."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import World
from tests.factories import TODAY, PairFactory, ProgramFactory
from upward.flags import jobs, services
from upward.flags.models import Flag
from upward.governance.models import Checkpoint
from upward.programs.lifecycle import cohort_move
from upward.programs.models import Cohort, Pair
from upward.workspace.models import Goal, Session

CLOSED_ON = f"Closed on {TODAY.day} {TODAY:%b}"


def session(pair: Pair, days_ago: int, status: str = Session.Status.HELD) -> Session:
    return Session.objects.create(
        pair=pair,
        starts_at=timezone.make_aware(datetime.combine(TODAY - timedelta(days=days_ago), time(9))),
        status=status,
    )


def stale_pair(world: World) -> Flag:
    """The world's first pair met weekly, then not for 23 days; the other pair is meeting."""
    session(world.pair, days_ago=30)
    session(world.pair, days_ago=23)
    session(world.other_pair, days_ago=3)
    assert services.detect(TODAY) == 1
    return Flag.objects.get(reason="stale")


def flag_on(world: World, reason: str, pair: Pair | None = None, key: str = "") -> Flag:
    pair = pair or world.pair
    flag = services.raise_flag(
        key=key or f"{reason}:{pair.pk}:test",
        program=world.program,
        cohort=pair.cohort,
        pair=pair,
        reason=reason,
        evidence=f"Evidence for {reason}.",
        today=TODAY,
    )
    assert flag is not None
    return flag


def inbox(world: World, show: str = "open") -> str:
    return world.client("lead").get(reverse("flags:inbox"), {"show": show}).content.decode()


def test_a_missed_checkpoint_flag_closes_itself_once_the_checkpoint_is_recorded(
    world: World, django_capture_on_commit_callbacks
) -> None:
    session(world.pair, days_ago=1)
    session(world.other_pair, days_ago=1)
    checkpoint = Checkpoint.objects.create(
        program=world.program, kind="mid", due_date=TODAY - timedelta(days=3)
    )
    assert services.detect(TODAY) == 1
    with django_capture_on_commit_callbacks(execute=True):
        world.client("lead").post(
            reverse("governance:checkpoint", args=[checkpoint.public_id]),
            {"held_on": str(TODAY - timedelta(days=1)), "sponsor_attended": "on"},
        )
    flag = Flag.objects.get(reason="missed_checkpoint")
    assert flag.state == Flag.State.RESOLVED
    assert flag.note == f"{CLOSED_ON}: the checkpoint was recorded"
    assert "Sponsor checkpoint missed" not in inbox(world)
    assert f"{CLOSED_ON}: the checkpoint was recorded." in inbox(world, "all")
    assert services.detect(TODAY) == 0  # recorded with the sponsor: nothing new to raise


def test_a_stale_flag_closes_itself_once_a_session_is_logged(
    world: World, django_capture_on_commit_callbacks
) -> None:
    flag = stale_pair(world)
    with django_capture_on_commit_callbacks(execute=True):
        session(world.pair, days_ago=0)
    flag.refresh_from_db()
    assert flag.state == Flag.State.RESOLVED
    assert flag.note == (
        f"{CLOSED_ON}: the pair is meeting again (a session was held on {TODAY:%d %b %Y})"
    )
    assert services.detect(TODAY) == 0


def test_a_stale_flag_closes_itself_once_a_session_is_planned_and_returns_if_it_is_cancelled(
    world: World, django_capture_on_commit_callbacks
) -> None:
    flag = stale_pair(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("mentor").post(
            reverse("workspace:schedule", args=[world.pair.public_id]),
            {"first_day": str(TODAY + timedelta(days=2)), "at": "10:00", "zone": "UTC"},
        )
    assert response.status_code == 302
    # A plan is written in one bulk insert, which sends no signal: the next scheduler pass
    # (every minute) closes the flag.
    assert jobs.detect_flags() == "0 raised, 1 closed"
    flag.refresh_from_db()
    assert flag.state == Flag.State.RESOLVED
    assert flag.note == (
        f"{CLOSED_ON}: the pair is meeting again (a session is planned for "
        f"{TODAY + timedelta(days=2):%d %b %Y})"
    )
    assert services.detect(TODAY) == 0  # a pair with a session ahead is not drifting
    # The plan falls through: the pair is drifting again, and a new flag says so.
    world.pair.sessions.filter(status=Session.Status.PLANNED).update(
        status=Session.Status.CANCELLED
    )
    assert services.detect(TODAY) == 1
    assert Flag.objects.filter(reason="stale", state=Flag.State.OPEN).count() == 1
    assert Flag.objects.filter(reason="stale").count() == 2  # the closed one stays in history


def test_a_stagnant_flag_closes_itself_when_progress_is_recorded(
    world: World, django_capture_on_commit_callbacks
) -> None:
    session(world.pair, days_ago=2)
    session(world.other_pair, days_ago=2)
    Goal.objects.create(
        pair=world.pair,
        text="Ship it",
        metric="Posts",
        unit="posts",
        baseline=0,
        target=10,
        deadline=TODAY + timedelta(days=5),
        owner=world.pair.mentee,
    )
    services.detect(TODAY)
    flag = Flag.objects.get(reason="stagnant")
    with django_capture_on_commit_callbacks(execute=True):
        world.client("mentee").post(
            reverse("workspace:progress", args=[world.pair.public_id]),
            {"value": "4", "noted_on": str(TODAY)},
        )
    flag.refresh_from_db()
    assert flag.state == Flag.State.OPEN  # some progress, still far behind: the cause stands
    with django_capture_on_commit_callbacks(execute=True):
        world.client("mentee").post(
            reverse("workspace:progress", args=[world.pair.public_id]),
            {"value": "9", "noted_on": str(TODAY)},
        )
    flag.refresh_from_db()
    assert flag.state == Flag.State.RESOLVED
    assert flag.note == (f"{CLOSED_ON}: progress was recorded and the goal is no longer far behind")
    assert services.detect(TODAY) == 0


def test_every_flag_of_a_closed_pair_closes_itself(
    world: World, django_capture_on_commit_callbacks
) -> None:
    flags = [flag_on(world, "low_safety"), flag_on(world, "stale")]
    other = flag_on(world, "stale", pair=world.other_pair)
    with django_capture_on_commit_callbacks(execute=True):
        world.pair.state = Pair.State.CLOSED
        world.pair.save(update_fields=["state"])
    for flag in flags:
        flag.refresh_from_db()
        assert (flag.state, flag.note) == (
            Flag.State.RESOLVED,
            f"{CLOSED_ON}: the pair was closed",
        )
    other.refresh_from_db()
    assert other.state == Flag.State.OPEN


def test_the_detection_job_closes_the_flags_of_a_pair_dissolved_by_a_reshuffle(
    world: World,
) -> None:
    flag = flag_on(world, "safety_drop")
    # Publishing a reshuffle dissolves pairs in one UPDATE, which no signal reports.
    Pair.objects.filter(pk=world.pair.pk).update(state=Pair.State.DISSOLVED)
    session(world.other_pair, days_ago=1)
    assert jobs.detect_flags() == "0 raised, 1 closed"
    flag.refresh_from_db()
    assert (flag.state, flag.note) == (Flag.State.RESOLVED, f"{CLOSED_ON}: the pair was dissolved")
    assert jobs.detect_flags() == "0 raised, 0 closed"


def test_a_flag_that_closed_itself_never_counts_as_open_and_cannot_be_acted_on(
    world: World,
) -> None:
    flag = flag_on(world, "stale")
    Pair.objects.filter(pk=world.pair.pk).update(state=Pair.State.DISSOLVED)
    services.close_resolved(TODAY)
    lead = world.client("lead")
    assert lead.get(reverse("api:list_flags")).json()["items"] == []
    everything = lead.get(reverse("api:list_flags"), {"state": "all"}).json()["items"]
    assert [(f["state"], f["note"]) for f in everything] == [
        ("resolved", f"{CLOSED_ON}: the pair was dissolved")
    ]
    assert "No flags." in inbox(world)
    response = lead.post(reverse("flags:act", args=[flag.public_id]), {"action": "pause"})
    assert response.status_code == 302
    world.pair.refresh_from_db()
    assert world.pair.state == Pair.State.DISSOLVED  # not paused: the flag had closed
    flag.refresh_from_db()
    assert flag.state == Flag.State.RESOLVED and flag.action == ""


def test_the_list_shows_one_row_per_pair_with_its_flags_most_serious_first(world: World) -> None:
    flag_on(world, "stale")
    flag_on(world, "low_safety")
    flag_on(world, "stagnant", pair=world.other_pair)
    services.raise_flag(
        key="low_response:test",
        program=world.program,
        cohort=world.cohort,
        reason="low_response",
        evidence="Pulse 2: 2 of 8 answered.",
        today=TODAY,
    )
    page = inbox(world)
    pair_url = reverse("workspace:pair", args=[world.pair.public_id])
    other_url = reverse("workspace:pair", args=[world.other_pair.public_id])
    assert page.count('class="card flag-group"') == 2
    assert page.count(f'href="{pair_url}"') == 3  # the row's heading and each of its two flags
    assert "2 open flags" in page and "1 open flag<" in page
    # The pair with a safety flag comes first, its safety flag above its stale one; the
    # program-wide response flag comes last, on its own.
    order = [
        page.index(f'href="{pair_url}"'),
        page.index("Low psychological safety"),
        page.index("No session for a while"),
        page.index(f'href="{other_url}"'),
        page.index("Goal far behind"),
        page.index("Low survey response"),
    ]
    assert order == sorted(order)


def test_the_flag_list_costs_the_same_queries_however_many_flags(world: World) -> None:
    def count() -> int:
        client = world.client("lead")
        client.get(reverse("flags:inbox"))  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("flags:inbox")).status_code == 200
        return len(queries)

    flag_on(world, "stale")
    few = count()
    for _ in range(6):
        pair = PairFactory(cohort=world.cohort)
        flag_on(world, "low_safety", pair=pair)
        flag_on(world, "stale", pair=pair)
    flag_on(world, "stagnant", pair=world.other_pair)
    assert count() == few == 6  # session, user, roles, pairs, flags, check-ins


def test_send_to_reshuffle_arrives_with_that_pair_selected(world: World) -> None:
    flag = flag_on(world, "low_safety")
    lead = world.client("lead")
    response = lead.post(reverse("flags:act", args=[flag.public_id]), {"action": "reshuffle"})
    matching = reverse("matching:cohort", args=[world.cohort.public_id])
    assert response.url == f"{matching}?pair={world.pair.public_id}#reshuffle-heading"
    page = lead.get(response.url).content.decode()
    assert f'value="{world.pair.public_id}" id="pair-{world.pair.public_id}" checked>' in page
    assert f'id="pair-{world.other_pair.public_id}">' in page  # the other pair is not ticked
    assert page.count(" checked>") == 1


@pytest.mark.parametrize("whose", ["another cohort", "another program", "not a pair"])
def test_a_reshuffle_link_to_a_pair_outside_the_cohort_selects_nothing(
    world: World, whose: str
) -> None:
    pair_id = {
        "another cohort": lambda: PairFactory(cohort__program=world.program).public_id,
        "another program": lambda: PairFactory(cohort__program=ProgramFactory()).public_id,
        "not a pair": lambda: "'><script>",
    }[whose]()
    matching = reverse("matching:cohort", args=[world.cohort.public_id])
    response = world.client("lead").get(matching, {"pair": str(pair_id)})
    assert response.status_code == 200
    page = response.content.decode()
    assert " checked>" not in page and "<script>" not in page


def test_closing_the_cohort_closes_the_flags_of_its_pairs(
    world: World, django_capture_on_commit_callbacks
) -> None:
    flag = flag_on(world, "low_safety")
    Cohort.objects.filter(pk=world.cohort.pk).update(state=Cohort.State.CLOSING)
    with django_capture_on_commit_callbacks(execute=True):
        cohort_move(world.cohort, to="closed", actor=world.users["lead"], confirmed=True)
    flag.refresh_from_db()
    assert (flag.state, flag.note) == (Flag.State.RESOLVED, f"{CLOSED_ON}: the pair was closed")
