"""Who reaches readiness checks, charters and checkpoints. Outside the viewer's reach: 404;
seen but not theirs to act on: 403 (the rule in programs/access.py)."""

from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from upward.core.viewer import Role, Viewer, get_viewer, token_program_id
from upward.governance.models import CharterVersion, Checkpoint, ReadinessCheck
from upward.governance.selectors import CharterStatus
from upward.programs.access import get_program_for_user


def visible_readiness_checks(request: HttpRequest) -> QuerySet[ReadinessCheck]:
    """Readiness checks (their notes included) are seen by whoever ran them and the leads of
    the program they led to; site admins see all, a program-scoped token its program's only."""
    viewer = get_viewer(request)
    checks = ReadinessCheck.objects.all()
    program_id = token_program_id(request)
    if program_id is not None:
        return checks.filter(program_id=program_id)
    if viewer.is_site_admin:
        return checks
    return checks.filter(
        Q(created_by=viewer.user) | Q(program_id__in=viewer.programs_with(Role.LEAD))
    )


def get_readiness_check_for_user(request: HttpRequest, check_id: UUID) -> ReadinessCheck:
    check = (
        visible_readiness_checks(request)
        .select_related("program", "created_by")
        .filter(public_id=check_id)
        .first()
    )
    if check is None:
        raise Http404("No such readiness check.")
    return check


def get_current_charter(status: CharterStatus) -> CharterVersion:
    """The program's charter as it stands; a program without one yet has nothing to show."""
    current = status.current
    if current is None:
        raise Http404("This program has no charter yet.")
    return current


def get_checkpoint_for_lead(viewer: Viewer, checkpoint_id: UUID) -> Checkpoint:
    """A checkpoint of a program the viewer leads: 403 for its sponsors and analysts."""
    checkpoint = (
        Checkpoint.objects.select_related("program").filter(public_id=checkpoint_id).first()
    )
    if checkpoint is None:
        raise Http404("No such checkpoint.")
    get_program_for_user(viewer, checkpoint.program.public_id, action_roles=(Role.LEAD,))
    return checkpoint
