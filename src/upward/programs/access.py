"""Who may see and do what: every scoped lookup goes through here.

Rule: an object outside the viewer's reach is a 404 (its existence stays hidden); an object
the viewer can see but an action their role may not take is a 403.
"""

from pathlib import Path
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from upward.accounts.models import User
from upward.accounts.profiles import photo_path
from upward.core.viewer import Role, Viewer
from upward.programs.models import Cohort, Pair, Program, ProgramRole
from upward.programs.photos import may_see_profile


def viewer_for(user: User) -> Viewer:
    grants: dict[int, set[str]] = {}
    for program_id, role in ProgramRole.objects.filter(user=user).values_list("program_id", "role"):
        grants.setdefault(program_id, set()).add(role)
    mentor: set[int] = set()
    mentee: set[int] = set()
    pairs = Pair.objects.filter(
        Q(mentor__employee__account=user) | Q(mentee__employee__account=user)
    ).values_list("id", "mentor__employee__account_id")
    for pair_id, mentor_account in pairs:
        (mentor if mentor_account == user.pk else mentee).add(pair_id)
    return Viewer(
        user=user,
        is_site_admin=user.is_superuser,
        program_roles={pid: frozenset(names) for pid, names in grants.items()},
        mentor_pair_ids=frozenset(mentor),
        mentee_pair_ids=frozenset(mentee),
    )


def get_program_for_user(
    viewer: Viewer,
    public_id: UUID,
    *,
    action_roles: tuple[str, ...] = (Role.LEAD, Role.SPONSOR, Role.ANALYST),
) -> Program:
    """A program the viewer holds any role in (else 404) and may act on as asked (else 403)."""
    program = Program.objects.filter(public_id=public_id).first()
    if program is None or not (viewer.is_site_admin or program.pk in viewer.program_roles):
        raise Http404("No such program.")
    if not (viewer.is_site_admin or viewer.has_program_role(program.pk, *action_roles)):
        raise PermissionDenied
    return program


def get_cohort_for_user(viewer: Viewer, public_id: UUID) -> Cohort:
    cohort = Cohort.objects.select_related("program").filter(public_id=public_id).first()
    if cohort is None or not (viewer.is_site_admin or cohort.program_id in viewer.program_roles):
        raise Http404("No such cohort.")
    return cohort


def get_cohort_for_lead(viewer: Viewer, public_id: UUID) -> Cohort:
    """A cohort whose program the viewer leads (or any, for site admins): 403 for the
    program's sponsors and analysts, 404 for everyone else."""
    cohort = get_cohort_for_user(viewer, public_id)
    get_program_for_user(viewer, cohort.program.public_id, action_roles=(Role.LEAD,))
    return cohort


def get_pair_for_user(viewer: Viewer, public_id: UUID) -> Pair:
    """A pair is seen by its two members, its program's lead and site admins.

    Sponsors and analysts of the program know the pair exists (403); anyone else gets 404.
    """
    pair = (
        Pair.objects.select_related(
            "cohort__program",
            "mentor__employee__department",
            "mentee__employee__department",
            # Each member's profile in their own words, shown on the pair page.
            "mentor__employee__account__profile",
            "mentee__employee__account__profile",
        )
        .filter(public_id=public_id)
        .first()
    )
    if pair is None:
        raise Http404("No such pair.")
    program_id = pair.cohort.program_id
    if viewer.is_site_admin or pair.pk in viewer.pair_ids:
        return pair
    if viewer.has_program_role(program_id, Role.LEAD):
        return pair
    if program_id in viewer.program_roles:
        raise PermissionDenied
    raise Http404("No such pair.")


def get_photo_for_viewer(viewer: Viewer, user_id: UUID) -> Path:
    """The file of someone's photo, for a viewer who may see their profile."""
    owner = User.objects.filter(public_id=user_id).select_related("profile").first()
    photo_name = getattr(getattr(owner, "profile", None), "photo", "")
    if owner is None or not photo_name or not may_see_profile(viewer, owner):
        raise Http404("No such photo.")
    path = photo_path(photo_name)
    if not path.is_file():
        raise Http404("No such photo.")
    return path
