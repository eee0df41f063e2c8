"""Impact results are typed, versioned records: stored with their version, read back into the
same records, and recomputed (never guessed at) when stored by another version."""

import pytest
from django.urls import reverse

from tests.conftest import World
from tests.factories import TODAY
from upward.domain.metrics.results import (
    RESULTS_VERSION,
    CohortResults,
    ProgramResults,
    Unreadable,
)
from upward.impact import selectors, services
from upward.impact.models import BusinessMeasurement, CohortResult, ProgramResult


def test_results_are_stored_with_their_version_and_read_back_the_same(world: World) -> None:
    services.refresh_program(world.program, TODAY)
    stored = CohortResult.objects.get(cohort=world.cohort)
    assert stored.payload["version"] == RESULTS_VERSION
    results = stored.results()
    assert isinstance(results, CohortResults)
    assert results.to_dict() == stored.payload
    program = ProgramResult.objects.get(program=world.program)
    assert isinstance(program.results(), ProgramResults)
    assert program.results().to_dict() == program.payload


def test_the_api_gives_no_version_no_matched_ids_and_no_release_data(world: World) -> None:
    services.refresh_program(world.program, TODAY)
    body = world.client("lead").get(f"/api/v1/impact/programs/{world.program.public_id}").json()
    for cohort in body["cohorts"]:
        assert "version" not in cohort and "_release" not in cohort
        assert all("matched_ids" not in side for side in cohort["retention"].values())


@pytest.mark.parametrize("version", [None, 1])
def test_a_result_of_another_version_is_recomputed_not_read(world: World, version) -> None:
    services.refresh_program(world.program, TODAY)
    older = CohortResult.objects.get(cohort=world.cohort)
    payload = {k: v for k, v in older.payload.items() if k != "version"}
    if version is not None:
        payload["version"] = version
    CohortResult.objects.filter(pk=older.pk).update(payload=payload)
    with pytest.raises(Unreadable):
        CohortResult.objects.get(pk=older.pk).results()
    assert not selectors.impact_view(world.program).ready
    assert selectors.health_view(world.program, TODAY) == []
    # The nightly path keeps fresh results but never an older one.
    services.refresh_program(world.program, TODAY, only_stale=True)
    assert CohortResult.objects.get(pk=older.pk).payload["version"] == RESULTS_VERSION
    assert selectors.impact_view(world.program).ready


def test_an_older_program_result_sends_the_page_to_the_queue(world: World) -> None:
    services.refresh_program(world.program, TODAY)
    ProgramResult.objects.filter(program=world.program).update(payload={"pooled": {}})
    page = world.client("lead").get(reverse("impact:impact", args=[world.program.public_id]))
    # The tests' queue runs at once: the result was recomputed with this version and shown.
    assert ProgramResult.objects.get(program=world.program).readable
    assert "The results are being computed" not in page.content.decode()


@pytest.mark.parametrize("measured_on", ["not-a-date", "2026-02-31"])
def test_a_malformed_measurement_date_is_refused_with_words(world: World, measured_on) -> None:
    world.program.business_metric = "Time to hire"
    world.program.save(update_fields=["business_metric"])
    response = world.client("lead").post(
        reverse("impact:business", args=[world.program.public_id]),
        {"measured_on": measured_on, "value": "3"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Give the date of the measurement." in response.content.decode()
    assert not BusinessMeasurement.objects.exists()
