"""Who reaches the outcomes export. It names people for performance and succession reviews, so
it is the program lead's (and site admins'): sponsors and analysts see aggregates only and get
403 here, like the other exports; anyone outside the program gets 404."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from upward.core.viewer import Role, Viewer
from upward.programs.access import get_pair_for_user, get_program_for_user
from upward.programs.models import Pair, Participant, Program
from upward.talent.models import OutcomeConsent


def get_program_for_outcomes(viewer: Viewer, program_id: UUID) -> Program:
    return get_program_for_user(viewer, program_id, action_roles=(Role.LEAD,))


def get_consent_for_lead(viewer: Viewer, program_id: UUID, consent_id: UUID) -> OutcomeConsent:
    """A consent in a program the viewer leads. Only a yes is the lead's to write a note on."""
    program = get_program_for_outcomes(viewer, program_id)
    consent = (
        OutcomeConsent.objects.select_related("participant__employee", "pair__cohort")
        .filter(public_id=consent_id, pair__cohort__program=program, shared=True)
        .first()
    )
    if consent is None:
        raise Http404("No such person in this program's outcomes.")
    return consent


def get_pair_member(viewer: Viewer, pair_id: UUID) -> tuple[Pair, Participant]:
    """The viewer's own place in the pair: only a member answers for themself. The lead can
    open the pair (403 here); anyone else, 404."""
    pair = get_pair_for_user(viewer, pair_id)
    if pair.pk in viewer.mentor_pair_ids:
        return pair, pair.mentor
    if pair.pk in viewer.mentee_pair_ids:
        return pair, pair.mentee
    raise PermissionDenied


EXPORT_FORMATS = ("csv", "xlsx")


def require_export_format(fmt: str) -> str:
    """The outcomes download comes as CSV or Excel; any other name is no such page."""
    if fmt not in EXPORT_FORMATS:
        raise Http404("No such format.")
    return fmt
