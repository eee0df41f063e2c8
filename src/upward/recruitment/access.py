"""Who reaches an invitation: the invited person only (nobody else, admins included: 404)."""

from uuid import UUID

from django.http import Http404

from upward.core.viewer import Viewer
from upward.programs.models import Participant


def get_invitation_for_invitee(viewer: Viewer, participant_id: UUID) -> Participant:
    participant = (
        Participant.objects.select_related("cohort__program", "employee")
        .filter(public_id=participant_id, employee__account=viewer.user)
        .first()
    )
    if participant is None:
        raise Http404("No such invitation.")
    return participant
