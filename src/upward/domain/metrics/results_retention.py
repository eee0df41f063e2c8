"""Retention and promotion results: one cohort side against its matched controls, and every
cohort's comparisons pooled for the program. Pure Python: never import Django here.
"""

from dataclasses import dataclass
from datetime import date

from upward.domain.metrics.record import Metric
from upward.domain.metrics.results_format import (
    Arms,
    CurvePoint,
    Json,
    Share,
    curves_in,
    curves_out,
    ints_in,
    ints_out,
    metric_in,
    metric_out,
    shares_in,
    shares_out,
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
            "counts": shares_out(self.counts),
            "censored": ints_out(self.censored),
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
            shares_in(data["counts"]),
            ints_in(data["censored"]),
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
            "counts": shares_out(self.counts),
            "curves": curves_out(self.curves),
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
            shares_in(data["counts"]),
            curves_in(data["curves"]),
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
            "counts": shares_out(self.counts),
            "comparisons": ints_out(self.comparisons),
            "not_yet_followed": ints_out(self.not_yet_followed),
            "curves": curves_out(self.curves),
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
            shares_in(data["counts"]),
            ints_in(data["comparisons"]),
            ints_in(data["not_yet_followed"]),
            curves_in(data["curves"]),
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
