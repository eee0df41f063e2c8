"""Program health is a page a lead acts on: every pair listed with its state, rhythm, goal and
flags, each linked; dissolved pairs shown but not counted as working; plain labels."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import World
from tests.factories import TODAY, PairFactory
from upward.flags.models import Flag
from upward.impact import services as impact_services
from upward.programs.models import Pair
from upward.workspace.models import Goal, GoalUpdate, Session


def _health(world: World) -> str:
    impact_services.refresh_program(world.program, TODAY)
    response = world.client("lead").get(reverse("impact:health", args=[world.program.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def _rows(page: str) -> list[str]:
    body = page.split('<table class="health-pairs', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr[^>]*>(.*?)</tr>", body.split("<tbody>", 1)[1], flags=re.S)


def _held(pair: Pair, days_ago: int) -> None:
    Session.objects.create(
        pair=pair,
        starts_at=timezone.now() - timedelta(days=days_ago),
        status=Session.Status.HELD,
        held_minutes=60,
    )


@pytest.fixture
def busy_world(world: World) -> World:
    Pair.objects.filter(pk__in=[world.pair.pk, world.other_pair.pk]).update(
        state=Pair.State.ACTIVE, started_on=TODAY - timedelta(days=30)
    )
    _held(world.pair, 20)
    _held(world.pair, 6)
    Session.objects.create(pair=world.pair, starts_at=timezone.now() + timedelta(days=8))
    goal = Goal.objects.create(
        pair=world.pair,
        text="Run a team retro with an online board",
        metric="Retros run",
        unit="retros",
        direction="up",
        baseline=0,
        target=3,
        deadline=TODAY + timedelta(days=40),
        owner=world.pair.mentee,
    )
    GoalUpdate.objects.create(goal=goal, value=3, noted_on=TODAY, by=world.pair.mentee, note="")
    Flag.objects.create(
        key="stale:other",
        program=world.program,
        cohort=world.cohort,
        pair=world.other_pair,
        reason="stale",
        evidence="No session for 30 days.",
        raised_on=TODAY,
    )
    PairFactory(cohort=world.cohort, state=Pair.State.DISSOLVED)
    return world


def test_each_pair_is_listed_with_links_and_the_flagged_pair_first(busy_world: World) -> None:
    world = busy_world
    rows = _rows(_health(world))
    assert len(rows) == 3
    flagged, *others = rows
    assert reverse("workspace:pair", args=[world.other_pair.public_id]) in flagged
    assert reverse("flags:inbox") + f"#pair-{world.other_pair.public_id}" in flagged
    assert "1 open" in flagged and "No goal yet" in flagged
    ours = next(row for row in others if str(world.pair.public_id) in row)
    assert "Target reached" in ours
    assert re.search(r"<td data-label=\"Sessions held\">2</td>", ours), "two sessions held"
    assert (TODAY - timedelta(days=6)).strftime("%-d %b %Y") in ours  # last met
    assert (TODAY + timedelta(days=8)).strftime("%-d %b %Y") in ours  # next session


def test_dissolved_pairs_are_shown_but_not_counted_as_working(busy_world: World) -> None:
    page = _health(busy_world)
    facts = page.split("<dt>Pairs</dt>", 1)[1].split("</div>", 1)[0]
    assert "<strong>2</strong>: 2 active" in facts
    assert "1 dissolved, not counted" in facts
    assert "Dissolved" in _rows(page)[-1]


def test_labels_are_plain_and_the_methods_sit_behind_a_disclosure(busy_world: World) -> None:
    page = _health(busy_world)
    for plain in (
        "Planned sessions that took place",
        "How often a pair meets",
        "How safe members feel with their partner",
    ):
        assert plain in page
    for jargon in ("Meetings per 30 days", "Held as planned", "share of answers"):
        assert jargon not in page
    assert "How this was worked out" in page


def test_the_pairs_list_runs_the_same_queries_however_many_pairs(
    world: World, django_assert_num_queries
) -> None:
    impact_services.refresh_program(world.program, TODAY)
    client = world.client("lead")
    url = reverse("impact:health", args=[world.program.public_id])
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for _ in range(6):
        _held(PairFactory(cohort=world.cohort, state=Pair.State.ACTIVE), 3)
    with django_assert_num_queries(len(before.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_cohort_table_does_not_count_dissolved_pairs_among_the_pairs(busy_world: World) -> None:
    world = busy_world
    page = world.client("lead").get(reverse("programs:detail", args=[world.program.public_id]))
    row = page.content.decode().split("Pairs active", 1)[1].split("</tr>", 2)[1]
    assert "2 <span" in row and "of 2; 1 dissolved" in row
    api = world.client("lead").get(f"/api/v1/programs/{world.program.public_id}").json()
    assert api["cohorts"][0]["pairs_total"] == 2
