"""The pair workspace: ground rules, the SMART goal and its progress, through HTTP."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.conftest import World
from tests.factories import TODAY
from upward.workspace.models import Goal, GoalUpdate, RulesAcceptance


def goal_form(world: World, **changes) -> dict[str, object]:
    return {
        "text": "Publish three short videos",
        "metric": "Followers",
        "unit": "followers",
        "direction": "up",
        "baseline": "40",
        "target": "250",
        "deadline": str(world.cohort.end_date - timedelta(days=2)),
        **changes,
    }


def test_the_pair_page_nudges_until_both_members_agree(world: World) -> None:
    url = reverse("workspace:pair", args=[world.pair.public_id])
    assert b"neither of you has agreed yet" in world.client("mentor").get(url).content
    world.client("mentor").post(reverse("workspace:rules", args=[world.pair.public_id]))
    assert b"waiting for the mentee" in world.client("mentee").get(url).content
    world.client("mentee").post(reverse("workspace:rules", args=[world.pair.public_id]))
    assert b"Ground rules:" not in world.client("mentee").get(url).content
    assert RulesAcceptance.objects.filter(pair=world.pair).count() == 2


def test_a_member_sets_a_measurable_goal_and_records_progress(world: World) -> None:
    client = world.client("mentee")
    client.post(reverse("workspace:goal", args=[world.pair.public_id]), goal_form(world))
    goal = Goal.objects.get(pair=world.pair)
    assert (goal.baseline, goal.target, goal.owner) == (40, 250, world.pair.mentee)
    client.post(
        reverse("workspace:progress", args=[world.pair.public_id]),
        {"value": "120", "noted_on": str(TODAY - timedelta(days=1)), "note": "Reel"},
    )
    page = client.get(reverse("workspace:pair", args=[world.pair.public_id])).content.decode()
    assert "<svg" in page and "120 followers now, from 40 toward 250" in page
    assert "of the way to the target" in page


def test_an_unmeasurable_goal_is_refused_with_its_gaps(world: World) -> None:
    response = world.client("mentor").post(
        reverse("workspace:goal", args=[world.pair.public_id]),
        goal_form(world, baseline="", deadline=str(world.cohort.end_date + timedelta(days=9))),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "No number to measure" in body and "after the cohort ends" in body
    assert not Goal.objects.exists()


def test_progress_for_a_future_day_is_refused(world: World) -> None:
    client = world.client("mentee")
    client.post(reverse("workspace:goal", args=[world.pair.public_id]), goal_form(world))
    response = client.post(
        reverse("workspace:progress", args=[world.pair.public_id]),
        {"value": "99", "noted_on": "2099-01-01"},
        follow=True,
    )
    assert b"hasn&#x27;t happened" in response.content
    assert not GoalUpdate.objects.exists()


def test_the_lead_reads_the_goal_but_cannot_write_it(world: World) -> None:
    world.client("mentee").post(
        reverse("workspace:goal", args=[world.pair.public_id]), goal_form(world)
    )
    lead = world.client("lead")
    assert (
        b"Publish three short videos"
        in lead.get(reverse("workspace:pair", args=[world.pair.public_id])).content
    )
    assert (
        lead.post(
            reverse("workspace:goal", args=[world.pair.public_id]),
            goal_form(world, text="Hijacked"),
        ).status_code
        == 403
    )
    assert Goal.objects.get().text == "Publish three short videos"


def test_another_pairs_member_cannot_touch_the_goal(world: World) -> None:
    response = world.client("other_member").post(
        reverse("workspace:goal", args=[world.pair.public_id]), goal_form(world)
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("value", "track", "label"),
    [
        ("120", "on_track", "On track"),  # 38% of the way with 32% of the time gone
        ("45", "at_risk", "At risk"),
        ("250", "done", "Target reached"),
    ],
)
def test_the_goal_badge_says_whether_the_pair_is_on_track(
    world: World, value: str, track: str, label: str
) -> None:
    client = world.client("mentee")
    client.post(reverse("workspace:goal", args=[world.pair.public_id]), goal_form(world))
    client.post(
        reverse("workspace:progress", args=[world.pair.public_id]),
        {"value": value, "noted_on": str(TODAY - timedelta(days=1))},
    )

    page = client.get(reverse("workspace:pair", args=[world.pair.public_id])).content.decode()

    assert f'<span class="tag track-{track}">{label}</span>' in page
