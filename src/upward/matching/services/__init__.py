"""Writes for match rounds: create, run, edit, choose, respond, resolve, publish.

Every change is recorded as a MatchEvent (who, what, why). The engine runs in domain/; these
modules load rows, call it and store what it decided. Callers import from here.
"""

from upward.matching.services.choices import choices_submit, response_submit, round_resolve
from upward.matching.services.edits import exclusion_add, proposal_lock, proposals_swap
from upward.matching.services.publish import pairs_published, round_publish
from upward.matching.services.rounds import (
    MAX_DIVERSITY_QUOTA,
    MAX_EXPOSURE_CAP,
    reshuffle_create,
    round_create,
)
from upward.matching.services.running import not_accepted, round_run, round_start

__all__ = [
    "MAX_DIVERSITY_QUOTA",
    "MAX_EXPOSURE_CAP",
    "choices_submit",
    "exclusion_add",
    "not_accepted",
    "pairs_published",
    "proposal_lock",
    "proposals_swap",
    "reshuffle_create",
    "response_submit",
    "round_create",
    "round_publish",
    "round_resolve",
    "round_run",
    "round_start",
]
