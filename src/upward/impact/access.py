"""Who sees impact results: the program's staff; mentors and mentees only when the lead shares
them (aggregates either way); program health and edits are the lead's."""

from uuid import UUID

from django.http import Http404

from upward.core.viewer import Role, Viewer
from upward.impact.models import ImpactSettings
from upward.programs.access import get_program_for_user
from upward.programs.models import Pair, Program

NOT_READY = "The results are still being computed; try again in a minute."


def program_for_results(viewer: Viewer, program_id: UUID) -> Program:
    program = Program.objects.filter(public_id=program_id).first()
    if program is None:
        raise Http404("No such program.")
    if viewer.is_site_admin or program.pk in viewer.program_roles:
        return program
    shared = ImpactSettings.objects.filter(program=program, share_with_members=True).exists()
    member = Pair.objects.filter(pk__in=viewer.pair_ids, cohort__program=program).exists()
    if shared and member:
        return program
    raise Http404("No such program.")


def program_for_lead(viewer: Viewer, program_id: UUID) -> Program:
    return get_program_for_user(viewer, program_id, action_roles=(Role.LEAD,))


def program_for_staff(viewer: Viewer, program_id: UUID) -> Program:
    return get_program_for_user(viewer, program_id)


def require_ready(ready: bool) -> None:
    """A report or an export of results not computed yet (or of an older version) is not there
    yet: a 404 that says so (the caller has asked the queue for them)."""
    if not ready:
        raise Http404(NOT_READY)
