"""The demo organisation saved: departments, people with their managers and promotions, the
starter competency framework, and skill ratings (juniors ahead on emerging skills)."""

import random
from datetime import date, timedelta

from upward.competencies.models import Competency, CompetencyLevel, SkillRating
from upward.demo.org import DIVISIONS, Person
from upward.domain.competency_framework import STARTER_FRAMEWORK
from upward.people.models import Department, Employee, PromotionRecord
from upward.programs.models import Program

# Which skill areas each department's juniors use daily: the inversion matrix should show it.
DEPARTMENT_STRENGTHS = {
    "Marketing": ("Social and content", "Customers and markets"),
    "Sales": ("Customers and markets",),
    "Customer Success": ("Customers and markets", "Ways of working"),
    "Engineering": ("AI and data", "Ways of working"),
    "Data & Analytics": ("AI and data",),
    "Product": ("Customers and markets", "AI and data"),
    "People": ("Social and content",),
}


def save_people(people: list[Person]) -> dict[int, Employee]:
    divisions = {dept: division for division, depts in DIVISIONS.items() for dept in depts}
    departments = {
        name: Department.objects.create(name=name, division=division)
        for name, division in divisions.items()
    }
    rows = [
        Employee(
            employee_id=p.employee_id,
            first_name=p.first,
            last_name=p.last,
            email=p.email,
            title=p.title,
            department=departments[p.department],
            level=p.level,
            hire_date=p.hire_date,
            location=p.site[0],
            time_zone=p.site[1],
            status="exited" if p.exit_date else "active",
            exit_date=p.exit_date,
            exit_type=p.exit_type,
        )
        for p in people
    ]
    Employee.objects.bulk_create(rows, batch_size=500)
    saved = {e.employee_id: e for e in Employee.objects.all()}
    by_key = {p.key: saved[p.employee_id] for p in people}
    for person in people:
        if person.manager_key:
            by_key[person.key].manager = by_key[person.manager_key]
    Employee.objects.bulk_update(list(by_key.values()), ["manager"], batch_size=500)
    PromotionRecord.objects.bulk_create(
        [
            PromotionRecord(
                employee=by_key[p.key], effective_date=day, from_level=old, to_level=new
            )
            for p in people
            for day, old, new in p.promotions
        ]
    )
    return by_key


def save_framework() -> list[Competency]:
    competencies = []
    for spec in STARTER_FRAMEWORK:
        competency = Competency.objects.create(
            name=spec.name, category=spec.category, area=spec.area, description=spec.description
        )
        CompetencyLevel.objects.bulk_create(
            [
                CompetencyLevel(competency=competency, level=level, anchor=anchor)
                for level, anchor in spec.anchors()
            ]
        )
        competencies.append(competency)
    return competencies


def _rating(rng: random.Random, base: float) -> int:
    return max(1, min(5, round(rng.gauss(base, 0.8))))


def save_ratings(
    rng: random.Random,
    people: list[Person],
    employees: dict[int, Employee],
    competencies: list[Competency],
    program: Program,
    pilot: list[tuple[Person, Person]],
    current: list[tuple[Person, Person]],
    today: date,
) -> None:
    """Baseline self-ratings across the org (juniors ahead on emerging skills), and partner
    ratings at baseline and close for the pilot."""
    ratings: list[SkillRating] = []
    sample = [p for p in people if p.exit_date is None and (p.level <= 3 or p.level >= 7)]
    for person in sample:
        junior = person.level <= 3
        strengths = DEPARTMENT_STRENGTHS.get(person.department, ())
        for competency in competencies:
            emerging = competency.category == Competency.Category.EMERGING
            base = (3.1 if junior else 2.2) if emerging else (2.0 if junior else 3.8)
            if junior and competency.area in strengths:
                base += 1.2  # where a department's juniors live the skill every day
            ratings.append(
                SkillRating(
                    employee=employees[person.key],
                    competency=competency,
                    rater_kind="self",
                    phase="baseline",
                    level=_rating(rng, base),
                    rated_on=today - timedelta(days=rng.randint(30, 200)),
                )
            )
    cohorts = {c.name: c for c in program.cohorts.all()}
    taught = [c for c in competencies if c.category == Competency.Category.EMERGING][:6]
    for cohort_name, pairs, phases in (
        ("Pilot", pilot, ("baseline", "close")),
        ("Cohort 2", current, ("baseline",)),
    ):
        cohort = cohorts[cohort_name]
        for mentor, mentee in pairs:
            for competency in taught:
                start_level = _rating(rng, 2.0)
                for phase in phases:
                    gain = rng.choice([0, 1, 1, 1, 2]) if phase == "close" else 0
                    ratings.append(
                        SkillRating(
                            employee=employees[mentee.key],
                            competency=competency,
                            rater_kind="partner",
                            rater=employees[mentor.key],
                            phase=phase,
                            cohort=cohort,
                            level=min(5, start_level + gain),
                            rated_on=cohort.start_date if phase == "baseline" else cohort.end_date,
                        )
                    )
    SkillRating.objects.bulk_create(ratings, batch_size=1000)
