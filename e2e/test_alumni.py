"""Alumni and guides in Chromium, on a phone (390x844) and a desktop (1440x900): the lead finds
the pilot's graduates on the alumni page, appoints one of them as a guide for a mentor of the
running cohort; the guide sees that mentor's pair (and nothing private), logs a check-in; the
mentor finds their guide on the pair page.

Each page is saved under e2e/artifacts/alumni-<page>-<phone|desktop>.png and checked by axe."""

from playwright.sync_api import expect

from e2e.conftest import DESKTOP, PHONE, Person, look_at_both
from upward.alumni.models import Alumnus, GuideCheckIn, GuidedMentor
from upward.programs.models import Cohort, Pair, Participant, Program

CHECK_IN = "Walked through how to open the budget topic with a director."


def an_alumnus_to_appoint() -> Alumnus:
    """A pilot mentor who is still here and guides nobody yet."""
    guiding = GuidedMentor.objects.values("appointment__guide")
    return (
        Alumnus.objects.filter(role="mentor", employee__status="active")
        .exclude(employee__in=guiding)
        .select_related("employee__account")
        .order_by("pk")
        .first()
    )


def an_unguided_mentor() -> Participant:
    running = Cohort.objects.get(state=Cohort.State.RUNNING)
    return (
        running.participants.filter(role="mentor", pairs_as_mentor__state=Pair.State.ACTIVE)
        .exclude(pk__in=GuidedMentor.objects.filter(ended_on__isnull=True).values("mentor"))
        .select_related("employee__account")
        .order_by("pk")
        .first()
    )


def test_lead_appoints_an_alumnus_as_guide_who_checks_in_and_the_mentor_sees_them(
    person: Person, live_server, demo
) -> None:
    alumnus, mentor = an_alumnus_to_appoint(), an_unguided_mentor()
    guide_name, mentor_name = alumnus.employee.display_name, mentor.employee.display_name
    program = Program.objects.get()

    # The lead finds the pilot's graduates from the program page.
    lead = person("lead", DESKTOP)
    lead.goto(f"{live_server.url}/programs/{program.public_id}/")
    lead.get_by_role("link", name="Alumni", exact=True).click()
    expect(lead.get_by_role("heading", name="Alumni", exact=True)).to_be_visible()
    card = lead.locator("article.card").filter(has_text=guide_name)
    expect(card).to_contain_text("Pilot, as a mentor")
    expect(lead.get_by_text("returning mentors")).to_be_visible()
    look_at_both(lead, "alumni-program-alumni")

    # ... and appoints one as a guide for a mentor of the running cohort.
    card.get_by_role("link", name="Appoint as a guide for current mentors").click()
    expect(lead.get_by_label("Guide", exact=True)).to_have_value(str(alumnus.employee.public_id))
    lead.get_by_role("checkbox", name=mentor_name).check()
    look_at_both(lead, "alumni-guides")
    lead.get_by_role("button", name="Appoint the guide").click()
    expect(lead.get_by_text(f"{guide_name} is now a guide in Cohort 2")).to_be_visible()

    # The guide sees the mentor's pair from their home page, and logs a check-in.
    guide = person(alumnus.employee.account.username, PHONE)
    expect(guide.get_by_role("heading", name="Mentors you guide")).to_be_visible()
    guide.get_by_role("link", name="1 mentor in Cohort 2").click()
    section = guide.locator("section.card").filter(has_text=mentor_name)
    expect(section).to_contain_text("Active")
    expect(section).to_contain_text("Sessions held")
    expect(guide.get_by_text("read by you and the program lead only")).to_be_visible()
    section.get_by_label("One line on how it went").fill(CHECK_IN)
    section.get_by_role("button", name="Log the check-in").click()
    expect(guide.get_by_text("Check-in noted.")).to_be_visible()
    expect(guide.get_by_text(CHECK_IN)).to_be_visible()
    assert [c.text for c in GuideCheckIn.objects.all()].count(CHECK_IN) == 1  # encrypted
    look_at_both(guide, "alumni-guide-page")

    # The mentor finds their guide on the pair page, with a way to reach them, and no log.
    mentoring = person(mentor.employee.account.username, PHONE)
    mentoring.locator("#my-pairs h3 a").first.click()
    expect(mentoring.get_by_role("heading", name="Your guide")).to_be_visible()
    expect(mentoring.get_by_text(guide_name)).to_be_visible()
    first = alumnus.employee.preferred_name or alumnus.employee.first_name
    email = mentoring.get_by_role("link", name=f"Email {first}")
    expect(email).to_have_attribute("href", f"mailto:{alumnus.employee.email}")
    expect(mentoring.get_by_text(CHECK_IN)).to_have_count(0)
    look_at_both(mentoring, "alumni-mentor-pair")
