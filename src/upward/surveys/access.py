"""Who reaches a survey: the invited person answers it (nobody else, admins included: 404);
a wave's results are the cohort's program team's, and the lead acts on the wave."""

from uuid import UUID

from django.http import Http404

from upward.core.viewer import Viewer
from upward.programs.access import get_cohort_for_lead, get_cohort_for_user
from upward.surveys.models import Invitation, Wave


def get_invitation_for_invitee(viewer: Viewer, invitation_id: UUID) -> Invitation:
    invitation = (
        Invitation.objects.select_related(
            "wave__cohort__program", "participant__employee", "pair__mentor", "pair__mentee"
        )
        .filter(public_id=invitation_id, participant__employee__account_id=viewer.user.pk)
        .first()
    )
    if invitation is None:
        raise Http404("No such survey.")
    return invitation


def _wave(wave_id: UUID) -> Wave:
    wave = Wave.objects.select_related("cohort").filter(public_id=wave_id).first()
    if wave is None:
        raise Http404("No such wave.")
    return wave


def get_wave_for_user(viewer: Viewer, wave_id: UUID) -> Wave:
    """Anyone with a role in the cohort's program reads the wave's results."""
    wave = _wave(wave_id)
    get_cohort_for_user(viewer, wave.cohort.public_id)
    return wave


def get_wave_for_lead(viewer: Viewer, wave_id: UUID) -> Wave:
    """The program's lead (and site admins) act on a wave: 403 for sponsors and analysts."""
    wave = _wave(wave_id)
    get_cohort_for_lead(viewer, wave.cohort.public_id)
    return wave
