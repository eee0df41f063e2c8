"""The pair workspace in Chromium: a mentee records goal progress on a phone; both see the
chart."""

from playwright.sync_api import Page, expect

from e2e.conftest import check_accessibility, sign_in


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
