"""Who reaches flags and check-ins: the program's leads only (not sponsors, analysts or site
admins). Someone who leads no program gets 403; a flag outside the viewer's programs, 404."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from upward.core.viewer import Role, Viewer
from upward.flags.models import CheckIn, Flag


def led_programs(viewer: Viewer) -> set[int]:
    """The programs whose flags go to the viewer."""
    led = viewer.programs_with(Role.LEAD)
    if not led:
        raise PermissionDenied
    return led


def get_flag_for_lead(viewer: Viewer, flag_id: UUID) -> Flag:
    flag = Flag.objects.select_related("pair__cohort").filter(public_id=flag_id).first()
    if flag is None or not viewer.has_program_role(flag.program_id, Role.LEAD):
        raise Http404("No such flag.")
    return flag


def get_check_in_for_lead(viewer: Viewer, check_in_id: UUID) -> CheckIn:
    check_in = CheckIn.objects.select_related("pair__cohort").filter(public_id=check_in_id).first()
    if check_in is None or not viewer.has_program_role(check_in.pair.cohort.program_id, Role.LEAD):
        raise Http404("No such check-in.")
    return check_in
