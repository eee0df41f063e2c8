"""Permission-matrix rows for the talent URLs (merged into MATRIX by test_permission_matrix.py).

The outcomes export names people for performance and succession reviews: the program lead's
and site admins'. Sponsors and analysts see the program in aggregate (403); anyone else, 404.
In the rows that need one, `world.pair` has closed and its mentee said yes.
"""

from tests.conftest import World
from tests.matrix_case import HR, PROGRAM_STAFF, Case, program
from upward.programs.models import Pair
from upward.talent.services import outcome_consent_set

STAFF_ONLY_READS = {"sponsor", "analyst"}


def _close(world: World) -> None:
    world.pair.state = Pair.State.CLOSED
    world.pair.save(update_fields=["state"])


def a_closed_pair(world: World) -> dict[str, object]:
    _close(world)
    return {"pair_id": world.pair.public_id}


def a_consent(world: World) -> dict[str, object]:
    _close(world)
    consent = outcome_consent_set(pair=world.pair, participant=world.pair.mentee, share=True)
    return {"program_id": world.program.public_id, "consent_id": consent.public_id}


CASES: dict[str, Case] = {
    "talent:outcomes": Case("GET", program, {200: HR, 403: STAFF_ONLY_READS}, otherwise=404),
    "talent:export_csv": Case("GET", program, {200: HR, 403: STAFF_ONLY_READS}, otherwise=404),
    "talent:export_xlsx": Case("GET", program, {200: HR, 403: STAFF_ONLY_READS}, otherwise=404),
    # An empty note is allowed (it clears the note).
    "talent:note": Case("POST", a_consent, {302: HR, 403: STAFF_ONLY_READS}, otherwise=404),
    # Without a choice the form comes back refused; the program has no ending cohort either.
    "talent:decision": Case("POST", program, {400: HR, 403: STAFF_ONLY_READS}, otherwise=404),
    # Only the two members answer, each for themself (an empty answer: refused, back to the
    # pair page). The lead and site admins can open the pair but not answer for anyone.
    "talent:consent": Case(
        "POST", a_closed_pair, {302: {"mentor", "mentee"}, 403: PROGRAM_STAFF}, otherwise=404
    ),
    "api:program_outcomes": Case(
        "GET", program, {200: HR, 403: STAFF_ONLY_READS}, otherwise=404, anonymous=401
    ),
}
