"""Matched controls for a cohort's participants (MEASUREMENT.md 3.2).

Small cohorts: exact matching on department x level x tenure band, 1:k (k <= 4), coarsening
empty cells (department -> division, then adjacent tenure bands), and unmatched participants
reported, never dropped silently. From 30 participants: a propensity logit with 1:k nearest
neighbours inside a caliper of 0.2 SD of the logit, and a balance table (|SMD| < 0.1 wanted).
Each control takes its participant's index date.
"""

import random
import warnings
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import date
from math import sqrt
from statistics import mean, pvariance

MAX_K = 4
PROPENSITY_FROM = 30
CALIPER_SD = 0.2
BANDS = ("under 1 year", "1-3 years", "3-5 years", "5+ years")


@dataclass(frozen=True)
class Person:
    id: Hashable
    department: str
    division: str
    level: int
    hire_date: date
    exit_date: date | None = None


@dataclass(frozen=True)
class Treated:
    person: Person
    index_date: date


@dataclass(frozen=True)
class Balance:
    covariate: str
    treated_mean: float
    control_mean: float
    smd: float


@dataclass
class Matches:
    method: str
    controls: dict[Hashable, list[Hashable]] = field(default_factory=dict)
    index_dates: dict[Hashable, date] = field(default_factory=dict)  # control -> index date
    coarsened: dict[Hashable, str] = field(default_factory=dict)
    unmatched: list[Hashable] = field(default_factory=list)
    balance: list[Balance] = field(default_factory=list)

    @property
    def control_ids(self) -> list[Hashable]:
        return [c for group in self.controls.values() for c in group]


def tenure_years(person: Person, day: date) -> float:
    return max(0.0, (day - person.hire_date).days / 365.25)


def band(person: Person, day: date) -> int:
    years = tenure_years(person, day)
    return 0 if years < 1 else 1 if years < 3 else 2 if years < 5 else 3


def active_on(person: Person, day: date) -> bool:
    return person.hire_date <= day and (person.exit_date is None or person.exit_date > day)


LEVELS = (
    ("exact: department, level, tenure band", lambda t, c, d: t.department == c.department, 0),
    ("coarsened: division instead of department", lambda t, c, d: t.division == c.division, 0),
    (
        "coarsened: division and an adjacent tenure band",
        lambda t, c, d: t.division == c.division,
        1,
    ),
)


def _id_order(value: Hashable) -> tuple[int, int, str]:
    """Ties broken by id in its natural order: numbers as numbers (as text, 10 sorts before 9,
    and two databases that number the same rows from different starts then disagree)."""
    if isinstance(value, int):
        return (0, value, "")
    return (1, 0, str(value))


def exact_match(
    treated: Sequence[Treated], pool: Sequence[Person], k: int = MAX_K, seed: int = 7
) -> Matches:
    if not 1 <= k <= MAX_K:
        raise ValueError(f"k is 1 to {MAX_K}.")
    # Reproducible sampling, not security.
    rng = random.Random(seed)  # noqa: S311  # nosec B311
    excluded = {t.person.id for t in treated}
    by_level: dict[int, list[Person]] = {}
    for candidate in pool:  # index once: each participant only scans their own level
        if candidate.id not in excluded:
            by_level.setdefault(candidate.level, []).append(candidate)
    used: set[Hashable] = set()
    result = Matches(
        method=f"Exact matching 1:{k} on department, level and tenure band, with coarsening"
    )
    for item in sorted(treated, key=lambda t: (t.index_date, _id_order(t.person.id))):
        person, day = item.person, item.index_date
        own_band = band(person, day)
        same_level = [
            c for c in by_level.get(person.level, []) if c.id not in used and active_on(c, day)
        ]
        chosen: list[Person] = []
        for label, same_unit, slack in LEVELS:
            candidates = [
                c
                for c in same_level
                if same_unit(person, c, day) and abs(band(c, day) - own_band) <= slack
            ]
            if candidates:
                chosen = rng.sample(candidates, min(k, len(candidates)))
                result.coarsened[person.id] = label
                break
        if not chosen:
            result.unmatched.append(person.id)
            continue
        result.controls[person.id] = [c.id for c in chosen]
        for control in chosen:
            used.add(control.id)
            result.index_dates[control.id] = day
    result.balance = balance(treated, pool, result)
    return result


def _covariates(person: Person, day: date, departments: Sequence[str]) -> list[float]:
    return [float(person.level), tenure_years(person, day)] + [
        1.0 if person.department == d else 0.0 for d in departments
    ]


def propensity_match(
    treated: Sequence[Treated], pool: Sequence[Person], k: int = 1, seed: int = 7
) -> Matches:
    """Logit of taking part on level, tenure and department; nearest neighbours in the caliper."""
    import numpy as np
    from statsmodels.discrete.discrete_model import Logit

    day = sorted(t.index_date for t in treated)[len(treated) // 2]
    excluded = {t.person.id for t in treated}
    controls = [c for c in pool if c.id not in excluded and active_on(c, day)]
    # Every department but one (the base); departments without participants predict "not".
    departments = sorted({p.department for p in (*[t.person for t in treated], *controls)})[1:]
    x = np.array(
        [_covariates(t.person, t.index_date, departments) for t in treated]
        + [_covariates(c, day, departments) for c in controls]
    )
    y = np.array([1] * len(treated) + [0] * len(controls))
    x = np.column_stack([np.ones(len(x)), x])
    # A small ridge keeps the fit finite when a department has no participants at all.
    with warnings.catch_warnings():  # the solver's QC notes are about trimming, which is off
        warnings.simplefilter("ignore")
        fit = Logit(y, x).fit_regularized(method="l1", alpha=1e-3, disp=False, trim_mode="off")
    logits = x @ fit.params
    caliper = CALIPER_SD * float(np.std(logits))
    result = Matches(method=f"Propensity matching 1:{k}, caliper {CALIPER_SD} SD of the logit")
    free = dict(zip([c.id for c in controls], logits[len(treated) :], strict=True))
    for index, item in enumerate(treated):
        target = logits[index]
        nearest = sorted(free.items(), key=lambda kv: (abs(kv[1] - target), _id_order(kv[0])))[:k]
        nearest = [(cid, value) for cid, value in nearest if abs(value - target) <= caliper]
        if not nearest:
            result.unmatched.append(item.person.id)
            continue
        result.controls[item.person.id] = [cid for cid, _ in nearest]
        result.coarsened[item.person.id] = "propensity"
        for cid, _ in nearest:
            del free[cid]
            result.index_dates[cid] = item.index_date
    result.balance = balance(treated, pool, result)
    return result


def match(treated: Sequence[Treated], pool: Sequence[Person], seed: int = 7) -> Matches:
    if len(treated) >= PROPENSITY_FROM:
        return propensity_match(treated, pool, k=2, seed=seed)
    return exact_match(treated, pool, seed=seed)


def _smd(a: Sequence[float], b: Sequence[float]) -> float:
    spread = sqrt((pvariance(a) + pvariance(b)) / 2) if len(a) > 1 and len(b) > 1 else 0.0
    return 0.0 if spread == 0 else (mean(a) - mean(b)) / spread


def balance(treated: Sequence[Treated], pool: Sequence[Person], matches: Matches) -> list[Balance]:
    by_id = {p.id: p for p in pool}
    matched = [t for t in treated if t.person.id in matches.controls]
    chosen = [(by_id[c], matches.index_dates[c]) for c in matches.control_ids if c in by_id]
    if not matched or not chosen:
        return []
    rows = []
    for name, measure in (
        ("Level", lambda p, d: float(p.level)),
        ("Tenure (years)", tenure_years),
    ):
        t_values = [measure(t.person, t.index_date) for t in matched]
        c_values = [measure(p, d) for p, d in chosen]
        rows.append(Balance(name, mean(t_values), mean(c_values), _smd(t_values, c_values)))
    for department in sorted({t.person.department for t in matched}):
        t_values = [1.0 if t.person.department == department else 0.0 for t in matched]
        c_values = [1.0 if p.department == department else 0.0 for p, _ in chosen]
        rows.append(
            Balance(f"In {department}", mean(t_values), mean(c_values), _smd(t_values, c_values))
        )
    return rows
