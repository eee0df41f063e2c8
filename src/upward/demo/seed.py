"""`manage.py seed_demo`: a realistic organisation running a reverse mentoring program.

Deterministic for a given seed and date: the same run twice gives the same people, pairs and
ratings, placed relative to `today` so the running cohort is always running.
"""

import random
from datetime import date

from django.db import transaction

from upward.core.database import refresh_planner_statistics
from upward.demo.alumni import build_alumni_demo
from upward.demo.cast import choose_pairs, pick_cast, pilot_outcomes
from upward.demo.circles import build_circle_demo
from upward.demo.logins import (
    DEMO_PASSWORD,
    DemoLogin,
    guide_login,
    matching_logins,
    save_accounts,
)
from upward.demo.matching import build_matching_demo, give_profiles
from upward.demo.org import OrgBuilder
from upward.demo.org_records import save_framework, save_people, save_ratings
from upward.demo.profiles import write_demo_profiles
from upward.demo.program_records import save_program
from upward.demo.setup import build_setup_demo
from upward.demo.surveys import build_survey_demo
from upward.demo.talent import build_talent_demo
from upward.demo.workspace import build_care_demo, build_pilot_sessions, build_workspace_demo
from upward.impact.services import refresh_program
from upward.people.models import Employee
from upward.programs.models import Cohort, Participant, Program

# What the seed_demo command uses, importable from here as before the split.
__all__ = ["DEMO_PASSWORD", "DemoLogin", "build_demo", "demo_exists"]


def demo_exists() -> bool:
    return Program.objects.exists() or Employee.objects.exists()


@transaction.atomic
def build_demo(*, today: date, seed: int = 2026) -> list[DemoLogin]:
    # Reproducible demo data, not security.
    rng = random.Random(seed)  # nosec B311
    people = OrgBuilder(rng, today).build()
    cast = pick_cast(people)
    pilot, current = choose_pairs(rng, people, today, cast)
    pilot_outcomes(rng, pilot, today)
    employees = save_people(people)
    competencies = save_framework()
    program = save_program(today, employees, pilot, current)
    save_ratings(rng, people, employees, competencies, program, pilot, current, today)
    refresh_planner_statistics()  # 1,500 people just arrived: plan for them, not for empty tables
    logins = save_accounts(employees, cast, program, current)
    give_profiles(rng, Participant.objects.filter(cohort__name__in=["Pilot", "Cohort 2"]))
    logins += matching_logins(build_matching_demo(rng, program, today))
    write_demo_profiles()
    build_setup_demo(rng, program, today)
    current_cohort = Cohort.objects.get(program=program, name="Cohort 2")
    build_workspace_demo(current_cohort, today)
    pilot_cohort = Cohort.objects.get(program=program, name="Pilot")
    build_care_demo(pilot_cohort, current_cohort)
    build_survey_demo(rng, pilot_cohort, current_cohort, today)
    build_pilot_sessions(rng, pilot_cohort)
    logins.append(guide_login(build_alumni_demo(pilot_cohort, current_cohort, today)))
    build_circle_demo(program, today)
    build_talent_demo(pilot_cohort)
    refresh_planner_statistics()
    refresh_program(program, today)  # dashboards open on computed results
    return logins
