"""`seed_demo --reset` rebuilds the same organisation from the same seed."""

import io

import pytest
from django.core.management import call_command

from tests.clock import TODAY
from upward.demo.seed import build_demo
from upward.people.models import Employee


@pytest.mark.django_db(transaction=True)  # flush cannot run inside a test transaction
def test_the_same_seed_builds_the_same_organisation() -> None:
    build_demo(today=TODAY, seed=7)
    first = list(
        Employee.objects.order_by("employee_id").values_list(
            "employee_id", "email", "level", "exit_date"
        )
    )
    call_command(
        "seed_demo", "--reset", "--seed", "7", "--today", TODAY.isoformat(), stdout=io.StringIO()
    )
    second = list(
        Employee.objects.order_by("employee_id").values_list(
            "employee_id", "email", "level", "exit_date"
        )
    )
    assert first == second
