"""Outcomes for talent reviews in Chromium, on a phone (390x844) and a desktop (1440x900): a
member of a closed pilot pair reads exactly what would be shared and says yes on their pair
page; the lead finds them on the outcomes page, writes a note, downloads the spreadsheet and
records the program's continue / absorb / sunset decision, which the program page then shows.

Each page is saved under e2e/artifacts/talent-<page>-<phone|desktop>.png and checked by axe."""

from playwright.sync_api import expect

from e2e.conftest import DESKTOP, PHONE, Person, look_at_both
from upward.programs.models import Pair, Program
from upward.talent.models import OutcomeConsent

NOTE = "Ran the pilot's most practical sessions; ready to guide new mentors."
REASONS = "Retention and skills moved; HR will run it inside the leadership track."


def a_pilot_pair_not_yet_asked() -> Pair:
    answered = OutcomeConsent.objects.values("pair")
    return (
        Pair.objects.filter(cohort__name="Pilot", state=Pair.State.CLOSED, goal__isnull=False)
        .exclude(pk__in=answered)
        .select_related("mentee__employee__account", "goal")
        .order_by("pk")
        .first()
    )


def test_a_member_says_yes_and_the_lead_hands_their_outcomes_to_the_review(
    person: Person, live_server, demo
) -> None:
    pair = a_pilot_pair_not_yet_asked()
    mentee = pair.mentee.employee
    program = Program.objects.get()

    # The member reads what a yes would share, on their closed pair's page, and says yes.
    member = person(mentee.account.username, PHONE)
    member.goto(f"{live_server.url}/pairs/{pair.public_id}/")
    panel = member.locator("#talent-consent")
    expect(panel).to_contain_text("Exactly what a yes shares")
    expect(panel).to_contain_text(pair.goal.text)
    expect(panel).to_contain_text("you haven't chosen yet, so nothing is shared")
    look_at_both(member, "talent-member-consent")
    panel.get_by_label("Yes, share it with talent reviews").check()
    panel.get_by_role("button", name="Save my choice").click()
    expect(member.get_by_text("your outcomes can go to talent reviews")).to_be_visible()
    expect(member.locator("#talent-consent")).to_contain_text("you said yes on")

    # The demo's three plus this one are on the lead's outcomes page.
    lead = person("lead", DESKTOP)
    lead.goto(f"{live_server.url}/programs/{program.public_id}/")
    lead.get_by_role("link", name="Outcomes for talent reviews").click()
    expect(lead.get_by_role("heading", name="People (4)")).to_be_visible()
    card = lead.locator("article.card").filter(has_text=mentee.display_name)
    expect(card).to_contain_text(pair.goal.text)
    card.get_by_label("Your note for the review").fill(NOTE)
    card.get_by_role("button", name="Save the note").click()
    expect(lead.get_by_text(f"Note saved for {mentee.display_name}.")).to_be_visible()
    look_at_both(lead, "talent-outcomes")

    with lead.expect_download() as download:
        lead.get_by_role("link", name="Download for Excel (.xlsx)").click()
    assert download.value.suggested_filename.startswith("upward-outcomes-digital-fluency-")

    # The decision: refused without a choice (kept filled in), then recorded.
    lead.get_by_label("Your reasons").fill(REASONS)
    lead.get_by_role("button", name="Record the decision").click()
    expect(lead.get_by_text("Choose continue, absorb or sunset.")).to_be_visible()
    expect(lead.get_by_label("Your reasons")).to_have_value(REASONS)
    lead.get_by_label("Absorb it into talent processes").check()
    lead.get_by_role("button", name="Record the decision").click()
    expect(lead.get_by_text("Decision recorded.")).to_be_visible()
    lead.get_by_role("link", name=program.name).click()
    expect(lead.get_by_text(REASONS)).to_be_visible()
    look_at_both(lead, "talent-program-decision")

    # The member sees the lead's note with what they share.
    member.reload()
    expect(member.locator("#talent-consent")).to_contain_text(NOTE)
