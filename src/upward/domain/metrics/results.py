"""Impact results as typed records: what `domain/metrics` computes for a cohort and a program,
what the database stores (with its version) and what every reader gets back.

Stored as JSON in the same layout the results have always had, plus `version`. A stored result
of another version is never read into these records (`Unreadable`): it is recomputed instead,
so renaming a field cannot make a dashboard quietly show "no data".

Built from sibling modules, re-exported here so callers keep importing from this module:
`results_format` (version, JSON shapes, shares, arms, curves), `results_retention` (retention
and promotion, per cohort and pooled), `results_sections` (the other cohort sections) and
`results_release` (release units).
"""

from dataclasses import dataclass, field
from datetime import date

from upward.domain.metrics.results_format import (
    RESULTS_VERSION,
    Arms,
    CurvePoint,
    Json,
    Path,
    Share,
    Unreadable,
    check_version,
    metric_in,
    metric_out,
)
from upward.domain.metrics.results_release import ReleaseCandidate, ReleaseUnit, release_unit
from upward.domain.metrics.results_retention import (
    BalanceRow,
    Matching,
    PooledRetention,
    Promotion,
    Retention,
)
from upward.domain.metrics.results_sections import (
    Change,
    MentorEffectiveness,
    PsychSafety,
    Rhythm,
    Skill,
    SkillsOverall,
    Topics,
    WaveResponse,
    hidden,
)

__all__ = [
    "RESULTS_VERSION",
    "SIDES",
    "Arms",
    "BalanceRow",
    "Change",
    "CohortInfo",
    "CohortResults",
    "CurvePoint",
    "Json",
    "Matching",
    "MentorEffectiveness",
    "Path",
    "PooledRetention",
    "ProgramResults",
    "Promotion",
    "PsychSafety",
    "ReleaseCandidate",
    "ReleaseUnit",
    "Retention",
    "Rhythm",
    "Share",
    "Skill",
    "SkillsOverall",
    "Topics",
    "Unreadable",
    "WaveResponse",
    "check_version",
    "hidden",
    "metric_in",
    "metric_out",
    "release_unit",
]


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
