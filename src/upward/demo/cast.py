"""Who the demo's story is about: the program's lead, sponsor and analyst, the pilot's and the
running cohort's pairs (juniors mentoring leaders outside their reporting line), and what
happened to the pilot's mentors since. All chosen in memory, before anything is saved."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from upward.demo.org import Person

PAIRS_PER_COHORT = 10


@dataclass
class Cast:
    lead: Person
    sponsor: Person
    analyst: Person


def pick_cast(people: list[Person]) -> Cast:
    in_people = [p for p in people if p.department == "People"]
    sponsor = next(p for p in in_people if p.level == 8)
    sponsor.title = "Chief People Officer"
    lead = next(p for p in in_people if p.level == 6)
    lead.title = "Talent Programs Manager"
    analyst = next(p for p in in_people if p.level == 4)
    analyst.title = "People Analyst"
    for person in (sponsor, lead, analyst):
        person.exit_date, person.exit_type = None, ""
    return Cast(lead=lead, sponsor=sponsor, analyst=analyst)


def _chain(person: Person, by_key: dict[int, Person]) -> set[int]:
    keys, current = set(), person.manager_key
    while current and current not in keys:
        keys.add(current)
        current = by_key[current].manager_key
    return keys


def _active_on(person: Person, day: date) -> bool:
    return person.hire_date <= day and (person.exit_date is None or person.exit_date > day)


def choose_pairs(
    rng: random.Random, people: list[Person], today: date, cast: Cast
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


def pilot_outcomes(rng: random.Random, pilot: list[tuple[Person, Person]], today: date) -> None:
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
