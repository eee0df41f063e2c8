"""The building blocks every stored impact result shares: the version it was stored with, the
JSON shapes, and the small figures (a share, a pair of arms, a point on a curve) that the
sections are made of. Pure Python: never import Django here.
"""

from dataclasses import dataclass
from typing import Any

from upward.domain.metrics.record import Metric

# Bump whenever a results record (here or in any results_* module) changes shape or meaning:
# older stored results are recomputed.
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


def shares_out(arms: Arms[Share]) -> Json:
    return {"participants": arms.participants.to_list(), "controls": arms.controls.to_list()}


def shares_in(data: Json) -> Arms[Share]:
    return Arms(Share(*data["participants"]), Share(*data["controls"]))


def ints_out(arms: Arms[int]) -> Json:
    return {"participants": arms.participants, "controls": arms.controls}


def ints_in(data: Json) -> Arms[int]:
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


def curves_out(curves: Arms[list[CurvePoint]]) -> Json:
    return {
        "participants": [p.to_dict() for p in curves.participants],
        "controls": [p.to_dict() for p in curves.controls],
    }


def curves_in(data: Json) -> Arms[list[CurvePoint]]:
    return Arms(
        [CurvePoint.from_dict(p) for p in data["participants"]],
        [CurvePoint.from_dict(p) for p in data["controls"]],
    )
