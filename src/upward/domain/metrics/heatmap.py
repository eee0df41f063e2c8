"""The topic heat map: how often each tag comes up, by month, and which topics are emerging.

A cell needs at least 3 distinct pairs (6 people) to be shown (MEASUREMENT.md P6). A hidden cell
carries no count, no number of pairs and no share, in any format; shares are of the shown
mentions in a column, so a hidden count cannot be worked out from them either. The two views
(by month, by group) count the same mentions, so a tag with hidden cells in one view and none in
the other also hides its smallest cell in the other view: otherwise the tag's total from the
complete view, minus the shown cells of the other, would give the hidden count. A topic is
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
    count: int | None  # None when hidden: a hidden cell carries no count
    pairs: int | None  # None when hidden
    shown: bool
    share: float | None  # of the shown mentions in the column, when shown


Key = tuple[str, str]
Tally = tuple[dict[Key, int], dict[Key, set[Hashable]]]


def _tally(mentions: Sequence[Mention], by: str) -> Tally:
    counts: dict[Key, int] = defaultdict(int)
    pairs: dict[Key, set[Hashable]] = defaultdict(set)
    for mention in mentions:
        column = mention.day.strftime("%Y-%m") if by == "month" else mention.group
        counts[(mention.tag, column)] += 1
        pairs[(mention.tag, column)].add(mention.pair)
    return dict(counts), dict(pairs)


def _cells(tally: Tally, shown: set[Key]) -> list[Cell]:
    counts, pairs = tally
    totals: dict[str, int] = defaultdict(int)  # shown mentions per column
    for key in shown:
        totals[key[1]] += counts[key]
    result = []
    for key in sorted(counts):
        tag, column = key
        if key in shown:
            result.append(
                Cell(tag, column, counts[key], len(pairs[key]), True, counts[key] / totals[column])
            )
        else:
            result.append(Cell(tag, column, None, None, False, None))
    return result


def _first_shown(tally: Tally) -> set[Key]:
    return {key for key, found in tally[1].items() if len(found) >= MIN_PAIRS}


def cells(mentions: Sequence[Mention], by: str = "month") -> list[Cell]:
    """Counts per (tag, month) or (tag, group), cells under 3 pairs hidden (one view alone)."""
    tally = _tally(mentions, by)
    return _cells(tally, _first_shown(tally))


def views(mentions: Sequence[Mention]) -> tuple[list[Cell], list[Cell]]:
    """Both views (by month, by group), cells under 3 pairs hidden, and the complementary
    hiding across the two: when a tag's cells are all shown in one view, its total is known,
    so the hidden cells of the other view add up to that total minus their shown siblings. If
    those hidden cells together come from fewer than 3 pairs, the smallest of the tag's cells
    in the complete view is hidden too."""
    tallies = (_tally(mentions, "month"), _tally(mentions, "group"))
    shown = [_first_shown(tallies[0]), _first_shown(tallies[1])]
    for tag in sorted({m.tag for m in mentions}):
        keys = [[key for key in tally[0] if key[0] == tag] for tally in tallies]
        hidden = [[key for key in keys[i] if key not in shown[i]] for i in (0, 1)]
        for this, other in ((0, 1), (1, 0)):
            if not hidden[this] or hidden[other]:
                continue
            pairs: set[Hashable] = set().union(*(tallies[this][1][key] for key in hidden[this]))
            if len(pairs) < MIN_PAIRS:
                counts = tallies[other][0]
                smallest = min(keys[other], key=lambda key: (counts[key], key[1]))
                shown[other].discard(smallest)
                hidden[other].append(smallest)
    return _cells(tallies[0], shown[0]), _cells(tallies[1], shown[1])


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
