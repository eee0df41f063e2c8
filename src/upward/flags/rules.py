"""Pure rules for flags once raised: which matters most, and when a flag's cause has gone away.

No Django here: the services gather the facts and these decide. A flag whose cause has gone
away closes itself with a note saying why; it stays in the history and never counts as open.
"""

from datetime import date

from upward.domain.smart_goal import Track
from upward.domain.surveys.flags import Reason

# Most serious first: safety, then a pair losing a member, then drift, then program matters.
SEVERITY: tuple[Reason, ...] = (
    Reason.LOW_SAFETY,
    Reason.SAFETY_DROP,
    Reason.MEMBER_LEFT,
    Reason.MEMBER_DEACTIVATED,
    Reason.STALE,
    Reason.STAGNANT,
    Reason.MISSED_CHECKPOINT,
    Reason.LOW_RESPONSE,
)


def severity(reason: str) -> int:
    """0 for the most serious reason; an unknown reason sorts last."""
    for rank, known in enumerate(SEVERITY):
        if reason == known:
            return rank
    return len(SEVERITY)


def closing_note(today: date, why: str) -> str:
    """The note a flag keeps when it closes itself, e.g. "Closed on 30 Nov: the pair was
    dissolved"."""
    return f"Closed on {today.day} {today:%b}: {why}"


ENDED_PAIR = {"dissolved": "the pair was dissolved", "closed": "the pair was closed"}


def pair_ended(pair_state: str) -> str | None:
    """Any flag about a pair closes when the pair is dissolved or closed."""
    return ENDED_PAIR.get(pair_state)


def stale_gone(
    *, since: date | None, raised_on: date, held: list[date], planned: list[date], today: date
) -> str | None:
    """A stale flag closes once a session is held after the one it counted from (``since``; when
    unknown, on or after the day it was raised) or a session is planned for today or later."""
    after = [d for d in held if (d > since if since is not None else d >= raised_on)]
    if after:
        return f"the pair is meeting again (a session was held on {max(after):%d %b %Y})"
    ahead = [d for d in planned if d >= today]
    if ahead:
        return f"the pair is meeting again (a session is planned for {min(ahead):%d %b %Y})"
    return None


def has_upcoming(planned: list[date], today: date) -> bool:
    """A session planned for today or later: the pair is not drifting, so no stale flag."""
    return any(d >= today for d in planned)


def stagnant_gone(*, has_goal: bool, track: Track | None) -> str | None:
    """A stagnant flag closes when recorded progress (or a revised goal) takes the goal out of
    "far behind", or when the goal is removed."""
    if not has_goal:
        return "the goal was removed"
    if track is not Track.OFF_TRACK:
        return "progress was recorded and the goal is no longer far behind"
    return None


def checkpoint_gone(
    *,
    raised_unrecorded: bool,
    exists: bool,
    due: date | None,
    held_on: date | None,
    sponsor_attended: bool | None,
    today: date,
) -> str | None:
    """A missed-checkpoint flag closes when its checkpoint is recorded (for "not recorded"), when
    the sponsor's attendance is corrected (for "the sponsor missed it"), or when the checkpoint
    is removed or moved to a later date."""
    if not exists or due is None:
        return "the checkpoint was removed"
    if raised_unrecorded:
        if held_on is not None:
            return "the checkpoint was recorded"
    elif sponsor_attended is not False:
        return "the sponsor's attendance was recorded"
    if due >= today:
        return f"the checkpoint was moved to {due:%d %b %Y}"
    return None
