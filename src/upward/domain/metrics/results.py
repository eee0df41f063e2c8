"""Impact results as typed records: what `domain/metrics` computes for a cohort and a program,
what the database stores (with its version) and what every reader gets back.

Stored as JSON in the same layout the results have always had, plus `version`. A stored result
of another version is never read into these records (`Unreadable`): it is recomputed instead,
so renaming a field cannot make a dashboard quietly show "no data".
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from upward.domain.metrics.heatmap import Cell, Emerging
from upward.domain.metrics.record import Metric

# Bump whenever a record below changes shape or meaning: older stored results are recomputed.
RESULTS_VERSION = 2
Json = dict[str, Any]
Path = list[str | int]


class Unreadable(ValueError):
    """A stored result of another version (or none): recompute it, do not guess."""


def check_version(payload: Json) -> None:
    found = payload.get("version") if isinstance(payload, dict) else None
    if found != RESULTS_VERSION:
        raise Unreadable(f"Results of version {found}, expected {RESULTS_VERSION}.")


def metric_in(data: Json | None) -> Metric | None:
    return None if data is None else Metric.from_dict(data)


def metric_out(metric: Metric | None) -> Json | None:
    return None if metric is None else metric.as_dict()


@dataclass(frozen=True)
class Share:
    """k of n (retained, promoted, reached): stored as [k, n]."""

    k: int
    n: int

    @property
    def share(self) -> float | None:
        return self.k / self.n if self.n else None

    def to_list(self) -> list[int]:
        return [self.k, self.n]

    @classmethod
    def from_list(cls, data: list[int] | None) -> "Share | None":
        return None if data is None else cls(int(data[0]), int(data[1]))


@dataclass(frozen=True)
class Arms[T]:
    """One figure for the participants and one for their matched controls."""

    participants: T
    controls: T


def _shares_out(arms: Arms[Share]) -> Json:
    return {"participants": arms.participants.to_list(), "controls": arms.controls.to_list()}


def _shares_in(data: Json) -> Arms[Share]:
    return Arms(Share(*data["participants"]), Share(*data["controls"]))


def _ints_out(arms: Arms[int]) -> Json:
    return {"participants": arms.participants, "controls": arms.controls}


def _ints_in(data: Json) -> Arms[int]:
    return Arms(int(data["participants"]), int(data["controls"]))


@dataclass(frozen=True)
class CurvePoint:
    day: float
    survival: float
    low: float | None = None
    high: float | None = None
    banded: bool = True  # whether the point carries an interval at all

    def to_dict(self) -> Json:
        if not self.banded:
            return {"day": self.day, "survival": self.survival}
        return {"day": self.day, "survival": self.survival, "low": self.low, "high": self.high}

    @classmethod
    def from_dict(cls, data: Json) -> "CurvePoint":
        banded = "low" in data
        return cls(data["day"], data["survival"], data.get("low"), data.get("high"), banded)


def _curves_out(curves: Arms[list[CurvePoint]]) -> Json:
    return {
        "participants": [p.to_dict() for p in curves.participants],
        "controls": [p.to_dict() for p in curves.controls],
    }


def _curves_in(data: Json) -> Arms[list[CurvePoint]]:
    return Arms(
        [CurvePoint.from_dict(p) for p in data["participants"]],
        [CurvePoint.from_dict(p) for p in data["controls"]],
    )


@dataclass(frozen=True)
class Promotion:
    """Promoted within 12 months, participants against their matched controls."""

    difference: Metric | None
    participants: Metric | None
    controls: Metric | None
    counts: Arms[Share]
    censored: Arms[int]
    stratified: Metric | None = None  # pooled across cohorts only

    def to_dict(self) -> Json:
        data = {
            "difference": metric_out(self.difference),
            "participants": metric_out(self.participants),
            "controls": metric_out(self.controls),
            "counts": _shares_out(self.counts),
            "censored": _ints_out(self.censored),
        }
        if self.stratified is not None:
            data["stratified"] = metric_out(self.stratified)
        return data

    @classmethod
    def from_dict(cls, data: Json) -> "Promotion":
        return cls(
            metric_in(data["difference"]),
            metric_in(data["participants"]),
            metric_in(data["controls"]),
            _shares_in(data["counts"]),
            _ints_in(data["censored"]),
            metric_in(data.get("stratified")),
        )


@dataclass(frozen=True)
class BalanceRow:
    covariate: str
    treated: float
    controls: float
    smd: float | None


@dataclass(frozen=True)
class Matching:
    method: str
    matched: int
    controls: int
    unmatched: int
    coarsened: dict[str, int]
    balance: list[BalanceRow]

    def to_dict(self) -> Json:
        return {
            "method": self.method,
            "matched": self.matched,
            "controls": self.controls,
            "unmatched": self.unmatched,
            "coarsened": dict(self.coarsened),
            "balance": [
                {
                    "covariate": b.covariate,
                    "treated": b.treated,
                    "controls": b.controls,
                    "smd": b.smd,
                }
                for b in self.balance
            ],
        }

    @classmethod
    def from_dict(cls, data: Json) -> "Matching":
        return cls(
            data["method"],
            data["matched"],
            data["controls"],
            data["unmatched"],
            dict(data["coarsened"]),
            [
                BalanceRow(b["covariate"], b["treated"], b["controls"], b["smd"])
                for b in data["balance"]
            ],
        )


@dataclass(frozen=True)
class Retention:
    """One side of one cohort's pairs against its matched controls."""

    horizon_days: int
    participants: Metric | None
    controls: Metric | None
    difference: Metric | None
    counts: Arms[Share]
    curves: Arms[list[CurvePoint]]
    matching: Matching
    caveat: str
    promotion: Promotion
    # Employee id -> index date, both arms: what the pooling needs. Never leaves the server.
    matched_ids: Arms[dict[int, date]]
    logrank_p: float | None = None

    def to_dict(self, *, public: bool = False) -> Json:
        data: Json = {
            "horizon_days": self.horizon_days,
            "participants": metric_out(self.participants),
            "controls": metric_out(self.controls),
            "difference": metric_out(self.difference),
            "counts": _shares_out(self.counts),
            "curves": _curves_out(self.curves),
            "matching": self.matching.to_dict(),
            "caveat": self.caveat,
        }
        if self.logrank_p is not None:
            data["logrank_p"] = self.logrank_p
        data["promotion"] = self.promotion.to_dict()
        if not public:
            data["matched_ids"] = {
                arm: {
                    str(pk): day.isoformat() for pk, day in getattr(self.matched_ids, arm).items()
                }
                for arm in ("participants", "controls")
            }
        return data

    @classmethod
    def from_dict(cls, data: Json) -> "Retention":
        ids = data["matched_ids"]
        return cls(
            data["horizon_days"],
            metric_in(data["participants"]),
            metric_in(data["controls"]),
            metric_in(data["difference"]),
            _shares_in(data["counts"]),
            _curves_in(data["curves"]),
            Matching.from_dict(data["matching"]),
            data["caveat"],
            Promotion.from_dict(data["promotion"]),
            Arms(
                {int(pk): date.fromisoformat(day) for pk, day in ids["participants"].items()},
                {int(pk): date.fromisoformat(day) for pk, day in ids["controls"].items()},
            ),
            data.get("logrank_p"),
        )


@dataclass(frozen=True)
class Rhythm:
    pairs: int
    states: dict[str, int]
    sessions_held: int
    hours_held: float
    adherence: float | None
    meetings_per_30_days: float | None
    tracks: dict[str, int]
    goal_attainment: Metric | None

    def to_dict(self) -> Json:
        return {
            "pairs": self.pairs,
            "states": dict(self.states),
            "sessions_held": self.sessions_held,
            "hours_held": self.hours_held,
            "adherence": self.adherence,
            "meetings_per_30_days": self.meetings_per_30_days,
            "tracks": dict(self.tracks),
            "goal_attainment": metric_out(self.goal_attainment),
        }

    @classmethod
    def from_dict(cls, data: Json) -> "Rhythm":
        return cls(
            data["pairs"],
            dict(data["states"]),
            data["sessions_held"],
            data["hours_held"],
            data["adherence"],
            data["meetings_per_30_days"],
            dict(data["tracks"]),
            metric_in(data["goal_attainment"]),
        )

    @property
    def pairs_with_goal(self) -> int:
        return sum(n for track, n in self.tracks.items() if track != "no_goal")


@dataclass(frozen=True)
class WaveResponse:
    wave: str
    kind: str
    opens_on: date
    invited: int
    answered: int
    rate: float | None

    def to_dict(self) -> Json:
        return {
            "wave": self.wave,
            "kind": self.kind,
            "opens_on": self.opens_on.isoformat(),
            "invited": self.invited,
            "answered": self.answered,
            "rate": self.rate,
        }

    @classmethod
    def from_dict(cls, data: Json) -> "WaveResponse":
        return cls(
            data["wave"],
            data["kind"],
            date.fromisoformat(data["opens_on"]),
            data["invited"],
            data["answered"],
            data["rate"],
        )


@dataclass(frozen=True)
class Change:
    """First against last answer per person: the change, and the means at both ends."""

    change: Metric | None
    before: float | None
    after: float | None
    mde: str

    def to_dict(self) -> Json:
        return {
            "change": metric_out(self.change),
            "before": self.before,
            "after": self.after,
            "mde": self.mde,
        }

    @classmethod
    def from_dict(cls, data: Json) -> "Change":
        return cls(metric_in(data["change"]), data["before"], data["after"], data["mde"])


@dataclass(frozen=True)
class PsychSafety:
    score: Metric | None
    flagged_pairs: int
    wave: str | None = None
    favourable: float | None = None
    band: str | None = None

    def to_dict(self) -> Json:
        data: Json = {"score": metric_out(self.score)}
        if self.favourable is not None or self.band is not None:
            data |= {"favourable": self.favourable, "band": self.band}
        data["flagged_pairs"] = self.flagged_pairs
        if self.wave is not None:
            data["wave"] = self.wave
        return data

    @classmethod
    def from_dict(cls, data: Json) -> "PsychSafety":
        return cls(
            metric_in(data["score"]),
            data["flagged_pairs"],
            data.get("wave"),
            data.get("favourable"),
            data.get("band"),
        )


@dataclass(frozen=True)
class MentorEffectiveness:
    score: Metric | None
    enps: Metric | None

    def to_dict(self) -> Json:
        return {"score": metric_out(self.score), "enps": metric_out(self.enps)}

    @classmethod
    def from_dict(cls, data: Json) -> "MentorEffectiveness":
        return cls(metric_in(data["score"]), metric_in(data["enps"]))


@dataclass(frozen=True)
class Skill:
    competency: str
    change: Metric | None
    attained: Metric | None
    calibration_gap: float | None

    def to_dict(self) -> Json:
        return {
            "competency": self.competency,
            "change": metric_out(self.change),
            "attained": metric_out(self.attained),
            "calibration_gap": self.calibration_gap,
        }

    @classmethod
    def from_dict(cls, data: Json) -> "Skill":
        return cls(
            data["competency"],
            metric_in(data["change"]),
            metric_in(data["attained"]),
            data["calibration_gap"],
        )


@dataclass(frozen=True)
class SkillsOverall:
    change: Metric | None
    before: float | None
    after: float | None
    people: int
    ratings: int

    def to_dict(self) -> Json:
        return {
            "change": metric_out(self.change),
            "before": self.before,
            "after": self.after,
            "people": self.people,
            "ratings": self.ratings,
        }

    @classmethod
    def from_dict(cls, data: Json) -> "SkillsOverall":
        return cls(
            metric_in(data["change"]),
            data["before"],
            data["after"],
            data["people"],
            data["ratings"],
        )


def hidden(cell: Cell) -> Cell:
    """A hidden cell as every format shows it: no count, no pairs, no share."""
    if cell.shown:
        return cell
    return Cell(cell.tag, cell.column, None, None, False, None)


def _cell_in(data: Json) -> Cell:
    return hidden(
        Cell(
            data["tag"],
            data["column"],
            data.get("count"),
            data.get("pairs"),
            bool(data["shown"]),
            data.get("share"),
        )
    )


def _cell_out(cell: Cell) -> Json:
    return {
        "tag": cell.tag,
        "column": cell.column,
        "count": cell.count,
        "pairs": cell.pairs,
        "shown": cell.shown,
        "share": cell.share,
    }


@dataclass(frozen=True)
class Topics:
    by_month: list[Cell] = field(default_factory=list)
    by_department: list[Cell] = field(default_factory=list)
    emerging: list[Emerging] = field(default_factory=list)
    mentions: int = 0  # in shown cells only: the total of all would give the hidden ones' sum

    def to_dict(self) -> Json:
        return {
            "by_month": [_cell_out(c) for c in self.by_month],
            "by_department": [_cell_out(c) for c in self.by_department],
            "emerging": [
                {
                    "tag": e.tag,
                    "recent": e.recent,
                    "previous": e.previous,
                    "ratio": e.ratio,
                    "p_value": e.p_value,
                }
                for e in self.emerging
            ],
            "mentions": self.mentions,
        }

    @classmethod
    def from_dict(cls, data: Json | None) -> "Topics":
        """Hidden cells lose their counts on the way in, whatever a stored result holds."""
        data = data or {}
        return cls(
            [_cell_in(c) for c in data.get("by_month") or []],
            [_cell_in(c) for c in data.get("by_department") or []],
            [
                Emerging(e["tag"], e["recent"], e["previous"], e["ratio"], e["p_value"])
                for e in data.get("emerging") or []
            ],
            int(data.get("mentions") or 0),
        )


@dataclass(frozen=True)
class ReleaseCandidate:
    measure: str
    groups: dict[str, list[str]]  # per set of answers, the ledger's tokens for them


@dataclass(frozen=True)
class ReleaseUnit:
    """Figures that go out together or not at all (the release ledger decides at read time):
    the paths of the figures in the stored result, and per measure the answers behind them."""

    paths: list[Path]
    candidates: list[ReleaseCandidate]

    def to_dict(self) -> Json:
        return {
            "paths": [list(p) for p in self.paths],
            "candidates": [{"measure": c.measure, "groups": c.groups} for c in self.candidates],
        }

    @classmethod
    def from_dict(cls, data: Json) -> "ReleaseUnit":
        return cls(
            [list(p) for p in data["paths"]],
            [ReleaseCandidate(c["measure"], dict(c["groups"])) for c in data["candidates"]],
        )

    def under(self, *prefix: str | int) -> "ReleaseUnit":
        """The same unit with its paths made absolute from `prefix`."""
        return ReleaseUnit([[*prefix, *p] for p in self.paths], self.candidates)


def release_unit(paths: list[Path], **sets: dict[str, list[str]]) -> ReleaseUnit:
    return ReleaseUnit(paths, [ReleaseCandidate(m, groups) for m, groups in sets.items()])


@dataclass(frozen=True)
class CohortInfo:
    id: str
    name: str
    start: date
    end: date


SIDES = (("mentor", "Junior mentors"), ("mentee", "Senior mentees"))


@dataclass(frozen=True)
class CohortResults:
    """Every section of one cohort's results."""

    cohort: CohortInfo
    today: date
    rhythm: Rhythm
    responses: list[WaveResponse]
    retention: dict[str, Retention]  # per side that has started pairs: "mentor", "mentee"
    engagement: Change
    psych_safety: PsychSafety
    pulse_change: Change
    mentor_effectiveness: MentorEffectiveness
    skills: list[Skill]
    skills_overall: SkillsOverall
    topics: Topics
    release: list[ReleaseUnit] = field(default_factory=list)  # stripped before anyone sees it

    def to_dict(self, *, public: bool = False) -> Json:
        """The stored layout (with its version), or with `public` what the API gives out:
        no matched ids, no release working data, no version."""
        data: Json = {} if public else {"version": RESULTS_VERSION}
        data |= {
            "cohort": {
                "id": self.cohort.id,
                "name": self.cohort.name,
                "start": self.cohort.start.isoformat(),
                "end": self.cohort.end.isoformat(),
            },
            "today": self.today.isoformat(),
            "rhythm": self.rhythm.to_dict(),
            "responses": [w.to_dict() for w in self.responses],
            "retention": {s: r.to_dict(public=public) for s, r in self.retention.items()},
            "engagement": self.engagement.to_dict(),
            "psych_safety": self.psych_safety.to_dict(),
            "pulse_change": self.pulse_change.to_dict(),
            "mentor_effectiveness": self.mentor_effectiveness.to_dict(),
            "skills": [s.to_dict() for s in self.skills],
            "skills_overall": self.skills_overall.to_dict(),
            "topics": self.topics.to_dict(),
        }
        if not public:
            data["_release"] = [u.to_dict() for u in self.release]
        return data

    @classmethod
    def from_dict(cls, data: Json) -> "CohortResults":
        """Raises Unreadable for a result stored by another version."""
        check_version(data)
        cohort = data["cohort"]
        return cls(
            CohortInfo(
                cohort["id"],
                cohort["name"],
                date.fromisoformat(cohort["start"]),
                date.fromisoformat(cohort["end"]),
            ),
            date.fromisoformat(data["today"]),
            Rhythm.from_dict(data["rhythm"]),
            [WaveResponse.from_dict(w) for w in data["responses"]],
            {side: Retention.from_dict(r) for side, r in data["retention"].items()},
            Change.from_dict(data["engagement"]),
            PsychSafety.from_dict(data["psych_safety"]),
            Change.from_dict(data["pulse_change"]),
            MentorEffectiveness.from_dict(data["mentor_effectiveness"]),
            [Skill.from_dict(s) for s in data["skills"]],
            SkillsOverall.from_dict(data["skills_overall"]),
            Topics.from_dict(data["topics"]),
            [ReleaseUnit.from_dict(u) for u in data.get("_release") or []],
        )


@dataclass(frozen=True)
class PooledRetention:
    """One side's matched comparisons of every cohort, stacked."""

    difference: Metric | None
    stratified: Metric | None
    promotion: Promotion
    horizon_days: int
    counts: Arms[Share]
    comparisons: Arms[int]
    not_yet_followed: Arms[int]
    curves: Arms[list[CurvePoint]]
    cohorts: int
    logrank_p: float | None

    def to_dict(self) -> Json:
        return {
            "difference": metric_out(self.difference),
            "stratified": metric_out(self.stratified),
            "promotion": self.promotion.to_dict(),
            "horizon_days": self.horizon_days,
            "counts": _shares_out(self.counts),
            "comparisons": _ints_out(self.comparisons),
            "not_yet_followed": _ints_out(self.not_yet_followed),
            "curves": _curves_out(self.curves),
            "cohorts": self.cohorts,
            "logrank_p": self.logrank_p,
        }

    @classmethod
    def from_dict(cls, data: Json) -> "PooledRetention":
        return cls(
            metric_in(data["difference"]),
            metric_in(data["stratified"]),
            Promotion.from_dict(data["promotion"]),
            data["horizon_days"],
            _shares_in(data["counts"]),
            _ints_in(data["comparisons"]),
            _ints_in(data["not_yet_followed"]),
            _curves_in(data["curves"]),
            data["cohorts"],
            data["logrank_p"],
        )

    @property
    def shown(self) -> bool:
        """Whether retention or promotion has a figure to show."""
        return any(
            m is not None and m.value is not None
            for m in (self.difference, self.promotion.difference)
        )


@dataclass(frozen=True)
class ProgramResults:
    today: date
    pooled: dict[str, PooledRetention]  # per side
    topics: Topics

    def to_dict(self) -> Json:
        return {
            "version": RESULTS_VERSION,
            "today": self.today.isoformat(),
            "pooled": {side: p.to_dict() for side, p in self.pooled.items()},
            "topics": self.topics.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Json) -> "ProgramResults":
        check_version(data)
        return cls(
            date.fromisoformat(data["today"]),
            {side: PooledRetention.from_dict(p) for side, p in data["pooled"].items()},
            Topics.from_dict(data["topics"]),
        )
