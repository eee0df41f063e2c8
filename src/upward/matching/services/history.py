"""What happened to a round and who did it: one MatchEvent and one audit entry per change."""

from typing import Any

from upward.accounts.models import User
from upward.audit import log as audit
from upward.matching.models import (
    MatchEvent,
    MatchRound,
)


def record_event(
    match_round: MatchRound, actor: User | None, action: str, reason: str = "", **detail: Any
) -> None:
    MatchEvent.objects.create(
        round=match_round, actor=actor, action=action, reason=reason, detail=detail
    )
    audit.record(audit.Action.MATCH_EDITED, actor=actor, target=match_round, step=action)
