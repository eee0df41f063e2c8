"""Permission-matrix rows for the alumni URLs (merged into MATRIX by test_permission_matrix.py).

In these rows the mentor of `world.pair` is an alumnus of the program (from an earlier pair),
and `other_member` (the other pair's mentor) is appointed as the mentor's guide.
"""

from datetime import timedelta

from tests.conftest import World
from tests.factories import TODAY
from tests.matrix_case import HR, PROGRAM_STAFF, SIGNED_IN, Case, no_kwargs, program
from upward.alumni.models import Alumnus, GuideAppointment
from upward.alumni.services import guide_appoint

STAFF_ONLY_READS = {"sponsor", "analyst"}
MEMBERS = {"mentor", "mentee", "other_member"}


def an_alumnus(world: World) -> dict[str, object]:
    alumnus = Alumnus.objects.create(
        program=world.program,
        employee=world.pair.mentor.employee,
        pair=world.pair,
        role="mentor",
        way=Alumnus.Way.CLOSURE,
        graduated_on=TODAY - timedelta(days=100),
    )
    return {"alumnus_id": alumnus.public_id}


def _guide(world: World) -> GuideAppointment:
    return guide_appoint(
        cohort=world.cohort,
        guide=world.other_pair.mentor.employee,
        mentors=[world.pair.mentor],
        actor=world.users["lead"],
    )


def a_guide(world: World) -> dict[str, object]:
    return {"appointment_id": _guide(world).public_id}


def a_guided_mentor(world: World) -> dict[str, object]:
    return {
        "appointment_id": _guide(world).public_id,
        "mentor_id": world.pair.mentor.public_id,
    }


CASES: dict[str, Case] = {
    # The people who run the program see its alumni; sponsors and analysts only those listed.
    "alumni:program": Case("GET", program, {200: PROGRAM_STAFF}, otherwise=404),
    # The page members see: anyone who took part in the program, and its staff.
    "alumni:listed": Case("GET", program, {200: PROGRAM_STAFF | MEMBERS}, otherwise=404),
    # Without a cohort chosen: refused with a message, back to the alumni page.
    "alumni:invite_back": Case("POST", an_alumnus, {302: HR, 403: STAFF_ONLY_READS}, otherwise=404),
    "alumni:mine": Case("GET", no_kwargs, {200: SIGNED_IN}),
    # Only the alumnus changes their own choices.
    "alumni:choices": Case("POST", an_alumnus, {302: {"mentor"}}, otherwise=404),
    "alumni:guides": Case("GET", program, {200: HR, 403: STAFF_ONLY_READS}, otherwise=404),
    # The guide and the lead; the guided mentor sees their guide on the pair page, not here.
    "alumni:guide": Case(
        "GET", a_guide, {200: HR | {"other_member"}, 403: STAFF_ONLY_READS}, otherwise=404
    ),
    "alumni:guide_end": Case("POST", a_guide, {302: HR, 403: STAFF_ONLY_READS}, otherwise=404),
    # Only the guide writes check-ins (an empty one comes back refused); the lead reads them.
    "alumni:check_in": Case(
        "POST",
        a_guided_mentor,
        {400: {"other_member"}, 403: HR | STAFF_ONLY_READS},
        otherwise=404,
    ),
}
