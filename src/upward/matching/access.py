"""Who may see a match round, and as what."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from upward.core.viewer import Role, Viewer
from upward.matching.models import MatchRound, Proposal
from upward.programs.models import Participant


def _round(public_id: UUID) -> MatchRound:
    match_round = (
        MatchRound.objects.select_related("cohort__program").filter(public_id=public_id).first()
    )
    if match_round is None:
        raise Http404("No such round.")
    return match_round


def get_round_for_lead(viewer: Viewer, public_id: UUID) -> MatchRound:
    """The lead (and site admins) run rounds; the program's sponsors and analysts get 403."""
    match_round = _round(public_id)
    program_id = match_round.cohort.program_id
    if viewer.is_site_admin or viewer.has_program_role(program_id, Role.LEAD):
        return match_round
    if program_id in viewer.program_roles or _participant(viewer, match_round, None):
        raise PermissionDenied
    raise Http404("No such round.")


def _participant(viewer: Viewer, match_round: MatchRound, role: str | None) -> Participant | None:
    people = Participant.objects.filter(cohort=match_round.cohort, employee__account=viewer.user)
    if role:
        people = people.filter(role=role)
    return people.select_related("employee").first()


def get_round_as_participant(
    viewer: Viewer, public_id: UUID, role: str
) -> tuple[MatchRound, Participant]:
    """A mentee's shortlist or a mentor's requests: only for people in the round's cohort."""
    match_round = _round(public_id)
    participant = _participant(viewer, match_round, role)
    if participant is None:
        if (
            viewer.is_site_admin
            or match_round.cohort.program_id in viewer.program_roles
            or _participant(viewer, match_round, None)
        ):
            raise PermissionDenied
        raise Http404("No such round.")
    return match_round, participant


def get_proposal(match_round: MatchRound, public_id: UUID) -> Proposal:
    proposal = (
        match_round.proposals.select_related("mentee__employee", "mentor__employee", "round")
        .filter(public_id=public_id)
        .first()
    )
    if proposal is None:
        raise Http404("No such pair in this round.")
    return proposal
