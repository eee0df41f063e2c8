"""Which optional emails a person has switched off."""

from django.db import transaction

from upward.accounts.models import User
from upward.notifications.kinds import OPTIONAL
from upward.notifications.models import EmailOptOut


def switched_off(user: User) -> set[str]:
    return set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))


@transaction.atomic
def choose(user: User, wanted: set[str]) -> frozenset[str]:
    """Keep exactly the optional kinds not in `wanted` switched off; unknown and essential
    kinds in `wanted` are ignored. Returns the kinds now off."""
    unwanted = OPTIONAL - wanted
    EmailOptOut.objects.filter(user=user).exclude(kind__in=unwanted).delete()
    for kind in unwanted:
        EmailOptOut.objects.get_or_create(user=user, kind=kind)
    return unwanted
