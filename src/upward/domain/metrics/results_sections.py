"""The sections of one cohort's results besides retention: rhythm, survey responses, survey
changes, skills and topics. Pure Python: never import Django here.
"""

from dataclasses import dataclass, field
from datetime import date

from upward.domain.metrics.heatmap import Cell, Emerging
from upward.domain.metrics.record import Metric
from upward.domain.metrics.results_format import Json, metric_in, metric_out


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
