"""One cohort's rows as impact reads them: plain, typed and already loaded.

impact/loader.py fills it with a fixed number of queries; domain/metrics/sections.py computes
the cohort's sections from it without going back to the database, and domain/metrics/matched.py
the retention section from the organisation's rows (`RetentionData`). Whatever names an answer in
the release ledger arrives as its token (the loader holds the key), never as a row's id.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from upward.domain.metrics.heatmap import Mention
from upward.domain.surveys.instruments import Instrument


@dataclass(frozen=True)
class CohortInfo:
    id: int
    public_id: str
    name: str
    start: date
    end: date


@dataclass(frozen=True)
class GoalRow:
    baseline: float
    target: float
    deadline: date
    current: float  # the last update's value, or the baseline when there is none


@dataclass(frozen=True)
class PairRow:
    """A pair that started (proposed pairs are left out), with its two members' employees."""

    id: int
    state: str
    started_on: date | None
    ended_on: date | None
    mentor_employee_id: int
    mentee_employee_id: int
    goal: GoalRow | None = None


@dataclass(frozen=True)
class SessionRow:
    pair_id: int
    status: str
    starts_at: datetime
    held_minutes: int | None


@dataclass(frozen=True)
class WaveRow:
    id: int
    label: str
    kind: str
    state: str
    opens_on: date
    invited: int
    answered: int
    min_group_size: int
    instrument_keys: frozenset[str]


@dataclass(frozen=True)
class ResponseRow:
    token: str  # names the answer in the release ledger
    wave_id: int
    instrument_key: str
    spec: Instrument  # of the instrument version answered
    participant_id: int | None  # confidential instruments only
    score: float | None
    answers: dict[str, Any]


@dataclass(frozen=True)
class RatingRow:
    token: str
    employee_id: int
    competency_id: int
    competency: str
    rater_kind: str  # "self" or "partner"
    phase: str  # "baseline" or "close" (others are not loaded)
    level: int


@dataclass(frozen=True)
class CohortData:
    cohort: CohortInfo
    pairs: tuple[PairRow, ...]
    sessions: tuple[SessionRow, ...]
    waves: tuple[WaveRow, ...]  # in the waves' order: opens_on, kind
    responses: tuple[ResponseRow, ...]  # in the order they were stored
    ratings: tuple[RatingRow, ...]
    safety_flagged_pairs: int  # pairs ever flagged for low or dropping safety
    mentions: tuple[Mention, ...]
    employee_tokens: dict[int, str] = field(default_factory=dict)  # rated people, for the ledger

    def wave(self, wave_id: int) -> WaveRow:
        return next(w for w in self.waves if w.id == wave_id)


@dataclass(frozen=True)
class EmployeeRow:
    """One person as the HRIS has them: what control matching and the outcomes read."""

    id: int
    level: int | None
    hire_date: date | None
    exit_date: date | None
    exit_type: str  # "" while employed
    department: str | None  # None: no department
    division: str  # "" when the department names none
    promotions: tuple[date, ...] = ()  # effective dates


@dataclass(frozen=True)
class RetentionData:
    """A cohort's retention rows: each side's members with their index dates, those members as
    employees, and the control pool (people who never took part, at any side's level, employed
    within the index dates' window), by id."""

    sides: dict[str, dict[int, date]]  # side -> employee id -> index date (their pair's start)
    people: dict[int, EmployeeRow]  # the members of both sides
    pool: tuple[EmployeeRow, ...]
