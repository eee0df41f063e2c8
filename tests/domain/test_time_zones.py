"""Time zones in plain words, and the hours two members of a pair can both meet."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from upward.domain import time_zones
from upward.domain.sessions import Member, odd_hours, overlap_hint

SINGAPORE, LONDON = ZoneInfo("Asia/Singapore"), ZoneInfo("Europe/London")


def at(day: date, clock: str, zone: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=ZoneInfo(zone))


def test_a_session_time_names_the_day_the_clock_and_the_zone() -> None:
    moment = at(date(2026, 12, 1), "09:00", "Asia/Singapore")
    assert time_zones.when(moment, "Asia/Singapore") == "Tue 1 Dec, 09:00 Singapore time (UTC+8)"
    assert time_zones.when(moment, "Europe/London") == "Tue 1 Dec, 01:00 London time (GMT)"
    assert time_zones.when(moment, "America/New_York").endswith("New York time (EST)")
    assert time_zones.when(moment, "Asia/Kolkata").endswith("06:30 Kolkata time (IST)")
    assert time_zones.abbreviation(moment, "Asia/Kathmandu") == "UTC+5:45"
    assert time_zones.when(moment, "UTC") == "Tue 1 Dec, 01:00 UTC"


def test_a_typed_zone_resolves_to_its_iana_name_or_is_refused_with_a_hint() -> None:
    assert time_zones.resolve("Europe/London") == "Europe/London"
    assert time_zones.resolve(" asia/singapore ") == "Asia/Singapore"
    assert time_zones.resolve("London") == "Europe/London"
    assert time_zones.resolve("new york") == "America/New_York"
    with pytest.raises(time_zones.UnknownZone, match="Did you mean Europe/London"):
        time_zones.resolve("Londn")
    with pytest.raises(time_zones.UnknownZone, match="“Mars/Olympus”"):
        time_zones.resolve("Mars/Olympus")
    with pytest.raises(time_zones.UnknownZone, match="Choose a time zone"):
        time_zones.resolve("")


def test_the_picker_lists_common_zones_first_and_then_every_zone() -> None:
    (common_label, common), (all_label, every) = time_zones.zone_choices()
    assert (common_label, all_label) == ("Common", "All time zones")
    assert common[0] == ("Europe/London", "London (Europe/London)")
    assert ("Asia/Singapore", "Singapore (Asia/Singapore)") in common
    assert len(every) > 400 and ("Pacific/Auckland", "Auckland (Pacific/Auckland)") in every
    assert not any(z.startswith(("posix/", "right/")) or z == "localtime" for z, _ in every)


def test_a_meeting_counts_as_inside_the_day_only_if_it_ends_by_19_00() -> None:
    day = date(2026, 12, 1)
    assert not time_zones.outside_day(at(day, "08:00", "Europe/London"), 60, "Europe/London")
    assert not time_zones.outside_day(at(day, "18:00", "Europe/London"), 60, "Europe/London")
    assert time_zones.outside_day(at(day, "18:30", "Europe/London"), 60, "Europe/London")
    assert time_zones.outside_day(at(day, "07:59", "Europe/London"), 30, "Europe/London")
    # 09:00 in Singapore is 01:00 in London.
    assert time_zones.outside_day(at(day, "09:00", "Asia/Singapore"), 60, "Europe/London")


def test_london_and_singapore_share_the_singapore_evening() -> None:
    window = time_zones.shared_window(date(2026, 12, 1), "Asia/Singapore", "Europe/London")
    assert window is not None
    assert window.start.astimezone(SINGAPORE).time() == time(16, 0)
    assert window.end.astimezone(SINGAPORE).time() == time(19, 0)
    assert window.start.astimezone(LONDON).time() == time(8, 0)
    assert window.minutes == 180


def test_the_overlap_can_fall_on_the_partners_previous_day() -> None:
    # Singapore's morning is Los Angeles' previous afternoon.
    window = time_zones.shared_window(date(2026, 12, 1), "Asia/Singapore", "America/Los_Angeles")
    assert window is not None
    assert window.start.astimezone(SINGAPORE) == at(date(2026, 12, 1), "08:00", "Asia/Singapore")
    los_angeles = window.end.astimezone(ZoneInfo("America/Los_Angeles"))
    assert (los_angeles.date(), los_angeles.time()) == (date(2026, 11, 30), time(19, 0))


def test_zones_thirteen_hours_apart_have_no_shared_working_hours() -> None:
    # New York (UTC-5) and Manila (UTC+8): one's 19:00 is the other's 08:00, nothing in between.
    assert time_zones.shared_window(date(2026, 12, 1), "America/New_York", "Asia/Manila") is None
    # London in winter and Auckland in summer (UTC+13) likewise.
    assert time_zones.shared_window(date(2026, 12, 1), "Europe/London", "Pacific/Auckland") is None
    assert time_zones.shared_window(date(2026, 12, 1), "UTC", "UTC") is not None


def test_the_overlap_follows_each_zones_own_dst_change() -> None:
    # New York moves its clocks on 8 March 2026, London only on 29 March: for three weeks
    # they are four hours apart, not five.
    before = time_zones.shared_window(date(2026, 3, 6), "Europe/London", "America/New_York")
    between = time_zones.shared_window(date(2026, 3, 10), "Europe/London", "America/New_York")
    after = time_zones.shared_window(date(2026, 3, 31), "Europe/London", "America/New_York")
    assert before and between and after
    assert [w.start.astimezone(LONDON).time() for w in (before, between, after)] == [
        time(13, 0),
        time(12, 0),
        time(13, 0),
    ]
    assert {w.end.astimezone(LONDON).time() for w in (before, between, after)} == {time(19, 0)}


def test_on_the_day_the_clocks_change_the_window_is_still_08_00_to_19_00_local() -> None:
    # 29 March 2026: Berlin goes from UTC+1 to UTC+2 at 02:00.
    window = time_zones.shared_window(date(2026, 3, 29), "Europe/Berlin", "Europe/Berlin")
    assert window is not None
    berlin = ZoneInfo("Europe/Berlin")
    assert window.start.astimezone(berlin).time() == time(8, 0)
    assert window.start.astimezone(UTC).time() == time(6, 0)
    assert window.minutes == 11 * 60


def test_a_slot_at_night_for_the_partner_is_named_with_their_time_and_city() -> None:
    me, sam = Member("you", "Asia/Singapore"), Member("Sam", "Europe/London")
    nine = at(date(2026, 12, 1), "09:00", "Asia/Singapore")
    assert odd_hours(nine, 60, me, sam) == (
        "That's 01:00 for Sam in London, outside their 08:00 to 19:00 day."
    )
    assert odd_hours(at(date(2026, 12, 1), "17:00", "Asia/Singapore"), 60, me, sam) is None
    early = at(date(2026, 12, 1), "06:00", "Asia/Singapore")
    assert odd_hours(early, 60, me, sam) == (
        "That's 06:00 for you and 22:00 on Mon 30 Nov for Sam in London: "
        "outside 08:00 to 19:00 for both of you."
    )
    assert overlap_hint(date(2026, 12, 1), 60, me, sam) == (
        "Times that suit you both (08:00 to 19:00 for each of you): 16:00 to 19:00 your time, "
        "which is 08:00 to 11:00 for Sam in London."
    )
    far = Member("Ana", "Asia/Manila")
    assert "don't overlap" in overlap_hint(
        date(2026, 12, 1), 60, Member("you", "America/New_York"), far
    )
