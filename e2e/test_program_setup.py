"""Program setup in Chromium: readiness, design, charter sign-off; setup pages pass axe."""

from playwright.sync_api import Page, expect

from e2e.conftest import check_accessibility, sign_in
from upward.accounts.models import User
from upward.programs.models import Cohort, Participant, Program, ProgramRole


def test_lead_checks_readiness_designs_a_program_and_the_sponsor_signs(
    page: Page, live_server, demo
) -> None:
    sign_in(page, live_server.url, "lead")
    page.goto(f"{live_server.url}/readiness/")
    page.get_by_label("Junior people are leaving").check()
    page.get_by_label("Leaders have blind spots").check()
    page.get_by_label("Technology or the market is moving fast").check()
    check_accessibility(page, "lead-readiness-form")
    page.get_by_role("button", name="Check readiness").click()
    expect(page.get_by_role("heading", name="Run an 8-12 week pilot")).to_be_visible()
    check_accessibility(page, "lead-readiness-result")

    page.get_by_role("link", name="Design a program").click()
    page.get_by_label("Name").fill("AI Fluency Sprint")
    page.get_by_label("Business problem").fill("Leaders guess at what AI can do for them.")
    page.get_by_label("Objective").fill("Every leader ships one AI-assisted workflow.")
    page.get_by_label("Type").select_option("skills_sprint")
    page.get_by_label("Start date").fill("2027-01-11")
    page.get_by_label("End date").fill("2027-04-05")
    for kpi in (
        "Retention against a matched control group",
        "Skill attainment (before and after)",
        "Pairs reaching their goal",
    ):
        page.get_by_label(kpi).check()
    sponsor = page.get_by_label("Executive sponsor")
    sponsor.select_option(index=1)
    chosen = sponsor.evaluate("s => s.options[s.selectedIndex].text")
    check_accessibility(page, "lead-program-form")
    page.get_by_role("button", name="Create the program").click()
    expect(page.get_by_text("Program created.")).to_be_visible()
    program = Program.objects.get(name="AI Fluency Sprint")
    assert program.readiness_checks.count() == 0  # not linked unless chosen
    assert chosen

    # The chosen sponsor signs; re-point the role to the demo sponsor so we can sign in as them.
    ProgramRole.objects.filter(program=program, role="sponsor").update(
        user=User.objects.get(username="sponsor")
    )
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, "sponsor")
    page.goto(f"{live_server.url}/programs/{program.public_id}/charter/")
    expect(page.get_by_text("Waiting for the sponsor's signature")).to_be_visible()
    check_accessibility(page, "sponsor-charter")
    page.get_by_role("button", name="Sign version 1 as sponsor").click()
    expect(page.get_by_text("Signed by the sponsor")).to_be_visible()


def test_setup_pages_pass_accessibility_checks(page: Page, live_server, demo) -> None:
    program = Program.objects.get(name="Digital Fluency Reverse Mentoring")
    cohort = Cohort.objects.get(name="Cohort 3")
    sign_in(page, live_server.url, "lead")
    for label, path in (
        ("governance", f"/programs/{program.public_id}/governance/"),
        ("charter", f"/programs/{program.public_id}/charter/"),
        ("inversion", "/inversion/"),
        ("recruit", f"/cohorts/{cohort.public_id}/recruit/"),
        ("edit-program", f"/programs/{program.public_id}/edit/"),
    ):
        page.goto(live_server.url + path)
        check_accessibility(page, f"lead-{label}")
    expect(
        page.get_by_role("heading", name="Edit Digital Fluency Reverse Mentoring")
    ).to_be_visible()


def test_an_invitee_opts_in_and_completes_the_intake(page: Page, live_server, demo) -> None:
    invited = Participant.objects.filter(state="invited").select_related("employee").first()
    user = User.objects.create_user(username="invitee", password="upward-demo")
    invited.employee.account = user
    invited.employee.save(update_fields=["account"])
    sign_in(page, live_server.url, "invitee")
    page.get_by_role("link", name="Read the invitation").click()
    check_accessibility(page, "invitee-invitation")
    page.get_by_label("I have read who will see what").check()
    page.get_by_role("button", name="Yes, I'll take part").click()
    expect(page.get_by_role("heading", name="Tell us about you")).to_be_visible()
    check_accessibility(page, "invitee-intake")
    page.get_by_label("What would you like to get out of this?").fill("Share what I know")
    page.get_by_role("combobox", name="Generative AI assistants").select_option("5")
    page.get_by_role("combobox", name="Short-form video").select_option("4")
    page.get_by_role("button", name="Send my intake").click()
    expect(page.get_by_text("your intake is complete")).to_be_visible()
    invited.refresh_from_db()
    assert invited.intake_completed_at is not None
