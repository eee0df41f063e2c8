"""The webhooks listen to what other apps announce (Django signals sent by their services), so
no app below calls up into this one: publishing pairs, raising a flag, publishing a story,
closing a wave or sharing outcomes each becomes an event for the program's webhooks."""

from typing import Any

from django.dispatch import receiver

from upward.flags.models import Flag
from upward.flags.services import flag_raised
from upward.matching.models import MatchRound
from upward.matching.services import pairs_published
from upward.programs.models import Pair
from upward.surveys.models import Wave
from upward.surveys.services import wave_closed
from upward.talent.models import OutcomeConsent
from upward.talent.services import outcomes_shared
from upward.webhooks import events
from upward.workspace.models import Story
from upward.workspace.stories import story_published


@receiver(pairs_published)
def _pairs_published(
    sender: type, *, match_round: MatchRound, pairs: list[Pair], **kwargs: Any
) -> None:
    events.pairs_published(match_round, pairs)


@receiver(flag_raised)
def _flag_raised(sender: type, *, flag: Flag, **kwargs: Any) -> None:
    events.flag_raised(flag)


@receiver(story_published)
def _story_published(sender: type, *, story: Story, **kwargs: Any) -> None:
    events.story_published(story)


@receiver(wave_closed)
def _wave_closed(sender: type, *, wave: Wave, **kwargs: Any) -> None:
    events.wave_closed(wave)


@receiver(outcomes_shared)
def _outcomes_shared(sender: type, *, consent: OutcomeConsent, **kwargs: Any) -> None:
    events.outcomes_shared(consent)
