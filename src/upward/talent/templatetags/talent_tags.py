"""What the pair page and the program page show of this app. Both pages belong to other apps;
these tags keep this app's reads here, and read nothing unless there is something to show."""

from typing import Any

from django import template

from upward.programs.models import Cohort, Pair, Program
from upward.talent import selectors
from upward.talent.forms import ConsentForm

register = template.Library()


@register.inclusion_tag("talent/_pair_consent.html", takes_context=True)
def outcome_consent(context: dict[str, Any]) -> dict[str, Any]:
    """For a member of a closed pair: their yes or no to talent reviews, and exactly what a
    yes would share."""
    pair: Pair = context["pair"]
    if not context.get("is_member") or pair.state != Pair.State.CLOSED:
        return {"shown": False}
    participant = pair.mentor if context.get("viewer_is_mentor") else pair.mentee
    consent = selectors.consent_of(pair, participant)
    shared = bool(consent and consent.shared)
    return {
        "shown": True,
        "pair": pair,
        "person": participant.employee,
        "role": participant.get_role_display(),
        "consent": consent,
        "preview": selectors.preview(pair, participant),
        "form": ConsentForm(initial={"share": "yes" if shared else "no"}),
    }


@register.inclusion_tag("talent/_program_decision.html", takes_context=True)
def program_decision(context: dict[str, Any]) -> dict[str, Any]:
    """The continue / absorb / sunset decision, once the program or a cohort of it is ending.
    The program page already knows its cohorts' states, so a running program costs no query."""
    summary = context["summary"]
    program: Program = summary.program
    ending = {Cohort.State.CLOSING, Cohort.State.CLOSED}
    ended = [
        f"{h.cohort.name} {'has closed' if h.cohort.state == Cohort.State.CLOSED else 'is closing'}"
        for h in summary.cohorts
        if h.cohort.state in ending
    ]
    if program.state != Program.State.CLOSED and not ended:
        return {"shown": False}
    return {
        "shown": True,
        "ending": ended,
        "program": program,
        "decision": selectors.decision_of(program),
        "leads": context.get("can_see_people", False),
    }
