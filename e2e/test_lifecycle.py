"""A program's whole life from an empty install, in Chromium, through the UI and the emails.

Nothing is seeded: one site admin account is made here, everyone else comes from HRIS imports
and gets in through the links in the emails Upward sends. The emails travel for real: the outbox
hands them to the task queue (the suite's ImmediateBackend runs each task as it is queued, in the
live server's thread) and Django's SMTP backend delivers them to a loopback SMTP sink, from
which the test reads the links and opens them.

The journey: the admin loads the starter framework and imports the people, designs the first
program naming its lead and its sponsor (the setup page's own path: a lead is a role in a
program, so on an empty install the first lead is named in the designer); the lead imports a
fresher export, adds a cohort; the sponsor signs the charter from the email; the lead launches,
recruits (one invitee declines, one never answers), runs a mentee-choice round and publishes;
the pair agree ground rules, set a goal and plan sessions; the lead closes the cohort, then the
program, and the impact page shows the cohort.

Screenshots of key pages go to e2e/artifacts/lifecycle-*.png at 390 and 1440 pixels wide.
"""

import os
import re
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import ARTIFACTS, WCAG_TAGS
from e2e.conftest import AXE as AXE_SCRIPT
from tests.clock import TODAY
from tests.factories import UserFactory
from tests.samples import csv_bytes
from tests.smtp_sink import Sink, SmtpSink
from upward.matching.models import MatchRound, Proposal, ShortlistEntry
from upward.people.models import Employee
from upward.programs.models import Cohort, Pair, Participant, Program

PASSWORD = "a-long-lifecycle-passphrase"
PROGRAM = "Digital Confidence Pilot"
COHORT = "Cohort 1"

PROGRAM_START = TODAY + timedelta(days=1)
PROGRAM_END = PROGRAM_START + timedelta(weeks=14)
COHORT_START = PROGRAM_START
COHORT_END = COHORT_START + timedelta(weeks=10)
GOAL_DEADLINE = COHORT_START + timedelta(weeks=8)
FIRST_SESSION = COHORT_START + timedelta(days=7)


def export(table: str) -> list[list[str]]:
    """Rows of a BambooHR-shaped export from a readable table (email and status filled in)."""
    rows = []
    for line in filter(str.strip, table.splitlines()):
        eid, first, last, title, department, division, manager, hired, level = (
            cell.strip() for cell in line.split("|")
        )
        email = f"{first.lower()}.{last.lower()}@example.org"
        rows.append(
            [eid, first, last, email, title, department, division, manager, hired, "Active", level]
        )
    return rows


# The first export the admin imports: the leadership, HR and the first junior.
LEADERS = """
2001 | Priya | Shah   | Chief Executive    | Executive | Corporate  |      | 2010-01-04 | 10
2002 | Hana  | Ito    | Head of Talent     | People    | Corporate  | 2001 | 2016-03-01 | 7
2003 | Omar  | Diallo | Sales Director     | Sales     | Commercial | 2001 | 2012-05-14 | 8
2004 | Grace | Lind   | Finance Director   | Finance   | Corporate  | 2001 | 2011-09-01 | 8
2005 | Sofia | Reyes  | Marketing Director | Marketing | Commercial | 2001 | 2014-02-03 | 8
"""
FIRST_EXPORT = export(
    LEADERS + "2006 | Leo | Park | Analyst | Marketing | Commercial | 2005 | 2024-01-08 | 2"
)
# The fresher export the lead imports: Leo's new title, and two new juniors.
SECOND_EXPORT = export(
    LEADERS
    + """
2006 | Leo   | Park   | Senior Analyst     | Marketing | Commercial | 2005 | 2024-01-08 | 2
2007 | Ava   | Moreau | Designer           | Marketing | Commercial | 2005 | 2023-06-12 | 3
2008 | Mia   | Novak  | Associate          | Sales     | Commercial | 2003 | 2025-02-17 | 1
"""
)


def email_of(first: str) -> str:
    row = next(r for r in SECOND_EXPORT if r[1] == first)
    return str(row[3])


# Screenshots of key pages; with UPWARD_E2E_AXE=1, axe's findings on them are printed too (not
# failing: this test is about the journey; the other browser tests hold the pages to axe).
AXE = os.environ.get("UPWARD_E2E_AXE") == "1"
AXE_FINDINGS: dict[str, list[str]] = {}


def shoot(page: Page, label: str) -> None:
    """Full-page screenshots at a phone's and a desktop's width, and axe's findings."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for width, height in ((390, 844), (1440, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(ARTIFACTS / f"lifecycle-{label}-{width}.png"), full_page=True)
    if original:
        page.set_viewport_size(original)
    if not AXE:
        return
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    problems = [f"{v['id']}: {v['help']}" for v in result["violations"]]
    if problems:
        AXE_FINDINGS[label] = problems


@pytest.fixture
def mail(settings) -> Iterator[Sink]:
    with SmtpSink() as server:
        settings.MAILERS = server.mailers
        yield server.sink


@pytest.fixture
def people(browser: Browser) -> Iterator[dict[str, Page]]:
    """One browser context per person, opened on first use: each keeps its own session.
    (bypass_csp only lets the test inject axe-core, when asked to.)"""

    class Pages(dict[str, Page]):
        def __missing__(self, name: str) -> Page:
            context = browser.new_context(bypass_csp=AXE, viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.set_default_timeout(15_000)
            self[name] = page
            return page

    pages = Pages()
    yield pages
    for page in pages.values():
        page.context.close()


def mails_to(mail: Sink, first: str, subject: str) -> list[EmailMessage]:
    return [m for m in mail.to(email_of(first)) if subject in str(m["Subject"])]


def one_mail(mail: Sink, first: str, subject: str) -> EmailMessage:
    found = mails_to(mail, first, subject)
    subjects = [str(m["Subject"]) for m in mail.to(email_of(first))]
    assert len(found) == 1, f"{first}: expected one email about {subject!r}, got {subjects}"
    return found[0]


def links(message: EmailMessage, base: str) -> list[str]:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return [url for url in re.findall(r"https?://\S+", body.get_content()) if url.startswith(base)]


def password_link(message: EmailMessage, base: str) -> str:
    return next(url for url in links(message, base) if "/accounts/password/set/" in url)


def set_password(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name="Choose your password")).to_be_visible()
    page.get_by_label("New password").fill(PASSWORD)
    page.get_by_label("The same password again").fill(PASSWORD)
    page.get_by_role("button", name="Set my password and continue").click()
    expect(page.get_by_text("Your password is set, and you are signed in.")).to_be_visible()


def import_file(
    page: Page, tmp_path: Path, name: str, rows: list[list[str]], apply_button: str
) -> None:
    path = tmp_path / name
    path.write_bytes(csv_bytes(rows))
    page.get_by_label("HRIS export (.csv or .xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Check this file").click()
    expect(page.get_by_role("heading", name=f"Import of {name}")).to_be_visible()
    page.get_by_role("button", name=apply_button).click()
    expect(page.get_by_text("Imported. People not in this file")).to_be_visible()


def do_intake(page: Page, *, goals: str, levels: dict[str, str], wants: list[str]) -> None:
    expect(page.get_by_role("heading", name="Tell us about you")).to_be_visible()
    page.get_by_label("What would you like to get out of this?").fill(goals)
    for skill, level in levels.items():
        page.get_by_role("combobox", name=skill, exact=True).select_option(level)
    for skill in wants:
        page.get_by_role("checkbox", name=skill, exact=True).check()
    page.get_by_role("checkbox", name="AI tools").check()
    page.get_by_role("checkbox", name="Mon morning").check()
    page.get_by_role("checkbox", name="Wed afternoon").check()
    page.get_by_label("Your time zone").select_option("Europe/London")
    page.get_by_role("button", name="Send my intake").click()
    expect(page.get_by_text("your intake is complete")).to_be_visible()


def accept_invitation(page: Page, invitation: EmailMessage, base: str) -> None:
    """From the invitation email: choose a password, land on the invitation, say yes."""
    set_password(page, password_link(invitation, base))
    expect(page.get_by_role("heading", name=f"You're invited to {PROGRAM}")).to_be_visible()
    page.get_by_label("I have read who will see what").check()
    page.get_by_role("button", name="Yes, I'll take part").click()


def test_a_program_lives_from_an_empty_install_to_its_impact_page(
    people: dict[str, Page], live_server, transactional_db, settings, mail: Sink, tmp_path
) -> None:
    base = live_server.url
    settings.SITE_URL = base  # the address links in emails lead to
    assert not Program.objects.exists()
    UserFactory(
        username="root",
        email="root@example.org",
        first_name="Rita",
        is_superuser=True,
        is_staff=True,
        password=PASSWORD,
    )

    # 1. The site admin: first-run setup, the starter framework, the people.
    admin = people["admin"]
    admin.goto(f"{base}/accounts/login/")
    admin.get_by_label("Email or username").fill("root")
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    admin.wait_for_url(f"{base}/")
    shoot(admin, "01-admin-home-empty")
    admin.get_by_role("link", name="Setup", exact=True).click()
    expect(admin.get_by_role("heading", name="Set up Upward")).to_be_visible()
    shoot(admin, "02-setup-empty")
    admin.get_by_role("button", name="Load the starter framework").click()
    expect(admin.get_by_text("Loaded the starter framework")).to_be_visible()
    admin.get_by_role("button", name="Send me a test email").click()
    expect(admin.get_by_text("A test email is on its way to root@example.org.")).to_be_visible()
    expect(admin.get_by_text("Email and site address (done)")).to_be_visible()
    (test_email,) = mail.to("root@example.org")
    assert f"{base}/setup/" in links(test_email, base)
    admin.get_by_role("link", name="Import people from your HRIS").click()
    import_file(admin, tmp_path, "hris-export.csv", FIRST_EXPORT, "Import 6 new and 0 updated")

    # A lead is a role in a program: with no program yet, the person's roles page sends the
    # admin to the designer, where the first program's lead is named.
    admin.goto(f"{base}/setup/")
    admin.get_by_role("link", name="People's roles").click()
    admin.get_by_label("Name or email").fill("Hana")
    admin.get_by_role("button", name="Find").click()
    admin.get_by_role("link", name="Hana Ito").click()
    expect(admin.get_by_text("There is no program yet")).to_be_visible()
    admin.get_by_role("link", name="Design the first program and name its lead").click()
    expect(admin.get_by_role("heading", name="Design a program")).to_be_visible()
    admin.get_by_label("Name", exact=True).fill(PROGRAM)
    admin.get_by_label("Business problem").fill("Leaders guess at what digital tools can do.")
    admin.get_by_label("Objective").fill("Every leader ships one workflow with an AI assistant.")
    admin.get_by_label("Type").select_option("skills_sprint")
    admin.get_by_label("Start date").fill(PROGRAM_START.isoformat())
    admin.get_by_label("End date").fill(PROGRAM_END.isoformat())
    kpis = (
        "Retention against a matched control group",
        "Skill attainment (before and after)",
        "Pairs reaching their goal",
    )
    for kpi in kpis:
        admin.get_by_label(kpi).check()
    # The pickers, filled last as a newcomer would: a search posts the form back with what was
    # typed kept. Someone without an account is found by the search.
    admin.get_by_label("Search for a sponsor").fill("Priya")
    admin.locator("button[name=find][value=sponsor]").click()
    admin.get_by_label("Executive sponsor").select_option(
        label="Priya Shah — Chief Executive, Executive"
    )
    admin.get_by_label("Search for a lead").fill("Hana")
    admin.locator("button[name=find][value=lead]").click()
    admin.get_by_label("Program lead", exact=True).select_option(
        label="Hana Ito — Head of Talent, People"
    )
    expect(admin.get_by_label("Name", exact=True)).to_have_value(PROGRAM)
    expect(admin.get_by_label("End date")).to_have_value(PROGRAM_END.isoformat())
    expect(admin.get_by_label("Executive sponsor")).to_have_value(
        str(Employee.objects.get(employee_id="2001").pk)
    )
    for kpi in kpis:
        expect(admin.get_by_label(kpi)).to_be_checked()
    shoot(admin, "03-program-designer")
    admin.get_by_role("button", name="Create the program").click()
    expect(admin.get_by_text("Program created. Its charter was emailed")).to_be_visible()
    program = Program.objects.get(name=PROGRAM)

    # The roles page now shows Hana as the lead, and the checklist ticks itself.
    admin.goto(f"{base}/setup/roles/?q=Hana")
    expect(admin.get_by_role("cell", name=f"Program lead of {PROGRAM}")).to_be_visible()
    admin.goto(f"{base}/setup/")
    expect(admin.get_by_text("First program lead named (done)")).to_be_visible()
    expect(admin.get_by_text("People data imported (done)")).to_be_visible()
    expect(admin.get_by_text("Competency framework (done)")).to_be_visible()
    shoot(admin, "04-setup-done")

    # 2. The lead gets in from her email, imports the fresher export and adds a cohort.
    lead = people["lead"]
    set_password(lead, password_link(one_mail(mail, "Hana", "your way into Upward"), base))
    expect(lead.get_by_role("heading", name="Programs you lead")).to_be_visible()
    lead.get_by_role("link", name="Import", exact=True).click()
    import_file(lead, tmp_path, "hris-export-2.csv", SECOND_EXPORT, "Import 2 new and 1 updated")
    lead.goto(f"{base}/programs/{program.public_id}/")
    lead.get_by_role("link", name="New cohort").click()
    lead.get_by_label("Name", exact=True).fill(COHORT)
    lead.get_by_label("Start date").fill(COHORT_START.isoformat())
    lead.get_by_label("End date").fill(COHORT_END.isoformat())
    lead.get_by_label("Target pairs").fill("8")
    lead.get_by_role("button", name="Create cohort").click()
    expect(lead.get_by_role("heading", name=COHORT)).to_be_visible()
    cohort = Cohort.objects.get(program=program, name=COHORT)

    # The sponsor had no account: the charter email carries a link to choose a password that
    # leads on to the charter.
    sponsor = people["sponsor"]
    charter_mail = one_mail(mail, "Priya", "ready for your signature")
    charter_url = f"{base}/programs/{program.public_id}/charter/"
    assert charter_url in links(charter_mail, base)
    set_password(sponsor, password_link(charter_mail, base))
    expect(sponsor.get_by_role("heading", name="Sponsor charter")).to_be_visible()
    expect(sponsor.get_by_text("Waiting for the sponsor's signature")).to_be_visible()
    shoot(sponsor, "05-sponsor-charter")
    sponsor.get_by_role("button", name="Sign version 1 as sponsor").click()
    expect(sponsor.get_by_text("Signed by the sponsor")).to_be_visible()

    # 3. The lead launches the program and recruits.
    lead.goto(f"{base}/programs/{program.public_id}/")
    lead.get_by_role("link", name="Launch and governance").click()
    lead.get_by_role("button", name="Launch the program").click()
    expect(lead.get_by_text(f"{PROGRAM} is running.")).to_be_visible()
    lead.get_by_role("link", name=COHORT, exact=True).click()
    lead.get_by_role("link", name="Recruit and intake").click()
    for role, names in (
        ("mentee", ["Omar Diallo", "Grace Lind"]),
        ("mentor", ["Leo Park", "Ava Moreau", "Mia Novak"]),
    ):
        lead.get_by_label("Invite as").select_option(role)
        lead.get_by_role("button", name="Find").click()
        for name in names:
            lead.get_by_label(f"Invite {name}").check()
        lead.get_by_role("button", name=f"Invite the ticked people as {role}s").click()
        expect(lead.get_by_text(f"Invited {len(names)}.")).to_be_visible()
    shoot(lead, "06-recruit")

    invited = "you're invited to a reverse mentoring program"
    mentee_intake = {
        "goals": "Use AI assistants in my weekly sales review.",
        "levels": {"Generative AI assistants": "1", "Prompt design": "1"},
        "wants": ["Generative AI assistants", "Prompt design"],
    }
    mentor_intake = {
        "goals": "Teach what I use every day; learn how leaders decide.",
        "levels": {"Generative AI assistants": "5", "Prompt design": "4"},
        "wants": [],
    }
    for first, intake in (("Omar", mentee_intake), ("Leo", mentor_intake), ("Ava", mentor_intake)):
        accept_invitation(people[first], one_mail(mail, first, invited), base)
        do_intake(people[first], **intake)
    # Grace declines; Mia never answers.
    grace = people["Grace"]
    set_password(grace, password_link(one_mail(mail, "Grace", invited), base))
    grace.get_by_role("button", name="No, thanks").click()
    expect(grace.get_by_text("Thanks for letting us know.")).to_be_visible()
    lead.reload()
    stats = lead.get_by_role("list", name="Recruitment so far")
    expect(stats).to_contain_text("1 awaiting an answer")
    expect(stats).to_contain_text("3 opted in")
    expect(stats).to_contain_text("1 declined")
    expect(stats).to_contain_text("3 intakes done")

    # 4. Matching: mentees choose from a shortlist, mentors accept, the lead publishes.
    lead.goto(f"{base}/cohorts/{cohort.public_id}/")
    lead.get_by_role("link", name="Matching and reshuffles").click()
    lead.get_by_label("Mode").select_option(label="Mentees choose from a shortlist")
    lead.get_by_role("button", name="Create round").click()
    lead.get_by_role("button", name="Build shortlists").click()
    expect(lead.get_by_text("Mentees are choosing")).to_be_visible()
    match_round = MatchRound.objects.get(cohort=cohort)

    omar = people["Omar"]
    omar.goto(f"{base}/")
    omar.get_by_role("link", name="Rank your shortlist").click()
    expect(omar.get_by_role("heading", name="Choose your mentor")).to_be_visible()
    shoot(omar, "07-mentee-shortlist")
    omar.get_by_label("Your ranking for Leo Park").select_option(label="Choice 1")
    omar.get_by_role("button", name="Save my choices").click()
    expect(omar.get_by_text("your choices are saved")).to_be_visible()

    leo = people["Leo"]
    request = one_mail(mail, "Leo", "would like you as their mentor")
    leo.goto(links(request, base)[0])
    expect(leo.get_by_role("heading", name="Who would like you as their mentor")).to_be_visible()
    leo.get_by_role("button", name="Accept Omar").click()
    expect(leo.get_by_text("You accepted.")).to_be_visible()

    lead.goto(f"{base}/matching/{match_round.public_id}/")
    lead.get_by_role("button", name="Close choosing and match").click()
    expect(lead.get_by_role("heading", name="Proposed pairs")).to_be_visible()
    shoot(lead, "08-round-proposed")
    # Whoever declined or never answered is in no shortlist and no proposal.
    outsiders = {"Grace", "Mia"}
    in_round = {
        *ShortlistEntry.objects.filter(round=match_round).values_list(
            "mentee__employee__first_name", "mentor__employee__first_name"
        ),
        *Proposal.objects.filter(round=match_round).values_list(
            "mentee__employee__first_name", "mentor__employee__first_name"
        ),
    }
    assert not outsiders & {name for pair in in_round for name in pair}, in_round
    expect(lead.locator("article.proposal", has_text="Grace")).to_have_count(0)
    expect(lead.locator("article.proposal", has_text="Mia")).to_have_count(0)
    expect(lead.locator("article.proposal")).to_have_count(1)
    expect(lead.locator("article.proposal")).to_contain_text("Leo Park")
    expect(lead.locator("article.proposal")).to_contain_text("mentee's choice #1")
    lead.get_by_label("Yes: each member learns who their partner is now").check()
    lead.get_by_role("button", name="Publish 1 pair").click()
    expect(lead.get_by_text("Published: the pairs can see each other now.")).to_be_visible()
    pair = Pair.objects.get(cohort=cohort)
    pair_url = f"{base}/pairs/{pair.public_id}/"
    assert [links(one_mail(mail, first, "meet your"), base) for first in ("Omar", "Leo")] == [
        [pair_url],
        [pair_url],
    ]
    for first in ("Grace", "Mia", "Ava"):
        assert not mails_to(mail, first, "meet your")

    # The cohort starts once it has pairs.
    lead.goto(f"{base}/programs/{program.public_id}/governance/")
    lead.get_by_role("button", name="Start the cohort").click()
    expect(lead.get_by_text(f"{COHORT} is running.")).to_be_visible()

    # 5. The pair: ground rules from the matched email's link, a goal, the sessions.
    for first, page in (("Leo", leo), ("Omar", omar)):
        page.goto(links(one_mail(mail, first, "meet your"), base)[0])
        page.get_by_role("link", name="Read and agree to the ground rules").click()
        page.get_by_role("button", name="I agree to these ground rules").click()
        expect(page.get_by_text("you've agreed to the ground rules")).to_be_visible()
    expect(omar.get_by_text("Ground rules:")).to_have_count(0)  # both agreed: the nudge goes
    omar.get_by_role("link", name="Set one goal you can measure").click()
    omar.get_by_label("The goal in one sentence").fill(
        "Run my weekly sales review with an AI assistant."
    )
    omar.get_by_label("What you will measure").fill("Reviews prepared with the assistant")
    omar.get_by_label("Unit").fill("reviews")
    omar.get_by_label("Where it is today").fill("0")
    omar.get_by_label("Where it should be").fill("6")
    omar.get_by_label("Deadline").fill(GOAL_DEADLINE.isoformat())
    omar.get_by_role("button", name="Save the goal").click()
    expect(omar.get_by_text("Goal saved.")).to_be_visible()
    leo.goto(pair_url)
    leo.get_by_role("link", name="Plan our sessions").click()
    leo.get_by_label("First session").fill(FIRST_SESSION.isoformat())
    leo.get_by_label("At", exact=True).fill("10:00")
    leo.get_by_role("button", name="Plan and send invitations").click()
    expect(leo.get_by_text("invitations are on their way to both of you")).to_be_visible()
    sessions = pair.sessions.count()
    assert sessions >= 5
    for first in ("Leo", "Omar"):  # both get the calendar invitations
        invite = one_mail(mail, first, f"Invitation: {sessions} reverse mentoring sessions")
        assert any(part.get_content_type() == "text/calendar" for part in invite.walk())
    shoot(leo, "09-pair")

    # 6. The lead closes the cohort; the impact page shows it.
    lead.goto(f"{base}/programs/{program.public_id}/governance/")
    lead.get_by_role("button", name="Begin closing").click()
    expect(lead.get_by_text(f"{COHORT} is closing.")).to_be_visible()
    lead.get_by_label(f"Yes, close {COHORT}").check()
    lead.get_by_role("button", name="Close the cohort").click()
    expect(lead.get_by_text(f"{COHORT} is closed.")).to_be_visible()
    shoot(lead, "10-governance-closed")
    pair.refresh_from_db()
    assert pair.state == Pair.State.CLOSED
    lead.get_by_label(f"Yes, close {PROGRAM}").check()
    lead.get_by_role("button", name="Close the program").click()
    expect(lead.get_by_text(f"{PROGRAM} is closed.")).to_be_visible()
    lead.goto(f"{base}/programs/{program.public_id}/")
    lead.get_by_role("link", name="Impact", exact=True).click()
    cohorts = lead.get_by_role("table", name="Each cohort's main figures")
    expect(cohorts.get_by_role("rowheader", name=COHORT)).to_be_visible()
    shoot(lead, "11-impact")

    assert Participant.objects.get(employee__first_name="Mia").state == Participant.State.INVITED
    assert Participant.objects.get(employee__first_name="Grace").state == Participant.State.DECLINED
    for label, problems in AXE_FINDINGS.items():
        print(f"axe {label}: {problems}")
