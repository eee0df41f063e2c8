"""Lists and dashboards run a fixed number of queries, however much data there is."""

import pytest
from django.urls import reverse

from tests.conftest import World
from tests.factories import EmployeeFactory, PairFactory


def grow(world: World, pairs: int) -> None:
    for _ in range(pairs):
        PairFactory(cohort=world.cohort)
    EmployeeFactory.create_batch(pairs * 3)


@pytest.mark.parametrize(
    ("role", "url_name", "kwargs", "queries"),
    [
        # + what waits for the lead: counts, flags, invitations, charters; + the viewer's circles
        ("lead", "home", {}, 16),
        ("mentor", "home", {}, 10),  # + surveys waiting, insights given to them, their circles
        ("lead", "programs:list", {}, 8),
        ("lead", "programs:detail", "program", 10),
        ("lead", "workspace:cohort", "cohort", 10),
        ("lead", "people:list", {}, 7),
    ],
)
def test_query_count_does_not_grow_with_data(
    world: World, django_assert_num_queries, role: str, url_name: str, kwargs, queries: int
) -> None:
    args = (
        {"program": [world.program.public_id], "cohort": [world.cohort.public_id]}.get(kwargs, [])
        if isinstance(kwargs, str)
        else []
    )
    client = world.client(role)
    url = reverse(url_name, args=args)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    grow(world, 8)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
