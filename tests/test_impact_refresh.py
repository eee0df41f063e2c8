"""Impact on a small world: who sees results, how they are stored, when the scheduler refreshes
them. (tests/test_impact.py reads the demo organisation.)"""

from django.urls import reverse

from tests.conftest import World
from tests.factories import TODAY
from upward.impact import services
from upward.impact.models import CohortResult


def test_members_see_results_only_when_the_lead_shares_them(world: World) -> None:
    services.refresh_program(world.program, TODAY)
    url = reverse("impact:impact", args=[world.program.public_id])
    assert world.client("mentor").get(url).status_code == 404
    services.save_settings(world.program, {"share_with_members": "on"})
    assert world.client("mentor").get(url).status_code == 200
    assert world.client("outsider").get(url).status_code == 404


def test_undefined_figures_are_stored_as_no_value_not_nan() -> None:
    payload = services.finite({"a": float("nan"), "b": [1.0, float("inf")], "c": {"d": 2}})
    assert payload == {"a": None, "b": [1.0, None], "c": {"d": 2}}


def test_the_scheduler_refreshes_once_a_day_and_then_only_what_went_stale(world: World) -> None:
    from upward.impact.jobs import nightly

    assert nightly() == "1 programs refreshed"
    assert nightly() == "0 programs refreshed"
    services.mark_stale(world.cohort.pk)
    assert nightly() == "1 programs refreshed"
    assert not CohortResult.objects.get(cohort=world.cohort).stale


def test_the_first_visit_shows_results_a_queue_that_runs_at_once_has_computed(
    world: World,
) -> None:
    """The suite's queue runs each task as it is enqueued (as a demo without a worker would): the
    page that asked for the results shows them, not "being computed"."""
    assert not CohortResult.objects.exists()
    url = reverse("impact:impact", args=[world.program.public_id])
    page = world.client("lead").get(url).content.decode()
    assert "being computed" not in page
    assert "Each cohort" in page and CohortResult.objects.filter(cohort=world.cohort).exists()
