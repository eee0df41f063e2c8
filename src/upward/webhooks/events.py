"""The program events a webhook can carry, as the messages receivers get.

Each builder chooses what leaves Upward: names of published pairs and stories, counts of flags
(never which pair, never why in a member's words), and a wave's response rate (never an answer).
A builder does nothing, and reads nothing more, unless some webhook of the program listens.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count
from django.urls import reverse

from upward.webhooks.messages import Message
from upward.webhooks.models import Event
from upward.webhooks.services import emit, listeners

if TYPE_CHECKING:
    from upward.flags.models import Flag
    from upward.matching.models import MatchRound
    from upward.programs.models import Pair
    from upward.surveys.models import Wave
    from upward.talent.models import OutcomeConsent
    from upward.workspace.models import Story


def _link(name: str, **kwargs: object) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def pairs_published(match_round: "MatchRound", pairs: list["Pair"]) -> None:
    cohort = match_round.cohort
    program = cohort.program
    hooks = listeners(program, Event.PAIRS_PUBLISHED)
    if not hooks:
        return
    lines = [
        f"{pair.mentor.employee.display_name} mentors {pair.mentee.employee.display_name}"
        for pair in pairs[:20]
    ]
    more = f"\n…and {len(pairs) - 20} more" if len(pairs) > 20 else ""
    message = Message(
        event=Event.PAIRS_PUBLISHED,
        program=program.name,
        title=f"{len(pairs)} new pairs in {cohort.name}",
        text="\n".join(lines) + more,
        facts=[("Cohort", cohort.name), ("Pairs", str(len(pairs)))],
        link=_link("workspace:cohort", cohort_id=cohort.public_id),
    )
    data = {
        "cohort": cohort.name,
        "pairs": [
            {"mentor": p.mentor.employee.display_name, "mentee": p.mentee.employee.display_name}
            for p in pairs
        ],
    }
    emit(hooks, f"pairs:{match_round.public_id}", message, data)


def flag_raised(flag: "Flag") -> None:
    """In aggregate form: how many flags are open, by reason, and no pair named."""
    from upward.flags.models import Flag

    program = flag.program
    hooks = listeners(program, Event.FLAG_RAISED)
    if not hooks:
        return
    open_by_reason = dict(
        Flag.objects.filter(program=program, state=Flag.State.OPEN)
        .order_by()
        .values("reason")
        .annotate(n=Count("pk"))
        .values_list("reason", "n")
    )
    facts = [
        (label, str(open_by_reason[value]))
        for value, label in Flag.REASONS
        if value in open_by_reason
    ]
    message = Message(
        event=Event.FLAG_RAISED,
        program=program.name,
        title=f"A pair needs attention in {program.name}",
        text=f"{sum(open_by_reason.values())} open flags wait in the lead's inbox.",
        facts=facts,
        link=_link("flags:inbox"),
    )
    emit(hooks, f"flag:{flag.public_id}", message, {"open_flags": dict(facts)})


def story_published(story: "Story") -> None:
    program = story.pair.cohort.program
    hooks = listeners(program, Event.STORY_PUBLISHED)
    if not hooks:
        return
    message = Message(
        event=Event.STORY_PUBLISHED,
        program=program.name,
        title=f"New story: {story.title}",
        text=f"{story.pair.mentor.employee.display_name} and "
        f"{story.pair.mentee.employee.display_name} shared what changed.",
        link=_link("workspace:showcase"),
    )
    emit(hooks, f"story:{story.public_id}", message, {"title": story.title})


def wave_closed(wave: "Wave") -> None:
    program = wave.cohort.program
    hooks = listeners(program, Event.WAVE_CLOSED)
    if not hooks:
        return
    rate = f"{wave.answered / wave.invited:.0%}" if wave.invited else "no invitations"
    message = Message(
        event=Event.WAVE_CLOSED,
        program=program.name,
        title=f"{wave.label} closed in {wave.cohort.name}",
        text=f"{wave.answered} of {wave.invited} answered ({rate}). Results are on the "
        "cohort's survey page where groups are large enough to show.",
        facts=[("Answered", str(wave.answered)), ("Invited", str(wave.invited))],
        link=_link("surveys:wave", wave_id=wave.public_id),
    )
    data = {"wave": wave.label, "answered": wave.answered, "invited": wave.invited}
    emit(hooks, f"wave:{wave.public_id}", message, data)


def outcomes_shared(consent: "OutcomeConsent") -> None:
    """Who agreed, in which program: never their goal, ratings or anything their pair wrote."""
    program = consent.pair.cohort.program
    hooks = listeners(program, Event.OUTCOMES_SHARED)
    if not hooks:
        return
    person = consent.participant.employee
    message = Message(
        event=Event.OUTCOMES_SHARED,
        program=program.name,
        title=f"Outcomes ready for talent reviews in {program.name}",
        text=f"{person.display_name} agreed to share what they worked on and how it went.",
        facts=[("Cohort", consent.pair.cohort.name)],
        link=_link("talent:outcomes", program_id=program.public_id),
    )
    data = {
        "program": str(program.public_id),
        "program_name": program.name,
        "person": str(person.public_id),
        "employee_id": person.employee_id,
    }
    emit(hooks, f"outcomes:{consent.public_id}:{consent.decided_at.isoformat()}", message, data)
