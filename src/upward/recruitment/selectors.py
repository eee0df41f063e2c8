from django.db.models import Q, QuerySet

from upward.accounts.models import User
from upward.programs.models import Participant


def pending_invitations(user: User) -> QuerySet[Participant]:
    """Invitations the person has not answered, or intakes they have not finished."""
    return (
        Participant.objects.filter(employee__account=user)
        .filter(
            Q(state=Participant.State.INVITED)
            | Q(consent_at__isnull=False, intake_completed_at__isnull=True)
        )
        .select_related("cohort__program")
    )
