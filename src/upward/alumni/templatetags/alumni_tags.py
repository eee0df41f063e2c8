"""What the pair page and the home page show about guides and alumni. Both pages belong to
other apps; these tags keep this app's reads here."""

from typing import Any

from django import template

from upward.alumni.models import Alumnus
from upward.alumni.selectors import guide_of_mentor, open_appointments_of_user
from upward.programs.models import Pair

register = template.Library()


@register.inclusion_tag("alumni/_pair_guide.html", takes_context=True)
def pair_guide(context: dict[str, Any]) -> dict[str, Any]:
    """The mentor's guide (for the mentor, and for the lead reading the pair), and, once the
    pair has graduated, the way to the member's alumni choices."""
    pair: Pair = context["pair"]
    user = context["request"].user
    is_member = context.get("is_member", False)
    alumnus = None
    if is_member and pair.state == Pair.State.CLOSED:
        alumnus = Alumnus.objects.filter(
            program_id=pair.cohort.program_id, employee__account=user
        ).first()
    shows_guide = context.get("viewer_is_mentor", False) or not is_member
    return {
        "guided": guide_of_mentor(pair) if shows_guide else None,
        "viewer_is_mentor": context.get("viewer_is_mentor", False),
        "alumnus": alumnus,
    }


@register.inclusion_tag("alumni/_home_guiding.html", takes_context=True)
def home_guiding(context: dict[str, Any]) -> dict[str, Any]:
    """For guides, their mentors; for alumni, their listing. The home page's pair query says
    whether the viewer is either, so nobody else pays a query for this."""
    cards = context.get("pairs") or []
    first = cards[0].pair if cards else None
    guides = bool(first and getattr(first, "viewer_guides", False))
    return {
        "appointments": open_appointments_of_user(context["request"].user) if guides else [],
        "alumnus": bool(first and getattr(first, "viewer_alumnus", False)),
    }
