"""Members in Chromium, on a phone (390x844) and a desktop (1440x900): two members editing the
same session note merge instead of overwriting; a custom topic survives the partner's save; a
mentee's survey (skills included) is answered and shown back as answered; a Singapore member's
move lands at the hour they typed on the session page and in the calendar (.ics); a closure
proposed by one member is confirmed by the other and the lead sees the decision.

Every key page is saved under e2e/artifacts/members-<page>-<phone|desktop>.png; axe runs once
per page (at one of the two sizes) to keep the file fast."""

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import ARTIFACTS, check_accessibility, sign_in
from upward.programs.models import Pair
from upward.workspace.calendar import uid
from upward.workspace.models import Session

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
SINGAPORE = ZoneInfo("Asia/Singapore")
MENTOR_LINE = "Mentor: we tried a prompt library."
MENTEE_LINE = "Mentee: next time, board papers."

Member = Callable[..., Page]


@pytest.fixture
def member(browser: Browser, live_server) -> Iterator[Member]:
    """A signed-in person in a browser context of their own (own cookies), at a viewport and,
    like their laptop, in a time zone."""
    contexts = []

    def open_as(username: str, viewport: dict[str, int], zone: str = "UTC") -> Page:
        context = browser.new_context(bypass_csp=True, viewport=viewport, timezone_id=zone)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, live_server.url, username)
        return page

    yield open_as
    for context in contexts:
        context.close()


def view_of(page: Page) -> str:
    return "phone" if page.viewport_size == PHONE else "desktop"


def look(page: Page, label: str, *, axe: bool = False) -> None:
    """Save the page as it is now (and run axe when asked); a phone page never scrolls
    sideways."""
    view = view_of(page)
    if view == "phone":
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    if axe:
        check_accessibility(page, f"members-{label}-{view}")
    else:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"members-{label}-{view}.png"), full_page=True)


def look_at_both(page: Page, label: str) -> None:
    """axe at the current size, then a screenshot at the other one; back to where it was."""
    size = page.viewport_size
    look(page, label, axe=True)
    page.set_viewport_size(DESKTOP if size == PHONE else PHONE)
    look(page, label)
    page.set_viewport_size(size)


def demo_pair() -> Pair:
    return Pair.objects.select_related("mentor__employee", "mentee__employee").get(
        mentor__employee__account__username="mentor"
    )


# 1 and 2 -------------------------------------------------------------------------------------


def test_partners_merge_a_shared_note_and_keep_a_custom_topic(
    member: Member, live_server, demo
) -> None:
    pair = demo_pair()
    held = list(pair.sessions.filter(status=Session.Status.HELD).order_by("-starts_at")[:2])
    mentor = member("mentor", DESKTOP, "Asia/Singapore")
    mentee = member("mentee", PHONE, "Europe/London")
    merged = f"{MENTEE_LINE}\n\n{MENTOR_LINE}"  # the second writer's text, then the partner's lines
    # The latest held session with the mentor on a desktop and the mentee on a phone, the one
    # before it the other way round.
    for number, (session, topic) in enumerate(
        zip(held, ("prompt libraries", "board papers"), strict=True)
    ):
        if number:
            mentor.set_viewport_size(PHONE)
            mentee.set_viewport_size(DESKTOP)
        url = f"{live_server.url}/sessions/{session.public_id}/"
        mentor.goto(url)
        mentee.goto(url)  # both opened the same log, with the same (empty) note
        expect(mentee.get_by_label("Notes for the two of you")).to_have_value("")

        # The mentor adds a topic of their own and a line to the shared note, and saves first.
        mentor.get_by_label("Other topics (comma-separated)").fill(topic)
        mentor.get_by_label("Notes for the two of you").fill(MENTOR_LINE)
        mentor.get_by_role("button", name="Save the log").click()
        expect(mentor.get_by_text("Session logged.")).to_be_visible()

        # The mentee, still on the page opened before, adds their line and saves second:
        # refused with 409, nothing overwritten, both versions on show to merge.
        mentee.get_by_label("Notes for the two of you").fill(MENTEE_LINE)
        with mentee.expect_response(lambda r: r.request.method == "POST") as answer:
            mentee.get_by_role("button", name="Save the log").click()
        assert answer.value.status == 409
        expect(mentee.get_by_role("alert")).to_contain_text("Your partner saved the notes")
        expect(mentee.get_by_role("heading", name="Your partner's version")).to_be_visible()
        expect(mentee.locator(".conflict pre.memo")).to_have_text(MENTOR_LINE)
        merge_box = mentee.get_by_label(
            "Both versions merged: your text, then your partner's new lines. Check it, then save"
        )
        expect(merge_box).to_have_value(merged)  # nothing to retype, nothing of either lost
        session.refresh_from_db()
        assert session.private_notes == MENTOR_LINE
        look(mentee, "note-conflict", axe=not number)

        # The partner's new topic is ticked on the refused form: saving the merge keeps it.
        expect(mentee.get_by_label(topic, exact=True)).to_be_checked()
        mentee.get_by_role("button", name="Save the log").click()
        expect(mentee.get_by_text("Session logged.")).to_be_visible()
        session.refresh_from_db()
        assert MENTOR_LINE in session.private_notes and MENTEE_LINE in session.private_notes

        # Reopened by either, the custom topic is shown as chosen and the merged note is there;
        # each one's next save (the partner's second save) keeps the topic.
        for page in (mentor, mentee):
            page.goto(url)
            expect(page.get_by_label(topic, exact=True)).to_be_checked()
            expect(page.get_by_label("Notes for the two of you")).to_have_value(merged)
            page.get_by_role("button", name="Save the log").click()
            expect(page.get_by_text("Session logged.")).to_be_visible()
            assert topic in set(session.tags.values_list("name", flat=True))
        mentor.goto(url)
        expect(mentor.get_by_label(topic, exact=True)).to_be_checked()
        look(mentor, "session-log", axe=not number)


# 4 and 3 -------------------------------------------------------------------------------------


def ics_starts(ics: bytes) -> dict[str, datetime]:
    """UID -> the event's start, in UTC."""
    return {
        str(event["uid"]): event.decoded("dtstart").astimezone(UTC)
        for event in Calendar.from_ical(ics).walk("VEVENT")
    }


def answer_every_question(page: Page, comment: str) -> None:
    """A point on every scale (the fourth, or the last of a shorter one), a comment in every
    box; then wait for the autosave so no draft request races the submit."""
    scales = page.locator("form.survey fieldset.scale")
    for index in range(scales.count()):
        points = scales.nth(index).locator("label.point")
        points.nth(min(3, points.count() - 1)).click()
    boxes = page.locator("form.survey textarea")
    for index in range(boxes.count()):
        boxes.nth(index).fill(comment)
    expect(page.get_by_role("status").filter(has_text="Saved at")).to_be_visible()


def test_a_singapore_member_moves_a_session_and_a_mentee_answers_a_survey(
    member: Member, live_server, demo
) -> None:
    from upward.competencies.models import SkillRating
    from upward.notifications.models import OutboundEmail
    from upward.notifications.outbox import render
    from upward.people.models import Employee
    from upward.surveys import services as surveys
    from upward.surveys.models import Invitation, Wave

    pair = demo_pair()
    # The premise, set explicitly: the mentor works in Singapore, the mentee in London.
    Employee.objects.filter(pk=pair.mentor.employee_id).update(time_zone="Asia/Singapore")
    Employee.objects.filter(pk=pair.mentee.employee_id).update(time_zone="Europe/London")
    mentee_name = pair.mentee.employee.preferred_name or pair.mentee.employee.first_name
    planned = list(
        pair.sessions.filter(status=Session.Status.PLANNED, starts_at__gt=timezone.now()).order_by(
            "starts_at"
        )[:2]
    )

    # 4. The mentor moves the next two planned sessions to 09:00 Singapore time the next day,
    # first on a phone, then on a desktop.
    page = member("mentor", PHONE, "Asia/Singapore")
    for session, viewport in zip(planned, (PHONE, DESKTOP), strict=True):
        page.set_viewport_size(viewport)
        day = session.starts_at.astimezone(SINGAPORE).date() + timedelta(days=1)
        landed = datetime(day.year, day.month, day.day, 9, tzinfo=SINGAPORE).astimezone(UTC)
        assert (landed.hour, landed.minute) == (1, 0)
        shown = f"{day:%a} {day.day} {day:%b}, 09:00 Singapore time (UTC+8)"
        url = f"{live_server.url}/sessions/{session.public_id}/"
        page.goto(url)
        expect(page.locator("p.meta strong")).to_contain_text("Singapore time (UTC+8)")
        expect(page.get_by_label("in the time zone", exact=True)).to_have_value("Asia/Singapore")
        page.get_by_label("Move to").fill(f"{day:%Y-%m-%d}T09:00")
        page.get_by_role("button", name="Move", exact=True).click()
        # 09:00 in Singapore is 01:00 in London: a warning, the typed time kept, and the move
        # made only when confirmed.
        expect(page.locator("#move .notice.warning")).to_contain_text(
            f"That's 01:00 for {mentee_name} in London"
        )
        expect(page.get_by_label("Move to")).to_have_value(f"{day:%Y-%m-%d}T09:00")
        look(page, "move-warning", axe=viewport == PHONE)
        page.get_by_role("button", name="Move it anyway").click()
        expect(page.get_by_text("Moved; both calendars get the update.")).to_be_visible()
        session.refresh_from_db()
        assert session.starts_at == landed

        page.goto(url)
        expect(page.locator("p.meta strong")).to_have_text(shown)
        expect(page.locator("p.meta")).to_contain_text(f"01:00 for {mentee_name} in London")
        look(page, "session-moved", axe=viewport == DESKTOP)

        # The calendar email each member gets: its .ics has the event at 01:00 UTC.
        for who in (pair.mentor.employee, pair.mentee.employee):
            email = OutboundEmail.objects.filter(to=who.email, template="session_change").latest(
                "pk"
            )
            message = render(email)
            (name, ics, _mimetype), *_ = message.attachments
            assert name == "session.ics"
            assert ics_starts(ics)[uid(session)] == landed
            if who == pair.mentor.employee:
                assert shown in message.body  # the mentor's email names their own hour

    # The mentor's private calendar feed, fetched as a calendar app would.
    page.goto(f"{live_server.url}/me/")
    page.get_by_role("button", name="Get my calendar link").click()
    link = page.locator("code.feed").inner_text()
    look_at_both(page, "calendar-link")
    feed = page.request.get(link)
    assert feed.ok
    starts = ics_starts(feed.body())
    for session in planned:
        session.refresh_from_db()
        assert starts[uid(session)] == session.starts_at
        assert session.starts_at.astimezone(SINGAPORE).strftime("%H:%M") == "09:00"

    # 3. The Close survey (the demo mentee, on a phone) and the Baseline (a mentee who had not
    # answered it yet, on a desktop), skills included; afterwards "answered on <date>".
    close = pair.cohort.waves.get(kind="close")
    today = timezone.localdate()
    Wave.objects.filter(pk=close.pk).update(
        opens_on=today - timedelta(days=1), closes_on=today + timedelta(days=14)
    )
    surveys.open_wave(close)
    baseline = pair.cohort.waves.get(kind="baseline")
    Wave.objects.filter(pk=baseline.pk).update(
        state=Wave.State.OPEN, closes_on=today + timedelta(days=7)
    )
    waiting = (
        Invitation.objects.filter(wave=baseline, answered=False, participant__role="mentee")
        .select_related("participant__employee__account")
        .order_by("pk")
        .first()
    )
    for viewport, username, label, wave in (
        (PHONE, "mentee", "Close", close),
        (DESKTOP, waiting.participant.employee.account.username, "Baseline", baseline),
    ):
        page = member(username, viewport, "Europe/London")
        page.goto(f"{live_server.url}/surveys/")
        page.get_by_role("link", name=label, exact=True).click()
        expect(page.get_by_role("heading", name="Skills check")).to_be_visible()
        look(page, f"survey-{label.lower()}", axe=True)
        answer_every_question(page, "Short weekly demos kept me going.")
        survey_url = page.url
        page.get_by_role("button", name="Submit my answers").click()
        expect(page.get_by_text("Thank you. Your answers are in.")).to_be_visible()
        invitation = Invitation.objects.get(
            wave=wave, participant__employee__account__username=username
        )
        on = invitation.answered_on
        assert invitation.answered and on is not None

        page.goto(survey_url)  # shown back as answered, not as an empty form
        expect(
            page.get_by_text(f"You answered this survey on {on.day} {on:%B %Y}.")
        ).to_be_visible()
        expect(page.get_by_role("button", name="Submit my answers")).to_have_count(0)
        expect(page.locator("form.survey")).to_have_count(0)
        look(page, "survey-answered", axe=viewport == PHONE)
        page.goto(f"{live_server.url}/surveys/")
        row = page.get_by_role("row").filter(has_text=label)
        expect(row).to_contain_text(f"Answered on {on.day} {on:%b %Y}, thank you")
        expect(row.get_by_role("link")).to_have_count(0)
        # The skills section is stored as a self rating with no other rater.
        assert SkillRating.objects.filter(
            employee=invitation.participant.employee,
            cohort=pair.cohort,
            phase=label.lower(),
            rater_kind="self",
            rater=None,
        ).exists()


# 5 -------------------------------------------------------------------------------------------


def test_a_closure_proposed_by_one_and_confirmed_by_the_other_reaches_the_lead(
    member: Member, live_server, demo
) -> None:
    from upward.workspace.models import Closure

    pair = demo_pair()
    mentor_name = pair.mentor.employee.display_name
    mentee_name = pair.mentee.employee.display_name
    pair_url = f"{live_server.url}/pairs/{pair.public_id}/"

    # The mentor proposes on a phone, checks the proposal, then sends it.
    mentor = member("mentor", PHONE, "Asia/Singapore")
    mentor.get_by_role("link", name="You're mentoring").click()
    mentor.get_by_role("link", name="Closing session and memo").click()
    expect(mentor.get_by_role("heading", name="Closing session")).to_be_visible()
    look_at_both(mentor, "close-propose")
    mentor.get_by_label("Graduate:").check()
    mentor.get_by_label("Where the goal's number ended up (optional)").fill("240")
    mentor.get_by_label(f"What you learned from {mentee_name}").fill(
        "How a board paper is read: the first paragraph decides."
    )
    mentor.get_by_label("Next steps").fill("Keep the Friday prompt; share it with the team.")
    mentor.get_by_role("button", name="Check the proposal").click()
    expect(mentor.get_by_role("heading", name="Check your proposal")).to_be_visible()
    look_at_both(mentor, "close-review")
    mentor.get_by_role("button", name=f"Send to {mentee_name}").click()
    expect(mentor.get_by_text("Proposal sent.")).to_be_visible()
    expect(mentor.get_by_role("heading", name="Your proposal")).to_be_visible()
    pair.refresh_from_db()
    assert pair.state == Pair.State.ACTIVE  # nothing closes until the partner confirms

    # The mentee sees it on the pair page (desktop), writes their own reflection, confirms.
    mentee = member("mentee", DESKTOP, "Europe/London")
    mentee.get_by_role("link", name="Your mentor is").click()
    expect(mentee.locator(".closure-status")).to_contain_text("proposed to graduate")
    mentee.get_by_role("link", name="Confirm or decline").click()
    expect(mentee.get_by_role("heading", name=f"{mentor_name}'s proposal")).to_be_visible()
    expect(mentee.get_by_text("How a board paper is read")).to_be_visible()
    look_at_both(mentee, "close-confirm")
    mentee.get_by_label(f"What you learned from {mentor_name}").fill(
        "Short videos beat long posts for our customers."
    )
    mentee.get_by_role("button", name="Confirm", exact=True).click()
    expect(mentee.get_by_text("Confirmed. The closure memo is ready.")).to_be_visible()
    memo = mentee.locator("pre.memo")
    expect(memo).to_contain_text("How a board paper is read")
    expect(memo).to_contain_text("Short videos beat long posts")
    look_at_both(mentee, "close-memo")
    pair.refresh_from_db()
    assert pair.state == Pair.State.CLOSED

    # Both members see the pair as closed (the mentor on a desktop, the mentee on a phone).
    for page, viewport in ((mentor, DESKTOP), (mentee, PHONE)):
        page.set_viewport_size(viewport)
        page.goto(pair_url)
        expect(page.locator("h1 + p.meta .tag").first).to_have_text("Closed")
        expect(page.locator(".closure-status")).to_contain_text("Graduate confirmed on")
        look(page, "pair-closed", axe=viewport == DESKTOP)

    # The lead sees the decision and its dates, never the reflections, on the cohort page.
    closure = Closure.objects.get(pair=pair)
    proposed = f"{timezone.localdate(closure.proposed_at):%d %b %Y}"
    confirmed = f"{timezone.localdate(closure.answered_at):%d %b %Y}"
    lead = member("lead", DESKTOP)
    lead.goto(f"{live_server.url}/cohorts/{pair.cohort.public_id}/")
    pairs = lead.get_by_role("region", name="Pairs")
    for viewport in (DESKTOP, PHONE):
        lead.set_viewport_size(viewport)
        row = pairs.get_by_role("row").filter(has_text=mentor_name)
        expect(row).to_contain_text("Closed")
        expect(row).to_contain_text(f"Graduate confirmed on {confirmed} (proposed on {proposed})")
        expect(lead.locator("main")).not_to_contain_text("How a board paper is read")
        look(lead, "lead-cohort", axe=viewport == DESKTOP)
