"""Release rules for confidential aggregates across pages, exports, the API and time (issue 17).

A released figure is an aggregate (a mean, a share) of one measure over a set of respondents.
Two released figures of the same measure, over sets S and R, subtract: n_S x mean_S minus
n_R x mean_R is the total of the people in S - R minus that of the people in R - S. When either
difference holds 1 to 4 people, their answers are exposed (the close wave's n = 18 against the
impact page's n = 17 gave one person's engagement score). So a figure over S is released only
if, for every figure of the same measure released before, on any page, export or API read and
at any time, over a set R, both |S - R| and |R - S| are 0 or at least k = 5.

The caller keeps the ledger of what was released (per population and measure); the rules here
decide, for a candidate release, which of its figures may go out. Hiding more is always safe,
so the rules hide greedily, smallest group first.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from upward.domain.surveys.privacy import Partition

RELEASE_K = 5
WITHHELD = "Withheld: it would let someone work out fewer than 5 people's answers."

Members = frozenset[Hashable]


def differ_safely(a: Members, b: Members, k: int = RELEASE_K) -> bool:
    """True when neither set differs from the other by 1 to k - 1 people."""
    return all(d == 0 or d >= k for d in (len(a - b), len(b - a)))


def safe_against(candidate: Members, released: Sequence[Members], k: int = RELEASE_K) -> bool:
    return all(differ_safely(candidate, other, k) for other in released)


@dataclass(frozen=True)
class Candidate:
    """Figures of one measure a view would show: each group's members, which of them pass the
    view's own rules (k, complementary suppression), and how the groups split one another."""

    measure: str
    groups: Mapping[Hashable, Members]
    shown: frozenset[Hashable]
    partitions: tuple[Partition, ...] = ()
    # All or nothing: figures that give one another away (a before, an after and the change
    # between them) go out together or not at all.
    together: bool = False


def derivable(
    groups: Mapping[Hashable, Members], shown: set[Hashable], partitions: Sequence[Partition]
) -> dict[Hashable, Members]:
    """The groups whose figure is known from the shown ones: the shown groups, and a group of
    a partition (a parent and the children that split it) once all its other members are
    known, since the parent's total is the sum of its children's."""
    known = {key: groups[key] for key in shown}
    changed = True
    while changed:
        changed = False
        for parent, children in partitions:
            unknown = [key for key in (parent, *children) if key not in known]
            if len(unknown) == 1:
                known[unknown[0]] = groups[unknown[0]]
                changed = True
    return known


def _order(groups: Mapping[Hashable, Members], keys: Sequence[Hashable]) -> list[Hashable]:
    return sorted(keys, key=lambda key: (len(groups[key]), repr(key)))


def _culprit(known: Mapping[Hashable, Members], released: Sequence[Members], k: int) -> Hashable:
    """The group to stop first: one that differs from a released figure by 1..k-1 people, or
    the smaller of two figures of this release that do."""
    order = _order(known, list(known))
    for key in order:
        if not safe_against(known[key], released, k):
            return key
    for a, b in combinations(order, 2):
        if not differ_safely(known[a], known[b], k):
            return a
    return None


def releasable(
    candidate: Candidate, released: Sequence[Members], k: int = RELEASE_K
) -> frozenset[Hashable]:
    """The groups of the candidate that may be shown, given the sets released before."""
    shown = set(candidate.shown)
    while shown:
        known = derivable(candidate.groups, shown, candidate.partitions)
        culprit = _culprit(known, released, k)
        if culprit is None:
            break
        if candidate.together:
            return frozenset()
        if culprit in shown:
            shown.discard(culprit)
            continue
        # Known only through a partition: hide a shown group that gives it away, one that
        # clashes with the record itself first, else the smallest.
        partners = [
            key
            for parent, children in candidate.partitions
            if culprit in (parent, *children)
            for key in (parent, *children)
            if key in shown
        ]
        shown.discard(
            min(
                _order(candidate.groups, partners),
                key=lambda key: safe_against(candidate.groups[key], released, k),
            )
        )
    return frozenset(shown)


def released_sets(candidate: Candidate, shown: frozenset[Hashable]) -> list[Members]:
    """What a release of `shown` puts on the record: every set now known, derived ones too."""
    return list(derivable(candidate.groups, set(shown), candidate.partitions).values())
