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
