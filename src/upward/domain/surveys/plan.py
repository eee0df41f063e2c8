"""A program's survey plan: which waves open when, for whom.

Baseline at kickoff, a pair pulse every five weeks from week 5 (inside the 4-6 week window),
feedback and close at the end, and a quarterly checkpoint for programs longer than six months.
"""

from dataclasses import dataclass
from datetime import date, timedelta

WAVE_DAYS = 14  # a wave stays open for two weeks
PULSE_EVERY_WEEKS = 5
QUARTER_DAYS = 91
LONG_PROGRAM_DAYS = 183


@dataclass(frozen=True)
class PlannedWave:
    kind: str  # baseline | pulse | quarterly | close
    instruments: tuple[str, ...]
    opens_on: date
    closes_on: date
    label: str


BASELINE = ("engagement", "retention_intent", "skills")
PULSE = ("pair_safety",)
QUARTERLY = ("engagement", "retention_intent")
CLOSE = ("feedback", "engagement", "retention_intent", "skills", "mentor_rating", "mentee_rating")


def survey_plan(start: date, end: date) -> list[PlannedWave]:
    if end <= start:
        raise ValueError("A program ends after it starts.")
    waves = [
        PlannedWave("baseline", BASELINE, start, start + timedelta(days=WAVE_DAYS), "Baseline")
    ]
    close_opens = max(start + timedelta(days=1), end - timedelta(days=WAVE_DAYS))
    week = PULSE_EVERY_WEEKS
    number = 1
    while (opens := start + timedelta(weeks=week)) < close_opens:
        waves.append(
            PlannedWave("pulse", PULSE, opens, opens + timedelta(days=WAVE_DAYS), f"Pulse {number}")
        )
        week += PULSE_EVERY_WEEKS
        number += 1
    if (end - start).days > LONG_PROGRAM_DAYS:
        quarter = 1
        while (opens := start + timedelta(days=QUARTER_DAYS * quarter)) < close_opens:
            waves.append(
                PlannedWave(
                    "quarterly",
                    QUARTERLY,
                    opens,
                    opens + timedelta(days=WAVE_DAYS),
                    f"Quarterly checkpoint {quarter}",
                )
            )
            quarter += 1
    waves.append(
        PlannedWave("close", CLOSE, close_opens, end + timedelta(days=WAVE_DAYS // 2), "Close")
    )
    return sorted(waves, key=lambda wave: (wave.opens_on, wave.kind))
