"""The pair page's closing-decision line, worked out per viewer: each member sees whose answer
is awaited; the lead sees the decision and its dates, never the reflections."""

from typing import Any

from django import template

from upward.core.viewer import get_viewer
from upward.programs.models import Pair
from upward.workspace import selectors

register = template.Library()


@register.inclusion_tag("workspace/_closure_status.html", takes_context=True)
def closure_status(context: dict[str, Any], pair: Pair) -> dict[str, Any]:
    viewer = get_viewer(context["request"])
    member = None
    if pair.pk in viewer.mentor_pair_ids:
        member = pair.mentor
    elif pair.pk in viewer.mentee_pair_ids:
        member = pair.mentee
    return {"pair": pair, "status": selectors.closure_status(pair, member)}
