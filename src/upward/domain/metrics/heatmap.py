"""The topic heat map: how often each tag comes up, by month, and which topics are emerging.

A cell needs at least 3 distinct pairs (6 people) to be shown (MEASUREMENT.md P6). A topic is
"emerging" when, comparing the last 90 days (r) with the 90 before (p), all hold:
(c_r + 1/2) / (c_p + 1/2) * (N_p / N_r) >= 2, c_r >= 5, at least 3 pairs, and a binomial test
of c_r out of c_r + c_p against N_r / (N_r + N_p) gives p < .05.
"""

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

MIN_PAIRS = 3
WINDOW_DAYS = 90


@dataclass(frozen=True)
class Mention:
    tag: str
    day: date
    pair: Hashable
    group: str = ""  # e.g. a department, for the second view


@dataclass(frozen=True)
class Cell:
    tag: str
    column: str
    count: int
    pairs: int
    shown: bool
    share: float | None  # of all mentions in the column, when shown


def cells(mentions: Sequence[Mention], by: str = "month") -> list[Cell]:
    """Counts per (tag, month) or (tag, group), cells under 3 pairs suppressed."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    pairs: dict[tuple[str, str], set[Hashable]] = defaultdict(set)
    totals: dict[str, int] = defaultdict(int)
    for mention in mentions:
        column = mention.day.strftime("%Y-%m") if by == "month" else mention.group
        counts[(mention.tag, column)] += 1
        pairs[(mention.tag, column)].add(mention.pair)
        totals[column] += 1
    result = []
    for (tag, column), count in sorted(counts.items()):
        shown = len(pairs[(tag, column)]) >= MIN_PAIRS
        result.append(
            Cell(
                tag,
                column,
                count,
                len(pairs[(tag, column)]),
                shown,
                count / totals[column] if shown else None,
            )
        )
    return result


@dataclass(frozen=True)
class Emerging:
    tag: str
    recent: int
    previous: int
    ratio: float
    p_value: float


def emerging(mentions: Sequence[Mention], today: date) -> list[Emerging]:
    from scipy.stats import binomtest

    recent_start = today - timedelta(days=WINDOW_DAYS)
    previous_start = recent_start - timedelta(days=WINDOW_DAYS)
    recent = [m for m in mentions if recent_start < m.day <= today]
    previous = [m for m in mentions if previous_start < m.day <= recent_start]
    n_r, n_p = len(recent), len(previous)
    if not n_r or not n_p:
        return []
    found = []
    for tag in sorted({m.tag for m in recent}):
        c_r = sum(1 for m in recent if m.tag == tag)
        c_p = sum(1 for m in previous if m.tag == tag)
        distinct = len({m.pair for m in recent if m.tag == tag})
        ratio = (c_r + 0.5) / (c_p + 0.5) * (n_p / n_r)
        if ratio < 2 or c_r < 5 or distinct < MIN_PAIRS:
            continue
        p = float(binomtest(c_r, c_r + c_p, n_r / (n_r + n_p), alternative="greater").pvalue)
        if p < 0.05:
            found.append(Emerging(tag, c_r, c_p, ratio, p))
    return found
