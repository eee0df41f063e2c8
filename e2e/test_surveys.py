"""Surveys in Chromium: a mentor answers the partnership pulse with the keyboard alone; the lead
sees the flag it raises, without who said what, and pauses the pair."""

from playwright.sync_api import Page, expect

from e2e.conftest import check_accessibility, sign_in
from upward.flags.models import Flag
from upward.flags.services import check_pulses
from upward.programs.models import Pair


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching the CSS selector has focus."""
    for _ in range(limit):
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_mentor_answers_a_pulse_by_keyboard_and_the_lead_pauses_the_pair(
    page: Page, live_server, demo
) -> None:
    sign_in(page, live_server.url, "mentor")
    tab_to(page, "main a[href^='/surveys/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Partnership pulse")).to_be_visible()
    expect(page.get_by_text("no one sees your answers")).to_be_visible()
    check_accessibility(page, "mentor-pulse")

    tab_to(page, "input[name='pair_safety.disagree_safely']")
    page.keyboard.press("Space")  # 1: strongly disagree
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowLeft")  # wraps to 7 on the reverse-scored item
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.get_by_role("status").filter(has_text="Saved at")).to_be_visible()
    tab_to(page, "button[type='submit']")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Thank you. Your answers are in.")).to_be_visible()

    pair = Pair.objects.get(mentor__employee__account__username="mentor")
    check_pulses()  # the scheduler's daily batch
    assert Flag.objects.filter(pair=pair, reason="low_safety").exists()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, "lead")
    page.get_by_role("link", name="Flags", exact=True).click()
    card = (
        page.locator("article.flag")
        .filter(has_text=pair.mentor.employee.display_name)
        .filter(has_text="Low psychological safety")
    )
    expect(card).to_contain_text("A pause and a routine check-in are recommended")
    expect(card).not_to_contain_text("from the mentor")
    check_accessibility(page, "lead-flags")
    expect(card.get_by_label("Action")).to_have_value("pause")
    card.get_by_role("button", name="Record").click()
    expect(page.locator(".message.success")).to_have_text("Recorded.")
    pair.refresh_from_db()
    assert pair.state == Pair.State.PAUSED


def test_survey_pages_fit_a_phone_and_pass_accessibility_checks(
    page: Page, live_server, demo
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, "mentee")
    page.get_by_role("link", name="Answer the survey").click()
    expect(page.get_by_role("heading", name="Partnership pulse")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    check_accessibility(page, "mentee-pulse-phone")
    page.get_by_role("button", name="Sign out").click()

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, "lead")
    page.goto(f"{live_server.url}/programs/")
    page.get_by_role("link", name="Digital Fluency Reverse Mentoring").first.click()
    page.get_by_role("link", name="Cohort 2").first.click()
    page.get_by_role("link", name="Surveys").click()
    expect(page.locator("figure.rate-chart")).to_contain_text("Baseline")
    check_accessibility(page, "lead-survey-plan")
    page.get_by_role("link", name="Baseline").click()
    expect(page.get_by_text("Figures come only from groups of at least")).to_be_visible()
    check_accessibility(page, "lead-survey-results")
