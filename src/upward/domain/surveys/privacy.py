"""Which aggregates of confidential answers may be shown (MEASUREMENT.md section 4).

Groups are sets of respondents (any hashable token: a response id, never a name). A figure is
shown only when its group has at least k respondents, and shown figures never differ by 1..k-1
people, either pairwise (a parent and a child, two overlapping filters) or through a partition
(the total minus the shown siblings). Hiding more is always safe, so the rules hide greedily,
smallest group first, until nothing can be derived.
"""

import hashlib
from collections.abc import Hashable, Iterable, Mapping, Sequence
from itertools import combinations

K_DEFAULT = 5
K_MIN = 3  # a hard floor: below three, a "group" is a person and their partner
K_MAX = 10


class PrivacyError(ValueError):
    pass


def validate_k(k: int) -> int:
    if isinstance(k, bool) or not isinstance(k, int) or not K_MIN <= k <= K_MAX:
        raise PrivacyError(
            f"The minimum group size must be a whole number from {K_MIN} to {K_MAX} (got {k!r})."
        )
    return k


Groups = Mapping[Hashable, frozenset[Hashable]]
Partition = tuple[Hashable, Sequence[Hashable]]  # a parent group and children that split it


def _order(groups: Groups, keys: Iterable[Hashable]) -> list[Hashable]:
    return sorted(keys, key=lambda key: (len(groups[key]), repr(key)))


def _partition_leak(groups: Groups, shown: set[Hashable], partition: Partition, k: int) -> bool:
    """True when the parent minus its shown children leaves 1..k-1 people exposed."""
    parent, children = partition
    if parent not in shown:
        return False
    covered: set[Hashable] = set()
    for child in children:
        if child in shown:
            covered |= groups[child]
    return 0 < len(groups[parent] - covered) < k


def _pair_leak(groups: Groups, shown: set[Hashable], k: int) -> Hashable | None:
    """The group to hide next for the pairwise rule, if any pair of shown figures leaks."""
    for a, b in combinations(_order(groups, shown), 2):
        for x, y in ((a, b), (b, a)):
            if 0 < len(groups[x] - groups[y]) < k:
                return a  # the smaller of the two (order is by size)
    return None


def visible_groups(groups: Groups, k: int, partitions: Sequence[Partition] = ()) -> set[Hashable]:
    """The keys of the groups whose figures may be shown."""
    validate_k(k)
    shown = {key for key, members in groups.items() if len(members) >= k}
    while True:
        leaking = next((p for p in partitions if _partition_leak(groups, shown, p, k)), None)
        if leaking is not None:
            parent, children = leaking
            shown_children = [child for child in children if child in shown]
            if not shown_children:  # the rest is the whole parent, which is >= k: unreachable
                shown.discard(parent)
            else:
                shown.discard(_order(groups, shown_children)[0])
            continue
        pair = _pair_leak(groups, shown, k)
        if pair is None:
            return shown
        shown.discard(pair)


def comments_visible(respondents: int, k: int) -> bool:
    return respondents >= validate_k(k)


def shuffled(texts: Iterable[str], salt: str) -> list[str]:
    """Comments in an order unrelated to when they were written (a keyed hash of the text)."""
    return sorted(texts, key=lambda text: hashlib.sha256(f"{salt}\x00{text}".encode()).digest())
