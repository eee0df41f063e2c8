"""The one record every metric returns, the tiers by sample size and the MDE sentence."""

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from functools import lru_cache
from typing import Any


class Status(StrEnum):
    OK = "ok"
    LOW_N = "low_n"  # shown, labelled exploratory (5-9), or without tests the tier withholds
    INSUFFICIENT = "insufficient"  # not enough paired data to compute
    SUPPRESSED = "suppressed"  # fewer than 5 people: a privacy floor, counts only
    NO_EVENTS = "no_events"  # a survival comparison with no events to compare
    # Held back by the release rules: with a figure released before, it would isolate fewer
    # than 5 people's answers (domain/surveys/release.py).
    WITHHELD = "withheld"


class Tier(StrEnum):
    PRIVACY = "privacy"  # n < 5: invite counts only
    EXPLORATORY = "exploratory"  # 5-9: descriptive, CI, effect size; no p-values
    EXACT = "exact"  # 10-29: plus exact tests and the MDE sentence
    FULL = "full"  # 30+: plus t tests, KM + log-rank, regression


PRIVACY_FLOOR = 5
# Means of confidential answers are released to one decimal: at full precision, two figures
# over groups one person apart subtract to that person's answer exactly.
CONFIDENTIAL_PLACES = 1


def rounded_mean(value: float | None, places: int = CONFIDENTIAL_PLACES) -> float | None:
    return None if value is None else round(value, places)


def tier(n: int) -> Tier:
    if n < PRIVACY_FLOOR:
        return Tier.PRIVACY
    if n < 10:
        return Tier.EXPLORATORY
    if n < 30:
        return Tier.EXACT
    return Tier.FULL


@dataclass(frozen=True)
class Metric:
    value: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    n_eff: int
    method: str
    status: Status
    note: str = ""
    p_value: float | None = None
    test: str = ""

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["status"] = self.status.value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Metric":
        """The record as `as_dict` stored it."""
        return cls(
            value=_number(data["value"]),
            ci_low=_number(data["ci_low"]),
            ci_high=_number(data["ci_high"]),
            n=int(data["n"]),
            n_eff=int(data["n_eff"]),
            method=str(data["method"]),
            status=Status(data["status"]),
            note=str(data.get("note") or ""),
            p_value=_number(data.get("p_value")),
            test=str(data.get("test") or ""),
        )

    @classmethod
    def suppressed(cls, n: int, method: str) -> "Metric":
        return cls(
            None,
            None,
            None,
            n,
            n,
            method,
            Status.SUPPRESSED,
            f"Fewer than {PRIVACY_FLOOR} people ({n}): not shown, to protect them.",
        )

    def rounded(self, places: int = CONFIDENTIAL_PLACES) -> "Metric":
        """The figure, its interval and nothing else rounded: a confidential mean as released."""
        return replace(
            self,
            value=rounded_mean(self.value, places),
            ci_low=rounded_mean(self.ci_low, places),
            ci_high=rounded_mean(self.ci_high, places),
        )

    @classmethod
    def insufficient(cls, n: int, method: str, why: str) -> "Metric":
        return cls(None, None, None, n, n, method, Status.INSUFFICIENT, why)


def _number(value: Any) -> float | None:
    """As stored: JSON keeps 2 and 2.0 apart, and so do the exports."""
    if value is None or isinstance(value, int | float):
        return value
    return float(str(value))


@lru_cache(maxsize=256)
def mde_dz(n: int, alpha: float = 0.05, power: float = 0.8) -> float:
    """The smallest standardised paired change (d_z) detectable with this n."""
    from statsmodels.stats.power import TTestPower

    return float(TTestPower().solve_power(nobs=n, alpha=alpha, power=power))


def mde_sentence(n: int, unit: str = "pairs") -> str:
    if n < 2:
        return f"With n = {n} {unit} no change can be detected."
    return (
        f"With n = {n} {unit} this analysis can only detect a change of at least "
        f"{mde_dz(n):.2f} SD (d_z). Smaller real effects usually look like 'no difference'."
    )
