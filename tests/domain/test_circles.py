"""The circle engine: groups of 4-8 who can meet at the same time, mixing cohorts, grouped by
what they have in common, the same answer every time."""

from datetime import date

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from upward.domain import time_zones
from upward.domain.circles import Pool, Settings, suggest
from upward.domain.matching.model import Side

DAY = date(2026, 3, 3)  # a Tuesday, before Europe and America change their clocks
TOPICS = ("AI tools", "Short-form video", "Customer insight", "Data and analytics")
SKILLS = ("Prompting", "Video editing", "Dashboards")


def pool(people: list[tuple[str, str, set[str], set[str]]]) -> Pool:
    """(cohort, zone, topics, strong skills) per mentor."""
    n = len(people)
    interests = np.array([[t in p[2] for t in TOPICS] for p in people], dtype=bool)
    skills = np.array([[5 if s in p[3] else 2 for s in SKILLS] for p in people], dtype=float)
    interests, skills = interests.reshape(n, len(TOPICS)), skills.reshape(n, len(SKILLS))
    side = Side(
        keys=tuple(f"m{i:02d}" for i in range(n)),
        person_ids=tuple(str(i) for i in range(n)),
        levels=np.full(n, 2.0),
        departments=("x",) * n,
        utc_offsets=np.zeros(n),
        skills=skills,
        wants=np.zeros((n, len(SKILLS))),
        interests=interests,
        slots=np.zeros((n, 1), dtype=bool),
        underrepresented=np.zeros(n, dtype=bool),
        ancestors=((),) * n,
        capacity=np.ones(n, dtype=int),
        priority=np.zeros(n),
    )
    return Pool(
        side=side,
        cohorts=tuple(p[0] for p in people),
        zones=tuple(p[1] for p in people),
        topics=TOPICS,
        competencies=SKILLS,
    )


SETTINGS = Settings(day=DAY, shown_zone="Europe/London")


def everyone_meets(result, p: Pool) -> None:
    for circle in result.circles:
        for member in circle.members:
            window = time_zones.shared_window(DAY, p.zones[member], p.zones[circle.members[0]])
            assert window is not None
            assert window.start <= circle.window.start and circle.window.end <= window.end
        assert circle.window.minutes >= SETTINGS.meeting_minutes


def test_fewer_than_four_mentors_make_no_circle_and_are_told_why() -> None:
    p = pool([("Pilot", "Europe/London", set(), set())] * 3)
    result = suggest(p, SETTINGS)
    assert result.circles == ()
    assert set(result.left_out) == {0, 1, 2}
    assert "fewer than 4" in result.left_out[0]


def test_people_who_share_topics_are_grouped_together() -> None:
    video = [("Pilot", "Europe/London", {"Short-form video"}, {"Video editing"})] * 3 + [
        ("Cohort 2", "Europe/London", {"Short-form video"}, {"Video editing"})
    ] * 3
    data = [("Pilot", "Europe/London", {"Data and analytics"}, {"Dashboards"})] * 3 + [
        ("Cohort 2", "Europe/London", {"Data and analytics"}, {"Dashboards"})
    ] * 3
    p = pool(video + data)
    result = suggest(p, SETTINGS)
    groups = sorted(set(c.members) for c in result.circles)
    assert [set(range(6)), set(range(6, 12))] == sorted(groups, key=min)
    video_circle = next(c for c in result.circles if 0 in c.members)
    assert video_circle.topics == ("Short-form video",)
    assert video_circle.skills == ("Video editing",)
    assert video_circle.cohorts == ("Cohort 2", "Pilot")
    assert "6 mentors from 2 cohorts (Cohort 2 and Pilot)" in video_circle.reason
    assert "Topics to swap notes on: Short-form video." in video_circle.reason
    assert "Several are strong in Video editing." in video_circle.reason
    assert video_circle.name == "Short-form video circle"


def test_circles_mix_cohorts_when_the_topics_are_equal() -> None:
    p = pool(
        [("Pilot", "Europe/London", {"AI tools"}, set())] * 4
        + [("Cohort 2", "Europe/London", {"AI tools"}, set())] * 4
    )
    result = suggest(p, SETTINGS)
    assert len(result.circles) == 1 or all(len(c.cohorts) == 2 for c in result.circles)


def test_nobody_is_grouped_with_people_whose_working_day_never_meets_theirs() -> None:
    london = [("Pilot", "Europe/London", {"AI tools"}, set())] * 5
    sydney = [("Cohort 2", "Australia/Sydney", {"AI tools"}, set())] * 5
    p = pool(london + sydney)
    result = suggest(p, SETTINGS)
    assert sorted(c.members for c in result.circles) == [(0, 1, 2, 3, 4), (5, 6, 7, 8, 9)]
    everyone_meets(result, p)


def test_the_hours_everyone_shares_are_said_in_the_readers_time_zone() -> None:
    p = pool(
        [("Pilot", "Europe/London", set(), set())] * 2
        + [("Cohort 2", "America/New_York", set(), set())] * 2
    )
    result = suggest(p, SETTINGS)
    (circle,) = result.circles
    # London 08:00-19:00 GMT, New York 08:00-19:00 EST (13:00-24:00 GMT): 13:00-19:00.
    assert "between 13:00 and 19:00 London time (GMT): 6 hours a day to meet" in circle.reason
    assert "They share no listed topic" in circle.reason


def test_someone_nobody_can_meet_is_left_out_with_the_reason() -> None:
    p = pool(
        [("Pilot", "Europe/London", {"AI tools"}, set())] * 4
        + [("Cohort 2", "Pacific/Auckland", {"AI tools"}, set())]
    )
    result = suggest(p, SETTINGS)
    assert [c.members for c in result.circles] == [(0, 1, 2, 3)]
    assert "working hours" in result.left_out[4]


def test_no_circle_has_more_than_eight_members() -> None:
    p = pool([("Pilot" if i % 2 else "Cohort 2", "Europe/Paris", set(), set()) for i in range(17)])
    result = suggest(p, SETTINGS)
    assert all(4 <= len(c.members) <= 8 for c in result.circles)
    assert sum(len(c.members) for c in result.circles) == 17


ZONES = ("Europe/London", "Europe/Berlin", "America/New_York", "Asia/Singapore", "Asia/Kolkata")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(("Pilot", "Cohort 2", "Cohort 3")),
            st.sampled_from(ZONES),
            st.sets(st.sampled_from(TOPICS)),
            st.sets(st.sampled_from(SKILLS)),
        ),
        min_size=0,
        max_size=30,
    )
)
def test_every_circle_keeps_the_rules_and_everyone_is_placed_or_told_why(people) -> None:
    p = pool(people)
    result = suggest(p, SETTINGS)
    placed = [m for c in result.circles for m in c.members]
    assert len(placed) == len(set(placed))  # nobody in two circles
    assert set(placed) | set(result.left_out) == set(range(len(people)))
    assert not set(placed) & set(result.left_out)
    assert all(SETTINGS.min_size <= len(c.members) <= SETTINGS.max_size for c in result.circles)
    everyone_meets(result, p)
    assert suggest(p, SETTINGS) == result  # the same input, the same circles
