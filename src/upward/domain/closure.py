"""The closure memo: a pair's outcome in a page the two of them and the program can keep.

How a pair decides: one member proposes an outcome and writes their own reflection; the partner
confirms it (adding theirs) or declines it. A confirmed "graduate" or "reshuffle" ends the pair's
work together; a confirmed "continue" is a new cycle, not a closure, so the pair can close later.
"""

from dataclasses import dataclass
from datetime import date

DECISIONS = {
    "graduate": "Graduate: the goal is met or the pair has done what it set out to do.",
    "continue": "Continue: keep meeting for another cycle with a new or stretched goal.",
    "reshuffle": "Reshuffle: each member would learn more with a new partner.",
}

# The decision in a sentence: "Sam proposed to ...".
IN_WORDS = {
    "graduate": "graduate (the goal is met and the pair finishes)",
    "continue": "continue for another cycle with a new goal",
    "reshuffle": "reshuffle (each of you gets a new partner)",
}

# What a confirmed decision does to the pair; "continue" leaves it as it is.
PAIR_STATE_AFTER = {"graduate": "closed", "reshuffle": "paused"}

PROPOSED, CONFIRMED, DECLINED = "proposed", "confirmed", "declined"


def ends_the_pair(decision: str) -> bool:
    return decision in PAIR_STATE_AFTER


def may_answer(*, proposer_id: int | None, answerer_id: int, state: str) -> str | None:
    """Why this member may not confirm or decline the proposal, or None if they may."""
    if state != PROPOSED:
        return "This proposal has already been answered."
    if proposer_id == answerer_id:
        return "You made this proposal, so your partner is the one to confirm it."
    return None


@dataclass(frozen=True)
class DecisionFacts:
    """A closure decision as the program lead sees it: what and when, never what was written."""

    decision: str
    state: str
    proposed_on: date
    answered_on: date | None


def lead_summary(facts: DecisionFacts) -> str:
    label = facts.decision.capitalize()
    proposed = f"{facts.proposed_on:%d %b %Y}"
    answered = f"{facts.answered_on:%d %b %Y}" if facts.answered_on else ""
    if facts.state == PROPOSED:
        return f"{label} proposed on {proposed}, waiting for the partner"
    if facts.state == DECLINED:
        return f"{label} proposed on {proposed}, declined on {answered}"
    if facts.decision == "continue":
        return f"Continued on {answered} (proposed on {proposed})"
    return f"{label} confirmed on {answered} (proposed on {proposed})"


@dataclass(frozen=True)
class ClosureFacts:
    mentor: str
    mentee: str
    goal: str
    unit: str
    baseline: float | None
    target: float | None
    outcome: float | None
    sessions_held: int
    mentor_learned: str
    mentee_learned: str
    next_steps: str
    decision: str


def memo(facts: ClosureFacts) -> str:
    lines = [f"Closure memo: {facts.mentor} mentoring {facts.mentee}", ""]
    if facts.goal:
        lines.append(f"Goal: {facts.goal}")
    if facts.outcome is not None and facts.baseline is not None and facts.target is not None:
        reached = "reached" if _reached(facts) else "not yet reached"
        lines.append(
            f"Result: {facts.outcome:g} {facts.unit} against a target of "
            f"{facts.target:g}, from {facts.baseline:g} ({reached})."
        )
    lines += [
        f"Sessions held: {facts.sessions_held}.",
        "",
        f"What {facts.mentee} learned: {facts.mentee_learned.strip() or '-'}",
        f"What {facts.mentor} learned: {facts.mentor_learned.strip() or '-'}",
        f"Next steps: {facts.next_steps.strip() or '-'}",
        "",
        f"Decision: {DECISIONS.get(facts.decision, facts.decision)}",
    ]
    return "\n".join(lines)


def _reached(facts: ClosureFacts) -> bool:
    assert facts.outcome is not None and facts.target is not None and facts.baseline is not None
    rising = facts.target > facts.baseline
    return facts.outcome >= facts.target if rising else facts.outcome <= facts.target
