"""`manage.py seed_demo`: a realistic organisation running a reverse mentoring program.

Deterministic for a given seed and date: the same run twice gives the same people, pairs and
ratings, placed relative to `today` so the running cohort is always running.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction

from upward.accounts.models import User
from upward.competencies.models import Competency, CompetencyLevel, SkillRating
from upward.core.database import refresh_planner_statistics
from upward.demo.alumni import build_alumni_demo
from upward.demo.circles import build_circle_demo
from upward.demo.matching import build_matching_demo, give_profiles
from upward.demo.org import DIVISIONS, OrgBuilder, Person
from upward.demo.profiles import write_demo_profiles
from upward.demo.setup import build_setup_demo
from upward.demo.surveys import build_survey_demo
from upward.demo.talent import build_talent_demo
from upward.demo.workspace import build_care_demo, build_pilot_sessions, build_workspace_demo
from upward.domain.competency_framework import STARTER_FRAMEWORK
from upward.impact.services import refresh_program
from upward.people.models import Department, Employee, PromotionRecord
from upward.programs.models import Cohort, Pair, Participant, Program, ProgramRole

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
# The printed login of a throwaway demo, not a secret.
DEMO_PASSWORD = "upward-demo"  # nosec B105
COHORT_DAYS = 84  # a 12-week skills sprint
PAIRS_PER_COHORT = 10


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    who: str


@dataclass
class _Cast:
    lead: Person
    sponsor: Person
    analyst: Person


def demo_exists() -> bool:
    return Program.objects.exists() or Employee.objects.exists()


@transaction.atomic
def build_demo(*, today: date, seed: int = 2026) -> list[DemoLogin]:
    # Reproducible demo data, not security.
    rng = random.Random(seed)  # nosec B311
    people = OrgBuilder(rng, today).build()
    cast = _cast(people)
    pilot, current = _choose_pairs(rng, people, today, cast)
    _pilot_outcomes(rng, pilot, today)
    employees = _save_people(people)
    competencies = _save_framework()
    program = _save_program(today, employees, pilot, current)
    _save_ratings(rng, people, employees, competencies, program, pilot, current, today)
    refresh_planner_statistics()  # 1,500 people just arrived: plan for them, not for empty tables
    logins = _save_accounts(employees, cast, program, current)
    give_profiles(rng, Participant.objects.filter(cohort__name__in=["Pilot", "Cohort 2"]))
    logins += _matching_logins(build_matching_demo(rng, program, today))
    write_demo_profiles()
    build_setup_demo(rng, program, today)
    current_cohort = Cohort.objects.get(program=program, name="Cohort 2")
    build_workspace_demo(current_cohort, today)
    pilot_cohort = Cohort.objects.get(program=program, name="Pilot")
    build_care_demo(pilot_cohort, current_cohort)
    build_survey_demo(rng, pilot_cohort, current_cohort, today)
    build_pilot_sessions(rng, pilot_cohort)
    logins.append(_guide_login(build_alumni_demo(pilot_cohort, current_cohort, today)))
    build_circle_demo(program, today)
    build_talent_demo(pilot_cohort)
    refresh_planner_statistics()
    refresh_program(program, today)  # dashboards open on computed results
    return logins


def _guide_login(guide: Employee) -> DemoLogin:
    """The pilot mentor who now guides three of the running cohort's mentors."""
    account = guide.account
    assert account is not None
    account.username = "guide"
    account.save(update_fields=["username"])
    return DemoLogin("Guide (mentor of mentors)", "guide", f"{guide.display_name}, {guide.title}")


def _matching_logins(cohort: Cohort) -> list[DemoLogin]:
    """Accounts for the next cohort's first mentee and a mentor on their shortlist."""
    password = User.objects.get(username="lead").password
    match_round = cohort.match_rounds.get()
    first = match_round.shortlist.select_related("mentee__employee", "mentor__employee")[0]
    logins = []
    for role, username, employee in (
        ("Mentee choosing a mentor", "next-mentee", first.mentee.employee),
        ("Mentor on that shortlist", "next-mentor", first.mentor.employee),
    ):
        _account(employee, username, password)
        logins.append(DemoLogin(role, username, f"{employee.display_name}, {employee.title}"))
    return logins


def _cast(people: list[Person]) -> _Cast:
    in_people = [p for p in people if p.department == "People"]
    sponsor = next(p for p in in_people if p.level == 8)
    sponsor.title = "Chief People Officer"
    lead = next(p for p in in_people if p.level == 6)
    lead.title = "Talent Programs Manager"
    analyst = next(p for p in in_people if p.level == 4)
    analyst.title = "People Analyst"
    for person in (sponsor, lead, analyst):
        person.exit_date, person.exit_type = None, ""
    return _Cast(lead=lead, sponsor=sponsor, analyst=analyst)


def _chain(person: Person, by_key: dict[int, Person]) -> set[int]:
    keys, current = set(), person.manager_key
    while current and current not in keys:
        keys.add(current)
        current = by_key[current].manager_key
    return keys


def _active_on(person: Person, day: date) -> bool:
    return person.hire_date <= day and (person.exit_date is None or person.exit_date > day)


def _choose_pairs(
    rng: random.Random, people: list[Person], today: date, cast: _Cast
) -> tuple[list[tuple[Person, Person]], list[tuple[Person, Person]]]:
    by_key = {p.key: p for p in people}
    reserved = {cast.lead.key, cast.sponsor.key, cast.analyst.key}
    pilot_start = today - timedelta(days=420)
    current_start = today - timedelta(days=42)
    pilot = _pairs_for(rng, people, by_key, pilot_start, reserved)
    reserved |= {p.key for pair in pilot for p in pair}
    current = _pairs_for(rng, people, by_key, current_start, reserved)
    return pilot, current


def _pairs_for(
    rng: random.Random,
    people: list[Person],
    by_key: dict[int, Person],
    start: date,
    reserved: set[int],
) -> list[tuple[Person, Person]]:
    """Juniors with a year's tenure mentor leaders outside their own reporting line."""

    def eligible(person: Person) -> bool:
        return (
            person.key not in reserved and _active_on(person, start) and (person.exit_date is None)
        )

    mentors = [
        p
        for p in people
        if p.level <= 3 and eligible(p) and p.hire_date <= start - timedelta(days=365)
    ]
    mentees = [p for p in people if 7 <= p.level <= 9 and eligible(p)]
    rng.shuffle(mentors)
    rng.shuffle(mentees)
    pairs: list[tuple[Person, Person]] = []
    used: set[int] = set()
    for mentee in mentees:
        for mentor in mentors:
            if mentor.key in used or mentor.department == mentee.department:
                continue
            if mentee.key in _chain(mentor, by_key) or mentor.key in _chain(mentee, by_key):
                continue
            pairs.append((mentor, mentee))
            used.add(mentor.key)
            break
        if len(pairs) == PAIRS_PER_COHORT:
            break
    return pairs


def _pilot_outcomes(rng: random.Random, pilot: list[tuple[Person, Person]], today: date) -> None:
    """What happened after the pilot: one mentor left, three were promoted."""
    leaver = pilot[-1][0]
    leaver.exit_date, leaver.exit_type = today - timedelta(days=120), "voluntary"
    for mentor, _ in pilot[:3]:
        promoted_on = today - timedelta(days=rng.randint(150, 250))
        mentor.promotions.append((promoted_on, mentor.level, mentor.level + 1))
        mentor.level += 1
        mentor.title = (
            mentor.title.rsplit(" ", 1)[0]
            + " "
            + {2: "Analyst", 3: "Specialist", 4: "Senior Specialist"}[mentor.level]
        )


def _save_people(people: list[Person]) -> dict[int, Employee]:
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


def _save_framework() -> list[Competency]:
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


def _save_program(
    today: date,
    employees: dict[int, Employee],
    pilot: list[tuple[Person, Person]],
    current: list[tuple[Person, Person]],
) -> Program:
    pilot_start, current_start = today - timedelta(days=420), today - timedelta(days=42)
    program = Program.objects.create(
        name="Digital Fluency Reverse Mentoring",
        business_problem="Leaders are making product and marketing calls without a feel for "
        "how younger customers use AI and social channels, and junior "
        "talent is leaving within two years citing no growth.",
        objective="Every participating leader ships one change informed by their mentor; "
        "junior mentor retention beats the matched control group.",
        program_type=Program.Type.SKILLS_SPRINT,
        cadence_days=7,
        session_minutes=60,
        start_date=pilot_start,
        end_date=current_start + timedelta(days=COHORT_DAYS + 180),
        state=Program.State.ACTIVE,
    )
    pilot_cohort = Cohort.objects.create(
        program=program,
        name="Pilot",
        start_date=pilot_start,
        end_date=pilot_start + timedelta(days=COHORT_DAYS),
        state=Cohort.State.CLOSED,
    )
    current_cohort = Cohort.objects.create(
        program=program,
        name="Cohort 2",
        start_date=current_start,
        end_date=current_start + timedelta(days=COHORT_DAYS),
        state=Cohort.State.RUNNING,
    )
    _save_pairs(pilot_cohort, pilot, employees, closed=True)
    _save_pairs(current_cohort, current, employees, closed=False)
    return program


def _save_pairs(
    cohort: Cohort,
    pairs: list[tuple[Person, Person]],
    employees: dict[int, Employee],
    *,
    closed: bool,
) -> None:
    done = Participant.State.COMPLETED if closed else Participant.State.ACTIVE
    for index, (mentor, mentee) in enumerate(pairs):
        mentor_part = Participant.objects.create(
            cohort=cohort,
            employee=employees[mentor.key],
            role="mentor",
            state=done,
            joined_on=cohort.start_date,
        )
        mentee_part = Participant.objects.create(
            cohort=cohort,
            employee=employees[mentee.key],
            role="mentee",
            state=done,
            joined_on=cohort.start_date,
        )
        if closed:
            state = Pair.State.DISSOLVED if index == len(pairs) - 2 else Pair.State.CLOSED
            ended = (
                cohort.end_date
                if state == Pair.State.CLOSED
                else (cohort.start_date + timedelta(days=40))
            )
        else:
            state, ended = (
                Pair.State.PAUSED if index == len(pairs) - 1 else Pair.State.ACTIVE,
                None,
            )
        Pair.objects.create(
            cohort=cohort,
            mentor=mentor_part,
            mentee=mentee_part,
            state=state,
            started_on=cohort.start_date + timedelta(days=7),
            ended_on=ended,
        )


def _rating(rng: random.Random, base: float) -> int:
    return max(1, min(5, round(rng.gauss(base, 0.8))))


def _save_ratings(
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


def _save_accounts(
    employees: dict[int, Employee],
    cast: _Cast,
    program: Program,
    current: list[tuple[Person, Person]],
) -> list[DemoLogin]:
    password = make_password(DEMO_PASSWORD)  # hashed once: Argon2 per account would be slow
    admin = User.objects.create(
        username="admin",
        email="admin@northwind.example",
        first_name="Site",
        last_name="Admin",
        is_staff=True,
        is_superuser=True,
        password=password,
    )
    logins = [DemoLogin("Site admin", admin.username, "Installation administrator")]
    named = [
        ("Program lead", "lead", cast.lead),
        ("Executive sponsor", "sponsor", cast.sponsor),
        ("People analyst", "analyst", cast.analyst),
        ("Mentor (junior)", "mentor", current[0][0]),
        ("Mentee (senior leader)", "mentee", current[0][1]),
    ]
    users: dict[str, User] = {}
    for role, username, person in named:
        users[username] = _account(employees[person.key], username, password)
        logins.append(DemoLogin(role, username, f"{person.first} {person.last}, {person.title}"))
    for grant in ("lead", "sponsor", "analyst"):
        ProgramRole.objects.create(program=program, user=users[grant], role=grant)
    participants = Employee.objects.filter(participations__isnull=False, account__isnull=True)
    for employee in participants.distinct():
        _account(employee, employee.email, password)
    return logins


def _account(employee: Employee, username: str, password: str) -> User:
    user = User.objects.create(
        username=username,
        email=employee.email,
        first_name=employee.first_name,
        last_name=employee.last_name,
        password=password,
    )
    employee.account = user
    employee.save(update_fields=["account"])
    return user
