"""Who sees a circle and what they may do in it.

Its members see everything, the shared notes included. The program's lead (and site admins)
see who is in it and when it meets, and shape it; never the notes. The program's sponsors and
analysts know circles exist (403); anyone else is told there is no such circle (404).
"""

from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from upward.circles.models import Circle, CircleMember, CircleSession
from upward.core.viewer import Role, Viewer
from upward.programs.access import get_program_for_user
from upward.programs.models import Program


@dataclass(frozen=True)
class Seat:
    """How the viewer sits at a circle: as a member, as the one who shapes it, or both."""

    circle: Circle
    member: CircleMember | None
    leads: bool


def get_program_for_lead(viewer: Viewer, program_id: UUID) -> Program:
    return get_program_for_user(viewer, program_id, action_roles=(Role.LEAD,))


def get_circle_for_user(viewer: Viewer, circle_id: UUID) -> Seat:
    circle = Circle.objects.select_related("program").filter(public_id=circle_id).first()
    if circle is None:
        raise Http404("No such circle.")
    member = circle.members.select_related("employee").filter(employee__account=viewer.user).first()
    leads = viewer.is_site_admin or viewer.has_program_role(circle.program_id, Role.LEAD)
    if member is not None or leads:
        return Seat(circle=circle, member=member, leads=leads)
    if circle.program_id in viewer.program_roles:
        raise PermissionDenied
    raise Http404("No such circle.")


def get_session_for_user(viewer: Viewer, session_id: UUID) -> tuple[CircleSession, Seat]:
    session = CircleSession.objects.filter(public_id=session_id).first()
    if session is None:
        raise Http404("No such circle session.")
    return session, get_circle_for_user(viewer, session.circle.public_id)


def require_member(seat: Seat) -> CircleMember:
    """The shared notes are the members' alone: the lead and site admins included get 403."""
    if seat.member is None:
        raise PermissionDenied
    return seat.member


def require_lead(seat: Seat) -> None:
    if not seat.leads:
        raise PermissionDenied
