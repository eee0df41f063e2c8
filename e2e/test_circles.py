"""Mentor circles in Chromium, on a desktop (1440x900) and a phone (390x844): the lead asks for
suggestions and forms one; the demo `mentor` opens their circle from home, shares a note, plans
a session and downloads its .ics. Pages are saved under e2e/artifacts/circles-*.png."""

from pathlib import Path

from icalendar import Calendar
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import ARTIFACTS, check_accessibility, sign_in
from upward.circles.models import Circle, CircleNote, CircleSession

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
NOTE = "Asking my leader to redo one real email with the assistant beat any slide."


def _open_as(browser: Browser, base: str, username: str, viewport: dict[str, int]) -> Page:
    context = browser.new_context(bypass_csp=True, viewport=viewport, timezone_id="Asia/Singapore")
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base, username)
    return page


def _look(page: Page, label: str, *, axe: bool = False) -> None:
    if page.viewport_size == PHONE:
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    if axe:
        check_accessibility(page, f"circles-{label}")
    else:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"circles-{label}.png"), full_page=True)


def test_a_lead_forms_a_circle_and_a_member_uses_theirs(
    demo: list[object], browser: Browser, live_server
) -> None:
    lead = _open_as(browser, live_server.url, "lead", DESKTOP)
    lead.goto(f"{live_server.url}/programs/")
    lead.get_by_role("link", name="Digital Fluency Reverse Mentoring").first.click()
    lead.get_by_role("link", name="Circles").click()
    expect(lead.get_by_role("heading", name="Mentor circles")).to_be_visible()
    _look(lead, "program-desktop", axe=True)
    lead.get_by_role("link", name="Suggest circles").click()
    first = lead.locator("article.card").first
    expect(first.locator(".callout")).to_contain_text("Everyone is at work between")
    _look(lead, "suggestions-desktop", axe=True)
    name = first.locator("h2").inner_text()
    first.get_by_role("button", name="Form this circle").click()
    expect(lead.get_by_role("heading", name=f"Change {name}")).to_be_visible()
    _look(lead, "edit-desktop", axe=True)
    lead.get_by_role("button", name="Save changes").click()
    expect(lead.get_by_role("heading", name=name)).to_be_visible()
    assert Circle.objects.filter(name=name).exists()
    # The lead sees who and when, and is told the notes are not for them.
    expect(lead.get_by_text("You aren't a member of this circle")).to_be_visible()

    member = _open_as(browser, live_server.url, "mentor", PHONE)
    _look(member, "home-phone")
    member.locator("#my-circles").get_by_role("link").first.click()
    expect(
        member.get_by_text("Only the members of this circle can read these notes")
    ).to_be_visible()
    member.get_by_label("Share something that worked (or didn't)").fill(NOTE)
    member.get_by_role("button", name="Share with the circle").click()
    expect(member.get_by_text(NOTE)).to_be_visible()
    assert CircleNote.objects.filter(author__account__username="mentor").count() == 2
    _look(member, "circle-phone", axe=True)

    member.get_by_role("link", name="Plan a session").click()
    member.get_by_label("Date").fill("2027-01-12")
    member.get_by_label("At", exact=True).fill("15:00")
    member.get_by_label("Where").fill("https://meet.example/ai-circle")
    _look(member, "schedule-phone", axe=True)
    member.get_by_role("button", name="Plan the session").click()
    expect(member.get_by_text("Tue 12 Jan, 15:00 Singapore time (UTC+8)").first).to_be_visible()
    session = CircleSession.objects.get(place="https://meet.example/ai-circle")
    with member.expect_download() as download:
        member.get_by_role("link", name="Add to my calendar (.ics) for Tue 12 Jan").click()
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == session.starts_at
    assert str(event["location"]) == "https://meet.example/ai-circle"
    member.set_viewport_size(DESKTOP)
    _look(member, "circle-desktop")
    lead.set_viewport_size(PHONE)
    lead.reload()
    _look(lead, "lead-circle-phone")
    assert NOTE not in lead.content()
