"""The demo program saved: the reverse mentoring program, its closed pilot and running cohort,
and their participants and pairs (one pilot pair dissolved early, one running pair paused)."""

from datetime import date, timedelta

from upward.demo.org import Person
from upward.people.models import Employee
from upward.programs.models import Cohort, Pair, Participant, Program

COHORT_DAYS = 84  # a 12-week skills sprint


def save_program(
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
