"""The closure memo: a pair's outcome in a page the two of them and the program can keep."""

from dataclasses import dataclass

DECISIONS = {
    "graduate": "Graduate: the goal is met or the pair has done what it set out to do.",
    "continue": "Continue: keep meeting for another cycle with a new or stretched goal.",
    "reshuffle": "Reshuffle: each member would learn more with a new partner.",
}


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
