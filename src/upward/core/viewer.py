"""Who is asking: one signed-in user's roles, computed once per request.

The Viewer sits in core/ so that every app can ask who is asking without importing the apps
that hold the roles. Those apps are above core: programs tells core how to build a Viewer
(`build_viewers_with`, called from its AppConfig.ready()), and each app's `access.py` turns an
id into an object for a viewer.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

if TYPE_CHECKING:  # for types only: at run time core never imports an app
    from upward.accounts.models import User


class Role(StrEnum):
    SITE_ADMIN = "site_admin"
    LEAD = "lead"
    SPONSOR = "sponsor"
    ANALYST = "analyst"
    MENTOR = "mentor"
    MENTEE = "mentee"


@dataclass(frozen=True)
class Viewer:
    """One signed-in user's roles (two queries, made by the builder programs registers)."""

    user: "User"
    is_site_admin: bool
    program_roles: dict[int, frozenset[str]]  # program id -> {"lead", "sponsor", "analyst"}
    mentor_pair_ids: frozenset[int]
    mentee_pair_ids: frozenset[int]

    @property
    def roles(self) -> set[Role]:
        roles = {Role(name) for names in self.program_roles.values() for name in names}
        if self.is_site_admin:
            roles.add(Role.SITE_ADMIN)
        if self.mentor_pair_ids:
            roles.add(Role.MENTOR)
        if self.mentee_pair_ids:
            roles.add(Role.MENTEE)
        return roles

    def programs_with(self, *roles: str) -> set[int]:
        return {pid for pid, names in self.program_roles.items() if names & set(roles)}

    def has_program_role(self, program_id: int, *roles: str) -> bool:
        return bool(self.program_roles.get(program_id, frozenset()) & set(roles))

    @property
    def pair_ids(self) -> frozenset[int]:
        return self.mentor_pair_ids | self.mentee_pair_ids

    @property
    def can_manage_people(self) -> bool:
        """HR work on the people data: site admins and program leads."""
        return self.is_site_admin or bool(self.programs_with(Role.LEAD))


ViewerBuilder = Callable[["User"], Viewer]
_builder: list[ViewerBuilder] = []


def build_viewers_with(builder: ViewerBuilder) -> None:
    """Called once, from the programs app's ready(): it knows where roles and pairs are kept."""
    _builder[:] = [builder]


def viewer_for(user: "User") -> Viewer:
    if not _builder:
        raise RuntimeError("No viewer builder: is upward.programs in INSTALLED_APPS?")
    return _builder[0](user)


def get_viewer(request: HttpRequest) -> Viewer:
    """The request's Viewer, computed on first use. Callers are behind login_required."""
    cached = getattr(request, "_upward_viewer", None)
    if cached is None:
        user = request.user
        if not isinstance(user, get_user_model()):
            raise PermissionDenied  # anonymous
        cached = viewer_for(user)
        token = getattr(request, "_upward_token", None)
        if token is not None and token.program_id is not None:
            cached = narrowed_to_program(cached, token.program_id)
        request._upward_viewer = cached  # type: ignore[attr-defined]
    return cached


def narrowed_to_program(viewer: Viewer, program_id: int) -> Viewer:
    """An integration token scoped to one program: its administrator's reach, in that program
    only, and never a pair member's private view."""
    return Viewer(
        user=viewer.user,
        is_site_admin=False,
        program_roles={program_id: frozenset({Role.LEAD.value})},
        mentor_pair_ids=frozenset(),
        mentee_pair_ids=frozenset(),
    )


def require_people_manager(viewer: Viewer) -> None:
    if not viewer.can_manage_people:
        raise PermissionDenied


class ProgramScopedToken(PermissionDenied):
    """Organisation-wide data asked for with a token scoped to one program: the refusal says
    why."""

    message = (
        "A token scoped to one program cannot read or change the organisation's people data: "
        "use an organisation-wide token."
    )


def token_program_id(request: HttpRequest) -> int | None:
    """The program an integration token is scoped to, or None (no token, or a site-wide one).
    Reads that list whole tables narrow themselves to it; `narrowed_to_program` does the rest."""
    token = getattr(request, "_upward_token", None)
    return token.program_id if token is not None else None
