"""The pair workspace in Chromium: a mentee records goal progress on a phone; both see the
chart."""

import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import check_accessibility, sign_in
from upward.workspace.models import Session


def test_mentee_records_progress_on_a_phone_and_both_see_the_chart(
    page: Page, live_server, demo
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, "mentee")
    page.get_by_role("link", name="Your mentor is").click()
    expect(page.get_by_role("heading", name="Our goal")).to_be_visible()
    check_accessibility(page, "mentee-pair-phone")
    page.get_by_label("Where").first.fill("230")
    page.get_by_label("What moved it").fill("Second video went further")
    page.get_by_role("button", name="Record progress").click()
    expect(page.get_by_text("Progress recorded.")).to_be_visible()
    expect(page.locator("figure.goal-chart svg")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, "mentor")
    page.get_by_role("link", name="You're mentoring").click()
    expect(page.locator("figure.goal-chart figcaption")).to_contain_text("230")
    page.goto(f"{live_server.url}/prompts/")
    check_accessibility(page, "mentor-prompts")


def test_mentor_logs_a_session_with_tags_on_a_phone(page: Page, live_server, demo) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, "mentor")
    page.get_by_role("link", name="You're mentoring").click()
    session = (
        Session.objects.filter(
            pair__mentor__employee__account__username="mentor",
            status="planned",
            starts_at__gt=timezone.now(),
        )
        .order_by("starts_at")
        .first()
    )
    # Log the next planned session as if it had just happened: move it into the past first.
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now())
    page.goto(f"{live_server.url}/sessions/{session.public_id}/")
    check_accessibility(page, "mentor-session-log-phone")
    page.get_by_label("Held").check()
    page.get_by_label("Minutes").fill("50")
    page.get_by_label("AI tools").check()
    page.get_by_label("Other topics (comma-separated)").fill("prompt libraries")
    page.get_by_label("Notes for the two of you").fill("Try a prompt library for board papers.")
    page.get_by_role("button", name="Save the log").click()
    expect(page.get_by_text("Session logged.")).to_be_visible()
    session.refresh_from_db()
    assert session.status == "held"
    assert set(session.tags.values_list("name", flat=True)) == {"AI tools", "prompt libraries"}


def test_pair_checkpoints_and_the_concern_inbox_pass_accessibility_checks(
    page: Page, live_server, demo
) -> None:
    sign_in(page, live_server.url, "mentor")
    page.get_by_role("link", name="You're mentoring").click()
    pair_url = page.url
    for label, link in (
        ("milestone", re.compile(r"(Do|Open) the check")),
        ("concern", re.compile("Raise a concern")),
        ("close", re.compile("Closing session and memo")),
        ("insights", re.compile("^Insights$")),
        ("story", re.compile("Our success story")),
    ):
        page.goto(pair_url)
        page.get_by_role("link", name=link).first.click()
        check_accessibility(page, f"mentor-{label}")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, "lead")
    page.get_by_role("link", name="Concerns").click()
    expect(page.get_by_role("heading", name="Concerns from pairs")).to_be_visible()
    check_accessibility(page, "lead-concerns")
    for label, path in (("insights", "/insights/"), ("showcase", "/showcase/")):
        page.goto(live_server.url + path)
        check_accessibility(page, f"lead-{label}")
    expect(page.get_by_text("From a Friday report to a five-minute prompt")).to_be_visible()
