"""Who may see a person's profile and photo: themself, a site administrator, and anyone signed
in who takes part in, leads, sponsors or analyses a program the person is in. That is who meets
them on a shortlist, a request or a pair page; nobody else in the organisation."""

from upward.accounts.models import User
from upward.core.viewer import Viewer
from upward.programs.models import Participant, ProgramRole


def programs_of(user: User) -> set[int]:
    taking_part = Participant.objects.filter(employee__account=user).values_list(
        "cohort__program_id", flat=True
    )
    holding_a_role = ProgramRole.objects.filter(user=user).values_list("program_id", flat=True)
    return set(taking_part) | set(holding_a_role)


def may_see_profile(viewer: Viewer, owner: User) -> bool:
    if viewer.user.pk == owner.pk or viewer.is_site_admin:
        return True
    shared = programs_of(owner) & (
        set(viewer.program_roles)
        | set(
            Participant.objects.filter(employee__account=viewer.user).values_list(
                "cohort__program_id", flat=True
            )
        )
    )
    return bool(shared)
