"""Impact in Chromium: the sponsor opens the impact page, the charts draw under the site's CSP
(no eval, no CDN), the page passes axe, and the PDF report downloads."""

from pathlib import Path

from playwright.sync_api import Page, expect

from e2e.conftest import ARTIFACTS, check_accessibility, sign_in


def test_sponsor_opens_impact_and_downloads_the_pdf(page: Page, live_server, demo) -> None:
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    sign_in(page, live_server.url, "sponsor")
    page.goto(f"{live_server.url}/programs/")
    page.get_by_role("link", name="Digital Fluency Reverse Mentoring").first.click()
    page.get_by_role("link", name="Impact", exact=True).click()
    expect(page.get_by_role("heading", name="Before and after")).to_be_visible()
    expect(page.locator(".vl-target[data-rendered] svg").first).to_be_visible(timeout=30_000)
    assert page.locator(".vl-target[data-rendered]").count() >= 2
    assert not [e for e in errors if "Content Security Policy" in e or "unsafe-eval" in e], errors
    check_accessibility(page, "sponsor-impact")
    with page.expect_download(timeout=90_000) as download_info:  # the PDF renders charts
        page.get_by_role("link", name="Download the report (PDF)").click(timeout=90_000)
    download = download_info.value
    target = ARTIFACTS / "impact-report.pdf"
    download.save_as(target)
    assert Path(target).read_bytes().startswith(b"%PDF")


def test_lead_dashboards_draw_and_pass_accessibility_checks(page: Page, live_server, demo) -> None:
    sign_in(page, live_server.url, "lead")
    page.goto(f"{live_server.url}/programs/")
    page.get_by_role("link", name="Digital Fluency Reverse Mentoring").first.click()
    page.get_by_role("link", name="Program health").click()
    expect(page.locator(".vl-target[data-rendered] svg").first).to_be_visible(timeout=30_000)
    check_accessibility(page, "lead-program-health")
    page.go_back()
    page.get_by_role("link", name="Topics").click()
    expect(page.locator(".vl-target[data-rendered] svg").first).to_be_visible(timeout=30_000)
    check_accessibility(page, "lead-topics-heat-map")
