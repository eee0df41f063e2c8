"""Sessions: the plan, calendar invites and the feed (parsed by vobject, an independent
iCalendar parser), and the session log with its private notes."""

from datetime import timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import vobject
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from tests.conftest import World
from upward.workspace.models import Session, Tag


def plan(world: World, first_day: str, at: str = "10:00", zone: str = "Europe/Berlin"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return world.client("mentor").post(
            reverse("workspace:schedule", args=[world.pair.public_id]),
            {"first_day": first_day, "at": at, "zone": zone},
            follow=True,
        )


def calendar_of(message) -> vobject.base.Component:
    [body] = [b for b, kind in message.alternatives if kind.startswith("text/calendar; method=")]
    return vobject.readOne(body)


def future_day(world: World, days: int = 2) -> str:
    return str(timezone.localdate() + timedelta(days=days))


def test_planning_sends_each_member_a_parseable_invitation(world: World) -> None:
    response = plan(world, future_day(world))
    sessions = list(world.pair.sessions.order_by("starts_at"))
    assert b"Planned" in response.content and sessions
    assert sessions[0].agenda == "first" and sessions[-1].agenda == "closing"
    # One email per member for the whole plan, every session in its calendar part.
    first = [m for m in mail.outbox if "Invitation" in m.subject]
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(
        [world.pair.mentor.employee.email, world.pair.mentee.employee.email]
    )
    assert f"{len(sessions)} reverse mentoring sessions" in first[0].subject
    parsed = calendar_of(first[0])
    assert len(parsed.vevent_list) == len(sessions)
    assert parsed.method.value == "REQUEST"
    event = parsed.vevent
    assert event.uid.value.startswith(str(sessions[0].public_id))
    assert event.sequence.value == "0"
    assert {a.value for a in event.attendee_list} >= {f"mailto:{world.pair.mentor.employee.email}"}
    assert event.attendee.params["RSVP"] == ["TRUE"]
    assert "pairs/" in event.description.value and "Reverse mentoring" in event.summary.value
    assert first[0].attachments[0][0] == "sessions.ics"


def test_a_berlin_session_keeps_its_local_time_across_the_dst_change(world: World) -> None:
    # Over 400 days, whatever the day the suite runs on, the schedule crosses a change of clocks.
    world.cohort.end_date = timezone.localdate() + timedelta(days=400)
    world.cohort.save(update_fields=["end_date"])
    plan(world, future_day(world))
    berlin = ZoneInfo("Europe/Berlin")
    local_hours = {s.starts_at.astimezone(berlin).hour for s in world.pair.sessions.all()}
    assert local_hours == {10}
    offsets = {s.starts_at.astimezone(berlin).utcoffset() for s in world.pair.sessions.all()}
    assert len(offsets) == 2  # winter and summer time both occur
    # Each member's invite is written in their own time zone, with its VTIMEZONE, and keeps
    # the same instant.
    message = mail.outbox[0]
    member_zone = world.pair.mentor.employee.time_zone
    parsed = calendar_of(message)
    assert parsed.vtimezone.tzid.value == member_zone
    session = world.pair.sessions.order_by("starts_at").first()
    assert parsed.vevent.dtstart.value == session.starts_at


def test_a_reschedule_keeps_the_uid_and_raises_the_sequence(world: World) -> None:
    plan(world, future_day(world))
    session = world.pair.sessions.order_by("starts_at").first()
    mail.outbox.clear()
    new_time = (timezone.localdate() + timedelta(days=3)).isoformat() + "T15:30"
    with TestCase.captureOnCommitCallbacks(execute=True):
        world.client("mentee").post(
            reverse("workspace:reschedule", args=[session.public_id]),
            {"starts_at": new_time, "zone": "Europe/London"},
        )
    update = calendar_of(mail.outbox[0]).vevent
    assert update.uid.value.startswith(str(session.public_id))
    assert update.sequence.value == "1"
    assert update.dtstart.value.astimezone(ZoneInfo("Europe/London")).hour in {15}


def test_a_cancellation_sends_method_cancel_and_cannot_be_moved_after(world: World) -> None:
    plan(world, future_day(world))
    session = world.pair.sessions.order_by("starts_at").first()
    mail.outbox.clear()
    cancel = reverse("workspace:cancel", args=[session.public_id])
    unconfirmed = world.client("mentor").post(cancel, follow=True)
    assert b"Tick the box to confirm" in unconfirmed.content
    session.refresh_from_db()
    assert session.status == "planned" and not mail.outbox  # nothing happens unconfirmed
    with TestCase.captureOnCommitCallbacks(execute=True):
        world.client("mentor").post(cancel, {"confirm": "yes"})
    parsed = calendar_of(mail.outbox[0])
    assert parsed.method.value == "CANCEL"
    assert parsed.vevent.status.value == "CANCELLED" and parsed.vevent.sequence.value == "1"
    moved = world.client("mentor").post(
        reverse("workspace:reschedule", args=[session.public_id]),
        {"starts_at": "2030-01-01T10:00", "zone": "UTC"},
        follow=True,
    )
    assert b"cancelled session can&#x27;t be moved" in moved.content


def test_the_private_feed_lists_my_sessions_and_can_be_revoked(world: World) -> None:
    plan(world, future_day(world))
    client = world.client("mentee")
    client.post(reverse("workspace:calendar_renew"))
    page = client.get(reverse("me")).content.decode()
    link = page.split('<code class="feed">')[1].split("</code>")[0]
    token = link.rsplit("/", 1)[1].removesuffix(".ics")
    feed = Client().get(reverse("workspace:calendar_feed", args=[token]))
    parsed = vobject.readOne(feed.content.decode())
    assert len(parsed.vevent_list) == world.pair.sessions.count()
    assert feed.headers["Cache-Control"] == "private, no-store"
    client.post(reverse("workspace:calendar_renew"))  # a new link revokes the old one
    assert Client().get(reverse("workspace:calendar_feed", args=[token])).status_code == 404


def past_session(world: World) -> Session:
    return Session.objects.create(pair=world.pair, starts_at=timezone.now() - timedelta(days=1))


def test_a_member_logs_a_session_with_tags_and_private_notes(world: World) -> None:
    Tag.objects.create(name="AI tools", curated=True)
    session = past_session(world)
    response = world.client("mentor").post(
        reverse("workspace:session", args=[session.public_id]),
        {
            "status": "held",
            "minutes": "55",
            "tags": ["AI tools"],
            "new_tags": "prompting, ai tools",
            "notes": "She wants to try a custom GPT for board prep.",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == "held" and session.held_minutes == 55
    assert sorted(session.tags.values_list("name", flat=True)) == ["AI tools", "prompting"]
    for role in ("lead", "site_admin"):  # notes stay in the pair
        assert (
            world.client(role)
            .get(reverse("workspace:session", args=[session.public_id]))
            .status_code
            == 403
        )
        pair_page = (
            world.client(role).get(reverse("workspace:pair", args=[world.pair.public_id])).content
        )
        assert b"custom GPT" not in pair_page


def test_bad_session_logs_are_refused_and_nothing_changes(world: World) -> None:
    future = Session.objects.create(pair=world.pair, starts_at=timezone.now() + timedelta(days=2))
    held_early = world.client("mentor").post(
        reverse("workspace:session", args=[future.public_id]), {"status": "held", "minutes": "60"}
    )
    assert held_early.status_code == 400 and b"hasn&#x27;t started yet" in held_early.content
    session = past_session(world)
    for minutes, tags, message in (
        ("-5", "", b"between 1 and 480"),
        ("60", "x" * 500, b"at most 40 characters"),
    ):
        response = world.client("mentor").post(
            reverse("workspace:session", args=[session.public_id]),
            {"status": "held", "minutes": minutes, "new_tags": tags},
        )
        assert response.status_code == 400 and message in response.content
    session.refresh_from_db()
    assert session.status == "planned" and not session.tags.exists()


def test_a_first_session_outside_the_cohort_is_refused(world: World) -> None:
    response = plan(world, "2035-01-01")
    assert b"falls inside the cohort" in response.content
    assert not world.pair.sessions.exists() and not mail.outbox


def test_the_lead_merges_a_free_tag_into_the_vocabulary(world: World) -> None:
    curated = Tag.objects.create(name="AI tools", curated=True)
    free = Tag.objects.create(name="genai")
    world.client("lead").post(reverse("workspace:tags"), {"merge": free.pk, "into": curated.pk})
    free.refresh_from_db()
    assert free.merged_into == curated
    session = past_session(world)
    world.client("mentee").post(
        reverse("workspace:session", args=[session.public_id]),
        {"status": "held", "minutes": "30", "new_tags": "genai"},
    )
    assert list(session.tags.values_list("name", flat=True)) == ["AI tools"]


def test_the_api_gives_private_notes_to_the_pair_only(world: World) -> None:
    session = past_session(world)
    logged = world.client("mentor").post(
        f"/api/v1/workspace/sessions/{session.public_id}/log",
        {"status": "held", "minutes": 40, "notes": "Budget worries", "tags": ["AI tools"]},
        content_type="application/json",
    )
    assert logged.status_code == 200 and logged.json()["private_notes"] == "Budget worries"
    for role, expected in (("mentee", "Budget worries"), ("lead", None), ("site_admin", None)):
        rows = world.client(role).get(f"/api/v1/workspace/pairs/{world.pair.public_id}/sessions")
        assert rows.status_code == 200
        assert rows.json()["items"][0]["private_notes"] == expected
    future = Session.objects.create(pair=world.pair, starts_at=timezone.now() + timedelta(days=3))
    bad = world.client("mentor").post(
        f"/api/v1/workspace/sessions/{future.public_id}/log",
        {"status": "held", "minutes": 40},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "hasn't started yet" in bad.json()["detail"]


def test_a_pair_can_choose_its_own_rhythm(world: World) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        world.client("mentee").post(
            reverse("workspace:schedule", args=[world.pair.public_id]),
            {"first_day": future_day(world), "at": "09:00", "zone": "UTC", "every": "14"},
        )
    starts = list(world.pair.sessions.order_by("starts_at").values_list("starts_at", flat=True))
    assert len(starts) >= 2 and all(b - a == timedelta(days=14) for a, b in pairwise(starts))
