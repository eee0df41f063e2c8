"""Values a database refuses as data are the client's mistake: 400 on SQLite and PostgreSQL
alike, never a 500 (found by schemathesis on PostgreSQL)."""

import pytest
from django.urls import reverse

from tests.conftest import World


@pytest.mark.parametrize("query", ["?offset=99999999999999999999", "?limit=0", "?offset=-1"])
def test_paging_out_of_range_is_a_validation_error(world: World, query: str) -> None:
    response = world.client("lead").get(reverse("api:list_people") + query)
    assert response.status_code == 422 and set(response.json()) == {"detail"}


@pytest.mark.parametrize("query", ["?q=%00", "?status=%00"])
def test_a_nul_byte_is_never_a_server_error(world: World, query: str) -> None:
    response = world.client("lead").get(reverse("api:list_people") + query)
    assert response.status_code in {200, 400}  # SQLite stores NUL; PostgreSQL refuses it: 400
    assert response.status_code == 200 or set(response.json()) == {"detail"}


def test_a_page_answers_400_to_a_nul_byte(world: World) -> None:
    response = world.client("lead").get(reverse("people:list") + "?q=%00")
    assert response.status_code in {200, 400}  # SQLite stores NUL; PostgreSQL refuses it


@pytest.mark.parametrize(
    "body",
    [
        {"exposure_cap": -1},
        {"diversity_quota": -5},
        {"exposure_cap": 10**9},
        {"mode": "x" * 40},
        {"algorithm": "zzz"},
    ],
)
def test_a_round_with_values_out_of_range_is_refused(world: World, body: dict) -> None:
    response = world.client("lead").post(
        reverse("api:create_round", args=[world.cohort.public_id]),
        body,
        content_type="application/json",
    )
    assert response.status_code == 400 and set(response.json()) == {"detail"}


GOAL = {"text": "Ship a dashboard", "metric": "Dashboards", "unit": "count", "target": 3}


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json_numbers(world: World, constant: str) -> None:
    """Python's json accepts them; they broke a constraint (500) or came back as invalid JSON."""
    body = '{"text": "Ship a dashboard", "metric": "Dashboards", "unit": "count", '
    body += f'"baseline": 0, "target": {constant}}}'
    response = world.client("mentee").put(
        reverse("api:put_goal", args=[world.pair.public_id]), body, content_type="application/json"
    )
    assert response.status_code == 400 and set(response.json()) == {"detail"}
    assert not hasattr(world.pair, "goal") or world.pair.goal is None
    progress = world.client("mentee").post(
        reverse("api:post_progress", args=[world.pair.public_id]),
        f'{{"value": {constant}}}',
        content_type="application/json",
    )
    assert progress.status_code == 400 and set(progress.json()) == {"detail"}


def test_a_body_over_the_limit_is_413_in_the_error_shape_and_writes_nothing(
    world: World, settings
) -> None:
    from upward.programs.models import Program

    before = Program.objects.count()
    body = '{"name": "' + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10) + '"}'
    response = world.client("lead").post(
        reverse("api:create_program"), body, content_type="application/json"
    )
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]
    assert Program.objects.count() == before


def test_a_page_form_over_the_limit_is_413_not_a_server_error(world: World, settings) -> None:
    response = world.client("lead").post(
        reverse("governance:program_create"),
        "name=" + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413


@pytest.mark.parametrize("text", ["inf", "NaN", "-Infinity"])
def test_numbers_spelt_as_words_are_refused_too(world: World, text: str) -> None:
    """Pydantic reads the strings "inf" and "nan" as floats: a goal once stored Infinity and
    the API returned it as invalid JSON."""
    body = {
        "text": "Ship a dashboard",
        "metric": "Dashboards",
        "unit": "count",
        "baseline": 0,
        "target": text,
        "deadline": (world.cohort.end_date.replace(day=1)).isoformat(),
    }
    response = world.client("mentee").put(
        reverse("api:put_goal", args=[world.pair.public_id]), body, content_type="application/json"
    )
    assert response.status_code == 422 and set(response.json()) == {"detail"}
    assert not hasattr(world.pair, "goal")
