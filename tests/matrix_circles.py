"""Permission-matrix rows for the circles URLs (merged into MATRIX by test_permission_matrix.py).

The circle is world's two mentors (the mentor of world.pair and other_member) and two mentors
of another cohort of the program. Members see it all; the lead and site admins shape it and
see who meets when, never the notes; sponsors and analysts know circles exist (403); the
mentee and outsiders are told there is no such circle (404).
"""

from datetime import timedelta

from django.utils import timezone

from tests.conftest import World
from tests.factories import CohortFactory, ParticipantFactory
from tests.matrix_case import HR, Case, program
from upward.circles.models import Circle, CircleMember, CircleSession

STAFF = {"sponsor", "analyst"}
MEMBERS = {"mentor", "other_member"}


def a_circle_of(world: World) -> Circle:
    earlier = CohortFactory(
        program=world.program,
        name="Pilot",
        start_date=world.cohort.start_date - timedelta(days=200),
        end_date=world.cohort.start_date - timedelta(days=110),
    )
    circle = Circle.objects.create(program=world.program, name="AI tools", focus="Prompts")
    mentors = [world.pair.mentor, world.other_pair.mentor]
    mentors += [ParticipantFactory(cohort=earlier, state="completed") for _ in range(2)]
    for participant in mentors:
        CircleMember.objects.create(
            circle=circle, employee=participant.employee, cohort=participant.cohort
        )
    return circle


def circle(world: World) -> dict[str, object]:
    return {"circle_id": a_circle_of(world).public_id}


def circle_session(world: World) -> dict[str, object]:
    session = CircleSession.objects.create(
        circle=a_circle_of(world), starts_at=timezone.now() + timedelta(days=3)
    )
    return {"session_id": session.public_id}


LEAD_PAGE = {200: HR, 403: STAFF}
EVERYONE_IN_IT = {200: HR | MEMBERS, 403: STAFF}

CASES: dict[str, Case] = {
    "circles:program_circles": Case("GET", program, LEAD_PAGE, otherwise=404),
    "circles:suggest": Case("GET", program, LEAD_PAGE, otherwise=404),
    # Nothing chosen: refused with a message, back to the suggestions.
    "circles:accept": Case("POST", program, {302: HR, 403: STAFF}, otherwise=404),
    "circles:create": Case("GET", program, LEAD_PAGE, otherwise=404),
    "circles:detail": Case("GET", circle, EVERYONE_IN_IT, otherwise=404),
    # Members see the circle but the lead shapes it.
    "circles:edit": Case("GET", circle, {200: HR, 403: STAFF | MEMBERS}, otherwise=404),
    # The notes are the members' alone: an empty note is refused with a message, back to
    # the page; the lead and site admins may not write (or read) there.
    "circles:note": Case("POST", circle, {302: MEMBERS, 403: HR | STAFF}, otherwise=404),
    "circles:schedule": Case("GET", circle, EVERYONE_IN_IT, otherwise=404),
    "circles:session_ics": Case("GET", circle_session, EVERYONE_IN_IT, otherwise=404),
    # Without the tick: a message, back to the circle.
    "circles:session_cancel": Case(
        "POST", circle_session, {302: HR | MEMBERS, 403: STAFF}, otherwise=404
    ),
}
