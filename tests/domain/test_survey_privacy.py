"""The suppression rules, over any data and any filter: no shown figure comes from fewer than k
people, and no two shown figures differ by 1..k-1 people (pairwise, or through a partition)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from upward.domain.surveys.privacy import (
    PrivacyError,
    comments_visible,
    shuffled,
    validate_k,
    visible_groups,
)
from upward.domain.surveys.release import Candidate, differ_safely, releasable, released_sets

people = st.lists(
    st.tuples(st.sampled_from(["mentor", "mentee"]), st.sampled_from(["Sales", "IT", "Ops"])),
    max_size=40,
)


def _groups(rows: list[tuple[str, str]], filters: list[tuple[str | None, str | None]]):
    groups = {"all": frozenset(range(len(rows)))}
    for side in ("mentor", "mentee"):
        groups[side] = frozenset(i for i, row in enumerate(rows) if row[0] == side)
    for dept in ("Sales", "IT", "Ops"):
        groups[dept] = frozenset(i for i, row in enumerate(rows) if row[1] == dept)
    for side, dept in filters:  # arbitrary extra filters a user could combine
        groups[f"{side}/{dept}"] = frozenset(
            i
            for i, row in enumerate(rows)
            if (side is None or row[0] == side) and (dept is None or row[1] == dept)
        )
    return groups


PARTITIONS = [("all", ["mentor", "mentee"]), ("all", ["Sales", "IT", "Ops"])]
filters = st.lists(
    st.tuples(
        st.sampled_from([None, "mentor", "mentee"]), st.sampled_from([None, "Sales", "IT", "Ops"])
    ),
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(rows=people, extra=filters, k=st.integers(3, 10))
def test_no_shown_figure_is_small_or_derivable(rows, extra, k) -> None:
    groups = _groups(rows, extra)
    shown = visible_groups(groups, k, PARTITIONS)
    for key in shown:
        assert len(groups[key]) >= k
    for a in shown:
        for b in shown:
            difference = len(groups[a] - groups[b])
            assert difference == 0 or difference >= k, (a, b)
    for parent, children in PARTITIONS:
        if parent in shown:
            covered = frozenset().union(*(groups[c] for c in children if c in shown))
            rest = len(groups[parent] - covered)
            assert rest == 0 or rest >= k


def test_a_hidden_sibling_takes_the_next_smallest_with_it() -> None:
    # 12 answered: 9 mentors and 3 mentees. Showing everyone and mentors would reveal the 3.
    groups = {
        "all": frozenset(range(12)),
        "mentor": frozenset(range(9)),
        "mentee": frozenset(range(9, 12)),
    }
    shown = visible_groups(groups, 5, [("all", ["mentor", "mentee"])])
    assert shown == {"all"}


def test_groups_at_k_are_shown_when_nothing_can_be_derived() -> None:
    groups = {
        "all": frozenset(range(10)),
        "mentor": frozenset(range(5)),
        "mentee": frozenset(range(5, 10)),
    }
    assert visible_groups(groups, 5, [("all", ["mentor", "mentee"])]) == {"all", "mentor", "mentee"}


def test_four_people_show_nothing() -> None:
    assert visible_groups({"all": frozenset(range(4))}, 5) == set()


@pytest.mark.parametrize("k", [2, 11, 0, -1, True, "5"])
def test_k_outside_three_to_ten_is_refused(k) -> None:
    with pytest.raises(PrivacyError, match="from 3 to 10"):
        validate_k(k)


def test_comments_need_k_respondents() -> None:
    assert not comments_visible(4, 5)
    assert comments_visible(5, 5)


def test_comment_order_does_not_follow_arrival() -> None:
    arrivals = [f"comment {i}" for i in range(20)]
    order = shuffled(arrivals, salt="wave-1")
    assert sorted(order) == sorted(arrivals)
    assert order != arrivals
    assert shuffled(list(reversed(arrivals)), salt="wave-1") == order  # arrival order is irrelevant


# --- Release rules across views and over time (domain/surveys/release.py) -----------------


def _people(start: int, stop: int) -> frozenset[int]:
    return frozenset(range(start, stop))


def test_two_figures_one_person_apart_are_not_both_released() -> None:
    close, after = _people(0, 18), _people(0, 17)  # issue 17: n = 18 against n = 17
    assert not differ_safely(close, after)
    assert differ_safely(close, close) and differ_safely(_people(0, 20), _people(0, 15))
    candidate = Candidate("engagement:score", {"after": after}, frozenset({"after"}))
    assert releasable(candidate, [close]) == frozenset()
    assert releasable(candidate, [_people(0, 22)]) == {"after"}  # five apart


def test_a_group_known_through_a_partition_counts_as_released() -> None:
    """Everyone = mentors + mentees: showing two of the three shows the third. With 17 of
    them released before, the 18 and the 9 mentees (the one outside among them) clash; hiding
    everyone rather than the mentors leaves the mentors shown on their own."""
    everyone, mentors, mentees = _people(0, 18), _people(0, 9), _people(9, 18)
    before = [everyone - {17}]
    candidate = Candidate(
        "engagement:score",
        {"all": everyone, "mentor": mentors, "mentee": mentees},
        frozenset({"all", "mentor", "mentee"}),
        (("all", ["mentor", "mentee"]),),
    )
    shown = releasable(candidate, before)
    assert shown == {"mentor"}
    assert released_sets(candidate, shown) == [mentors]
    assert released_sets(candidate, frozenset({"mentor", "mentee"}))[-1] == everyone


def test_figures_released_together_go_out_together_or_not_at_all() -> None:
    before, after = _people(0, 7), _people(100, 107)
    candidate = Candidate(
        "engagement:score",
        {"before": before, "after": after},
        frozenset({"before", "after"}),
        together=True,
    )
    assert releasable(candidate, [_people(100, 109)]) == frozenset()  # the after is 2 off
    assert releasable(candidate, [_people(0, 7)]) == {"before", "after"}
