"""Session times in each member's own time zone: what the pages show, what the forms take, the
invitations (parsed by vobject), and the warning when a slot is outside someone's day."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from tests.conftest import World
from tests.test_sessions import calendar_of
from upward.workspace.models import Session

SINGAPORE, LONDON = ZoneInfo("Asia/Singapore"), ZoneInfo("Europe/London")


def calendar_text(message) -> str:
    return next(b for b, kind in message.alternatives if kind.startswith("text/calendar"))


def singapore_mentor(world: World) -> tuple[str, str]:
    """The mentor works from Singapore, the mentee from London; their first names."""
    mentor, mentee = world.pair.mentor.employee, world.pair.mentee.employee
    mentor.time_zone, mentee.time_zone = "Asia/Singapore", "Europe/London"
    mentor.save(update_fields=["time_zone"])
    mentee.save(update_fields=["time_zone"])
    return mentor.first_name, mentee.first_name


def a_day(days: int = 9):
    return timezone.localdate() + timedelta(days=days)


def planned_session(world: World, start: datetime) -> Session:
    return Session.objects.create(pair=world.pair, starts_at=start)


def page(client: Client, url: str) -> str:
    return client.get(url).content.decode()


def move(client: Client, session: Session, data: dict[str, str]):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("workspace:reschedule", args=[session.public_id]), data)


def test_the_session_page_shows_my_time_in_my_zone_and_my_partners_beside_it(
    world: World,
) -> None:
    _, mentee = singapore_mentor(world)
    start = datetime.combine(a_day(), time(9, 0), tzinfo=SINGAPORE)
    session = planned_session(world, start)
    url = reverse("workspace:session", args=[session.public_id])
    mine = page(world.client("mentor"), url)
    day = f"{start:%a} {start.day} {start:%b}"
    assert f"{day}, 09:00 Singapore time (UTC+8)" in mine
    assert f"01:00 for {mentee} in London" in mine  # the partner's clock beside mine
    assert " UTC ·" not in mine
    # The move form starts at the session's time, in my zone, with my zone chosen.
    assert f'value="{start:%Y-%m-%dT%H:%M}"' in mine
    assert '<option value="Asia/Singapore" selected>' in mine


def test_a_singapore_mentor_moving_a_session_to_nine_gets_nine_singapore_time_in_both_calendars(
    world: World,
) -> None:
    _, mentee = singapore_mentor(world)
    session = planned_session(world, datetime.combine(a_day(), time(16, 0), tzinfo=SINGAPORE))
    client = world.client("mentor")
    new_day = a_day(10)
    # The form as the page fills it: only the time is typed; the zone is the mentor's own.
    form = {"starts_at": f"{new_day}T09:00", "zone": "Asia/Singapore"}
    warned = move(client, session, form)
    # 09:00 in Singapore is the middle of the night in London: shown back with a warning first.
    assert warned.status_code == 302 and warned.url.endswith("#move")
    shown = page(client, warned.url)
    assert f"That&#x27;s 01:00 for {mentee} in London, outside their 08:00 to 19:00 day." in shown
    assert "16:00 to 19:00 your time, which is 08:00 to 11:00 for" in shown
    assert 'value="' + f"{new_day}T09:00" + '"' in shown and "Move it anyway" in shown
    assert not mail.outbox
    checked = shown.split('name="checked" value="')[1].split('"')[0]
    moved = move(client, session, {**form, "checked": checked})
    assert moved.url == reverse("workspace:pair", args=[world.pair.public_id])
    nine = datetime.combine(new_day, time(9, 0), tzinfo=SINGAPORE)
    session.refresh_from_db()
    assert session.starts_at == nine
    invites = {m.to[0]: calendar_of(m).vevent for m in mail.outbox}
    assert len(invites) == 2
    for event in invites.values():
        assert event.dtstart.value == nine  # the same 09:00 Singapore time in both calendars
    mentor_ics = next(m for m in mail.outbox if m.to[0] == world.pair.mentor.employee.email)
    assert f"DTSTART;TZID=Asia/Singapore:{new_day:%Y%m%d}T090000" in calendar_text(mentor_ics)
    assert f"{nine:%a} {nine.day} {nine:%b}, 09:00 Singapore time (UTC+8)" in mentor_ics.subject
    assert "Singapore time (UTC+8)" in mentor_ics.body


def test_moving_without_a_zone_takes_the_time_in_my_own_zone(world: World) -> None:
    singapore_mentor(world)
    session = planned_session(world, datetime.combine(a_day(), time(16, 0), tzinfo=SINGAPORE))
    move(world.client("mentor"), session, {"starts_at": f"{a_day(3)}T17:00"})
    session.refresh_from_db()
    assert session.starts_at == datetime.combine(a_day(3), time(17, 0), tzinfo=SINGAPORE)


def test_a_refused_move_comes_back_with_what_was_typed(world: World) -> None:
    singapore_mentor(world)
    start = datetime.combine(a_day(), time(16, 0), tzinfo=SINGAPORE)
    session = planned_session(world, start)
    client = world.client("mentor")
    refused = move(client, session, {"starts_at": f"{a_day(4)}T10:30", "zone": "Londn"})
    shown = page(client, refused.url)
    assert "We don&#x27;t know the time zone “Londn”" in shown and "Europe/London" in shown
    assert f'value="{a_day(4)}T10:30"' in shown
    assert '<option value="Londn" selected>Londn (not a time zone we know)</option>' in shown
    no_time = move(client, session, {"starts_at": "next tuesday", "zone": "Asia/Singapore"})
    shown = page(client, no_time.url)
    assert "Give the new date and time." in shown and 'value="next tuesday"' in shown
    session.refresh_from_db()
    assert session.starts_at == start and session.sequence == 0 and not mail.outbox


def test_a_typed_city_is_taken_as_its_time_zone(world: World) -> None:
    session = planned_session(world, datetime.combine(a_day(), time(10, 0), tzinfo=LONDON))
    move(world.client("mentee"), session, {"starts_at": f"{a_day(2)}T11:00", "zone": "london"})
    session.refresh_from_db()
    assert session.starts_at == datetime.combine(a_day(2), time(11, 0), tzinfo=LONDON)


def test_a_session_in_the_night_for_the_mentee_is_flagged_on_the_session_page(
    world: World,
) -> None:
    mentor = world.pair.mentor.employee
    mentor.time_zone = "America/Los_Angeles"
    mentor.save(update_fields=["time_zone"])
    mentee = world.pair.mentee.employee.first_name
    start = datetime.combine(a_day(), time(3, 0), tzinfo=LONDON)
    session = planned_session(world, start)
    url = reverse("workspace:session", args=[session.public_id])
    for_mentee = page(world.client("mentee"), url)
    assert "That&#x27;s 03:00 for you and" in for_mentee and "for both of you" in for_mentee
    assert "Times that suit you both (08:00 to 19:00 for each of you): 16:00 to 19:00" in for_mentee
    for_mentor = page(world.client("mentor"), url)
    assert "outside 08:00 to 19:00 for both of you" in for_mentor
    assert f"for {mentee} in London" in for_mentor


def plan(client: Client, world: World, data: dict[str, str]):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("workspace:schedule", args=[world.pair.public_id]), data)


def test_the_planning_form_takes_the_time_in_my_own_zone(world: World) -> None:
    singapore_mentor(world)
    client = world.client("mentor")
    form = page(client, reverse("workspace:schedule", args=[world.pair.public_id]))
    assert '<option value="Asia/Singapore" selected>' in form and "js/time-zone.js" in form
    assert "Your own time zone unless you pick another." in form
    first_day = a_day(2)
    planned = plan(client, world, {"first_day": str(first_day), "at": "16:00", "every": "7"})
    assert planned.url == reverse("workspace:pair", args=[world.pair.public_id])
    first = world.pair.sessions.order_by("starts_at").first()
    assert first is not None
    assert first.starts_at == datetime.combine(first_day, time(16, 0), tzinfo=SINGAPORE)
    mentee_invite = next(m for m in mail.outbox if m.to[0] == world.pair.mentee.employee.email)
    assert calendar_of(mentee_invite).vevent.dtstart.value.astimezone(LONDON).hour in {8, 9}


def test_planning_at_night_for_the_partner_warns_and_plans_only_when_confirmed(
    world: World,
) -> None:
    _, mentee = singapore_mentor(world)
    client = world.client("mentor")
    form = {"first_day": str(a_day(2)), "at": "09:00", "zone": "Asia/Singapore", "every": "7"}
    warned = plan(client, world, form)
    assert warned.url.endswith("#warning")
    shown = page(client, warned.url)
    assert f"for {mentee} in London, outside their 08:00 to 19:00 day." in shown
    assert "16:00 to 19:00 your time" in shown and "Plan it anyway" in shown
    assert f'value="{a_day(2)}"' in shown and 'value="09:00"' in shown
    assert not world.pair.sessions.exists() and not mail.outbox
    checked = shown.split('name="checked" value="')[1].split('"')[0]
    plan(client, world, {**form, "checked": checked})
    first = world.pair.sessions.order_by("starts_at").first()
    assert first is not None
    assert first.starts_at == datetime.combine(a_day(2), time(9, 0), tzinfo=SINGAPORE)
    # A confirmation is for that exact time: another odd time is checked again.
    again = plan(client, world, {**form, "at": "08:00", "checked": checked})
    assert again.url.endswith("#warning")


def test_a_refused_plan_comes_back_with_what_was_typed(world: World) -> None:
    client = world.client("mentee")
    refused = plan(client, world, {"first_day": str(a_day(2)), "at": "11:15", "zone": "Mars"})
    shown = page(client, refused.url)
    assert "We don&#x27;t know the time zone “Mars”" in shown
    assert f'value="{a_day(2)}"' in shown and 'value="11:15"' in shown
    assert '<option value="Mars" selected>' in shown
    assert not world.pair.sessions.exists()
