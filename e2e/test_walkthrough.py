"""Each role signs in, lands on its home page and walks the pages it uses, in Chromium."""

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import check_accessibility, sign_in
from tests.samples import csv_bytes, small_org
from upward.programs.models import Cohort, Pair, Program

HOME_HEADINGS = {
    "lead": "Programs you lead",
    "sponsor": "Programs you sponsor",
    "analyst": "Programs you analyse",
    "mentor": "Your pair",
    "mentee": "Your pair",
    "admin": "All programs",
}


def pages_for(role: str) -> list[str]:
    program = Program.objects.get()
    cohort = Cohort.objects.get(name="Cohort 2")
    pair = Pair.objects.filter(cohort=cohort, state="active").order_by("pk").first()
    person = pair.mentor.employee
    common = ["/competencies/", "/me/"]
    return {
        "lead": [
            f"/programs/{program.public_id}/",
            f"/cohorts/{cohort.public_id}/",
            f"/pairs/{pair.public_id}/",
            "/people/",
            f"/people/{person.public_id}/",
            "/people/import/",
            *common,
        ],
        "sponsor": [f"/programs/{program.public_id}/", *common],
        "analyst": ["/programs/", *common],
        "mentor": [*common],
        "mentee": [*common],
        "admin": ["/programs/", "/people/", *common],
    }[role]


@pytest.mark.parametrize("role", list(HOME_HEADINGS))
def test_role_walks_its_pages_with_no_accessibility_violations(
    page: Page, live_server, demo, role: str
) -> None:
    sign_in(page, live_server.url, role)
    expect(page.get_by_role("heading", name=HOME_HEADINGS[role]).first).to_be_visible()
    check_accessibility(page, f"{role}-home")
    if role in {"mentor", "mentee"}:
        page.get_by_role("link", name="You're mentoring").or_(
            page.get_by_role("link", name="Your mentor is")
        ).first.click()
        expect(page.get_by_role("heading", name="Cohort timeline")).to_be_visible()
        check_accessibility(page, f"{role}-pair")
    for path in pages_for(role):
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        check_accessibility(page, f"{role}-{path.strip('/').split('/')[0] or 'home'}-{len(path)}")


def test_lead_imports_a_file_sees_the_check_and_applies_it(
    page: Page, live_server, demo, tmp_path
) -> None:
    sign_in(page, live_server.url, "lead")
    page.get_by_role("link", name="Import").click()
    path = tmp_path / "bamboo-export.csv"
    path.write_bytes(csv_bytes(small_org()))
    page.get_by_label("HRIS export (.csv or .xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Check this file").click()
    expect(page.get_by_role("heading", name="Import of bamboo-export.csv")).to_be_visible()
    check_accessibility(page, "lead-import-checked")
    page.get_by_role("button", name="Import 4 new and 0 updated").click()
    expect(page.get_by_text("Imported. People not in this file")).to_be_visible()
    page.goto(f"{live_server.url}/people/?q=Okoye")
    expect(page.get_by_role("link", name="Ada Okoye")).to_be_visible()


def test_a_bad_file_gets_a_clear_error_on_the_page(page: Page, live_server, demo, tmp_path) -> None:
    sign_in(page, live_server.url, "lead")
    page.goto(f"{live_server.url}/people/import/")
    path = tmp_path / "people.csv"
    path.write_bytes(b"PK\x03\x04not really a csv")
    page.get_by_label("HRIS export (.csv or .xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Check this file").click()
    expect(page.get_by_role("alert")).to_contain_text("zip archive")
    check_accessibility(page, "lead-import-error")


def test_mentor_home_fits_a_small_phone_without_sideways_scrolling(
    page: Page, live_server, demo
) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, live_server.url, "mentor")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    check_accessibility(page, "mentor-home-phone")


def test_sign_in_works_with_the_keyboard_alone(page: Page, live_server, demo) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    # The username field has autofocus, so a keyboard user can type straight away.
    expect(page.locator("#id_username")).to_be_focused()  # waits: autofocus runs after load
    page.keyboard.type("mentee")
    page.keyboard.press("Tab")
    page.keyboard.type("upward-demo")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Your pair")).to_be_visible()
    # The skip link is the first stop and moves focus to the main content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
