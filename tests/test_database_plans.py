"""PostgreSQL plans for what was just bulk-loaded, and a bound on any query that runs away.

A plan chosen for empty tables once ran one page's query for 15 minutes. Bulk loads now run
ANALYZE (core/database.py), every connection of the suite has a statement timeout, and the lead's
busiest pages are planned here over the demo organisation (1,500 people): every query they run
must plan to a bounded cost, which a nested loop over whole tables does not.
"""

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.clock import TODAY
from upward.accounts.models import User
from upward.demo.seed import build_demo
from upward.people.models import Employee
from upward.programs.models import Cohort, Pair, Participant, Program

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's planner and settings"
)
# A page query over the demo organisation plans at a few hundred units at most; a nested loop
# over two whole tables of 1,500 rows is in the hundreds of thousands.
MAX_PLANNED_COST = 20_000


def planner_rows(model: type) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [model._meta.db_table])
        return float(cursor.fetchone()[0])


def planned_cost(sql: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        plan: list[dict[str, Any]] = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return float(plan[0]["Plan"]["Total Cost"])


def test_a_query_that_runs_away_is_cancelled_not_left_running(db) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "30s"


def test_after_the_demo_loads_the_planner_counts_it_and_busy_pages_plan_cheaply(db) -> None:
    """One demo build (they take seconds) for both checks: the planner's row counts are the
    loaded ones, and every query of the lead's busiest pages plans to a bounded cost."""
    build_demo(today=TODAY, seed=3)
    for model in (Employee, Participant, Pair):
        assert planner_rows(model) == pytest.approx(model.objects.count(), rel=0.05)
    program = Program.objects.get()
    client = Client()
    client.force_login(User.objects.get(username="lead"))
    pages = [reverse("home"), reverse("programs:detail", args=[program.public_id])]
    for cohort in Cohort.objects.filter(program=program):
        pages += [
            reverse("workspace:cohort", args=[cohort.public_id]),
            reverse("matching:cohort", args=[cohort.public_id]),
            reverse("recruitment:recruit", args=[cohort.public_id]),
        ]
    pages += [reverse("impact:health", args=[program.public_id]), reverse("people:list")]
    with CaptureQueriesContext(connection) as queries:
        for page in pages:
            assert client.get(page).status_code == 200, page
    selects = {q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")}
    costs = {sql: planned_cost(sql) for sql in selects}
    too_costly = {sql[:300]: cost for sql, cost in costs.items() if cost > MAX_PLANNED_COST}
    assert too_costly == {}
