"""Guides (mentors of mentors): the lead appoints them, they see their mentors' pairs as the lead
does and never what a pair keeps private, and they keep a check-in log only they and the lead
read."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from tests.clock import TODAY
from tests.conftest import World
from tests.factories import EmployeeFactory, PairFactory
from upward.alumni.models import Alumnus, GuideAppointment, GuideCheckIn
from upward.alumni.services import guide_appoint
from upward.audit.models import AuditEvent
from upward.notifications.models import OutboundEmail
from upward.programs.models import Pair
from upward.surveys import services as survey_services
from upward.surveys.models import Invitation
from upward.workspace.models import (
    Closure,
    Concern,
    Goal,
    JournalEntry,
    MilestoneCheck,
    Session,
)
from upward.workspace.services import closure_propose

GOAL = "Publish three reels and reach 250 followers"
PRIVATE = {
    "note": "Private note: the budget talk went badly",
    "journal": "Journal: I doubt myself before sessions",
    "mentee journal": "Mentee journal: my mentor is brilliant",
    "concern": "Concern: my mentee cancels at short notice",
    "roadblocks": "Roadblock: her calendar is always full",
    "wins": "Win: the first reel reached 90 people",
    "next actions": "Next: film two more reels together",
    "reflection": "Reflection: how a budget decision gets made",
    "answer worked": "Answer: the hands-on sessions worked",
    "answer improve": "Answer: I'd like shorter sessions",
}


def appoint(world: World) -> GuideAppointment:
    """`other_member` (the other pair's mentor) guides the mentor of `world.pair`."""
    return guide_appoint(
        cohort=world.cohort,
        guide=world.other_pair.mentor.employee,
        mentors=[world.pair.mentor],
        actor=world.users["lead"],
    )


@pytest.fixture
def appointment(world: World) -> GuideAppointment:
    return appoint(world)


def guide_url(appointment: GuideAppointment) -> str:
    return reverse("alumni:guide", args=[appointment.public_id])


def pair_url(world: World) -> str:
    return reverse("workspace:pair", args=[world.pair.public_id])


def everything_private(world: World) -> dict[str, object]:
    """One of each private thing in `world.pair`, written with the pair's own services where
    they exist. Returns the ids the pages and the API are asked for."""
    pair = world.pair
    Goal.objects.create(
        pair=pair,
        text=GOAL,
        metric="Followers",
        unit="followers",
        direction="up",
        baseline=40,
        target=250,
        deadline=TODAY + timedelta(days=30),
        owner=pair.mentee,
    )
    session = Session.objects.create(
        pair=pair,
        starts_at=f"{TODAY - timedelta(days=3)}T10:00:00Z",
        status="held",
        private_notes=PRIVATE["note"],
    )
    entry = JournalEntry.objects.create(
        pair=pair, author=pair.mentor, written_on=TODAY, text=PRIVATE["journal"]
    )
    JournalEntry.objects.create(
        pair=pair, author=pair.mentee, written_on=TODAY, text=PRIVATE["mentee journal"]
    )
    concern = Concern.objects.create(
        pair=pair, raised_by=pair.mentor, topic="other", text=PRIVATE["concern"]
    )
    MilestoneCheck.objects.create(
        pair=pair,
        by=pair.mentor,
        progress_percent=40,
        roadblocks=PRIVATE["roadblocks"],
        wins=PRIVATE["wins"],
        next_actions=PRIVATE["next actions"],
    )
    closure_propose(
        pair=pair,
        member=pair.mentor,
        decision="graduate",
        outcome=None,
        reflection=PRIVATE["reflection"],
        next_steps="Brief the team",
    )
    wave = survey_services.add_wave(
        cohort=world.cohort,
        label="Pulse",
        instrument_keys=["feedback"],
        opens_on=TODAY - timedelta(days=1),
        closes_on=TODAY + timedelta(days=10),
    )
    survey_services.open_wave(wave)
    invitation = Invitation.objects.get(wave=wave, participant=pair.mentor)
    survey_services.submit(
        invitation,
        {
            "feedback.goal_progress": "4",
            "feedback.safe_in_pair": "5",
            "feedback.recommend_program": "9",
            "feedback.worked": PRIVATE["answer worked"],
            "feedback.improve": PRIVATE["answer improve"],
        },
        TODAY,
    )
    return {"session": session, "entry": entry, "concern": concern, "invitation": invitation}


def assert_nothing_private(text: str) -> None:
    for label, words in PRIVATE.items():
        assert words not in text and escape(words) not in text, f"the {label} leaked"


def test_the_lead_appoints_a_guide_who_and_whose_mentors_are_emailed(world: World) -> None:
    guide = world.other_pair.mentor
    url = reverse("alumni:guides", args=[world.program.public_id])
    form = world.client("lead").get(url).content.decode()
    assert escape(guide.employee.display_name) in form
    assert escape(world.pair.mentor.employee.display_name) in form
    response = world.client("lead").post(
        url,
        {
            "cohort": world.cohort.public_id,
            "guide": guide.employee.public_id,
            "mentors": [world.pair.mentor.public_id],
        },
    )
    assert response.status_code == 302
    appointment = GuideAppointment.objects.get()
    assert appointment.guide == guide.employee and appointment.cohort == world.cohort
    assert list(appointment.mentors.values_list("mentor", flat=True)) == [world.pair.mentor.pk]
    told = OutboundEmail.objects.get(template="guide_appointed")
    assert told.to == guide.employee.email and guide_url(appointment) in told.context["link"]
    introduced = OutboundEmail.objects.get(template="guide_introduced")
    assert introduced.to == world.pair.mentor.employee.email
    assert pair_url(world) in introduced.context["link"]
    assert AuditEvent.objects.filter(action="role_changed", details__change="guide_appointed")
    listed = world.client("lead").get(url).content.decode()
    assert "Guiding 1 mentor" in listed


def test_an_alumnus_can_guide_and_the_alumni_page_offers_it(world: World) -> None:
    pilot_pair = PairFactory(
        cohort__program=world.program,
        cohort__start_date=TODAY - timedelta(days=300),
        cohort__end_date=TODAY - timedelta(days=200),
        cohort__state="closed",
        state=Pair.State.CLOSED,
        started_on=TODAY - timedelta(days=290),
        ended_on=TODAY - timedelta(days=200),
    )
    alumnus = pilot_pair.mentor.employee
    Alumnus.objects.create(
        program=world.program,
        employee=alumnus,
        pair=pilot_pair,
        role="mentor",
        way="closure",
        graduated_on=TODAY - timedelta(days=200),
    )
    page = world.client("lead").get(reverse("alumni:program", args=[world.program.public_id]))
    offer = f"?guide={alumnus.public_id}"
    assert offer in page.content.decode()
    form = world.client("lead").get(
        reverse("alumni:guides", args=[world.program.public_id]) + offer
    )
    assert f'<option value="{alumnus.public_id}" selected>' in form.content.decode()
    # A leader who was mentored is an alumnus too, but guides are people who have mentored.
    assert f"?guide={pilot_pair.mentee.employee.public_id}" not in page.content.decode()
    appointed = world.client("lead").post(
        reverse("alumni:guides", args=[world.program.public_id]),
        {
            "cohort": world.cohort.public_id,
            "guide": alumnus.public_id,
            "mentors": [world.pair.mentor.public_id, world.other_pair.mentor.public_id],
        },
    )
    assert appointed.status_code == 302
    assert GuideAppointment.objects.get().mentors.count() == 2


def test_the_appointment_form_comes_back_with_its_reasons(world: World) -> None:
    url = reverse("alumni:guides", args=[world.program.public_id])
    stranger = EmployeeFactory()
    refused = world.client("lead").post(
        url,
        {
            "cohort": world.cohort.public_id,
            "guide": stranger.public_id,
            "mentors": [world.pair.mentor.public_id],
        },
    )
    assert refused.status_code == 400 and b"Choose a guide from the list" in refused.content
    themselves = world.client("lead").post(
        url,
        {
            "cohort": world.cohort.public_id,
            "guide": world.pair.mentor.employee.public_id,
            "mentors": [world.pair.mentor.public_id],
        },
    )
    page = themselves.content.decode()
    assert themselves.status_code == 400 and "A guide cannot guide themselves" in page
    assert "checked" in page  # the ticked mentor is still ticked
    nobody = world.client("lead").post(
        url, {"cohort": world.cohort.public_id, "guide": world.other_pair.mentor.employee.public_id}
    )
    assert nobody.status_code == 400 and b"Choose at least one mentor" in nobody.content
    assert not GuideAppointment.objects.exists()


def test_a_mentor_has_one_guide_at_a_time(world: World, appointment: GuideAppointment) -> None:
    another = PairFactory(cohort=world.cohort).mentor.employee
    response = world.client("lead").post(
        reverse("alumni:guides", args=[world.program.public_id]),
        {
            "cohort": world.cohort.public_id,
            "guide": another.public_id,
            "mentors": [world.pair.mentor.public_id],
        },
    )
    page = response.content.decode()
    assert response.status_code == 400 and "One of those mentors now has a guide" in page
    guide = world.other_pair.mentor.employee
    assert (
        escape(f"Already guided: {world.pair.mentor.employee.display_name} (by {guide.first_name}")
        in page
    )
    assert GuideAppointment.objects.count() == 1


def test_the_service_refuses_a_second_guide_for_a_mentor(
    world: World, appointment: GuideAppointment
) -> None:
    another = PairFactory(cohort=world.cohort).mentor.employee
    with pytest.raises(ValidationError, match="already has a guide"):
        guide_appoint(
            cohort=world.cohort,
            guide=another,
            mentors=[world.pair.mentor],
            actor=world.users["lead"],
        )


def test_the_guide_sees_the_pair_as_the_lead_does(
    world: World, appointment: GuideAppointment
) -> None:
    everything_private(world)
    page = world.client("other_member").get(guide_url(appointment))
    text = page.content.decode()
    assert page.status_code == 200
    assert escape(world.pair.mentor.employee.display_name) in text
    assert escape(world.pair.mentee.employee.display_name) in text
    assert "Active" in text and GOAL in text
    assert "<dt>Sessions held</dt><dd>1, last on" in text
    assert_nothing_private(text)


def test_the_guide_cannot_read_anything_private_through_the_pages(
    world: World, appointment: GuideAppointment
) -> None:
    ids = everything_private(world)
    guide = world.client("other_member")
    pair = world.pair.public_id
    urls = [
        reverse("workspace:pair", args=[pair]),
        reverse("workspace:journal", args=[pair]),
        reverse("workspace:journal_entry", args=[ids["entry"].public_id]),
        reverse("workspace:session", args=[ids["session"].public_id]),
        reverse("workspace:milestone", args=[pair]),
        reverse("workspace:concern", args=[pair]),
        reverse("workspace:close", args=[pair]),
        reverse("workspace:goal", args=[pair]),
        reverse("surveys:answer", args=[ids["invitation"].public_id]),
    ]
    for url in urls:
        response = guide.get(url)
        assert response.status_code == 404, url
        assert_nothing_private(response.content.decode())
    for url in (reverse("workspace:inbox"), reverse("home"), guide_url(appointment)):
        assert_nothing_private(guide.get(url).content.decode())


def test_the_guide_cannot_read_anything_private_through_the_api(
    world: World, appointment: GuideAppointment
) -> None:
    ids = everything_private(world)
    guide = world.client("other_member")
    pair = world.pair.public_id
    for name, args in (
        ("api:get_pair", [pair]),
        ("api:get_goal", [pair]),
        ("api:list_sessions", [pair]),
        ("api:get_form", [ids["invitation"].public_id]),
    ):
        response = guide.get(reverse(name, args=args))
        assert response.status_code == 404, name
        assert_nothing_private(response.content.decode())
    for name in ("api:my_pairs", "api:my_surveys", "api:list_stories"):
        response = guide.get(reverse(name))
        assert response.status_code == 200
        assert str(pair) not in response.content.decode()
        assert_nothing_private(response.content.decode())


def test_the_guide_logs_a_check_in_read_by_the_lead_and_not_the_mentor(
    world: World, appointment: GuideAppointment
) -> None:
    guided = appointment.mentors.get()
    prefix = f"m{guided.pk}"
    url = reverse("alumni:check_in", args=[appointment.public_id, world.pair.mentor.public_id])
    line = "Talked through how to open the budget topic"
    saved = world.client("other_member").post(
        url, {f"{prefix}-held_on": TODAY.isoformat(), f"{prefix}-text": line}
    )
    assert saved.status_code == 302
    assert GuideCheckIn.objects.get().text == line
    assert line in world.client("other_member").get(guide_url(appointment)).content.decode()
    assert line in world.client("lead").get(guide_url(appointment)).content.decode()
    assert "read by you and the program lead only" in (
        world.client("other_member").get(guide_url(appointment)).content.decode()
    )
    for role in ("mentor", "mentee"):
        assert line not in world.client(role).get(pair_url(world)).content.decode()
        assert world.client(role).get(guide_url(appointment)).status_code == 404
    assert world.client("sponsor").get(guide_url(appointment)).status_code == 403
    written_by_lead = world.client("lead").post(
        url, {f"{prefix}-held_on": TODAY.isoformat(), f"{prefix}-text": "Lead's words"}
    )
    assert written_by_lead.status_code == 403 and GuideCheckIn.objects.count() == 1


def test_a_refused_check_in_comes_back_filled_in(
    world: World, appointment: GuideAppointment
) -> None:
    prefix = f"m{appointment.mentors.get().pk}"
    url = reverse("alumni:check_in", args=[appointment.public_id, world.pair.mentor.public_id])
    refused = world.client("other_member").post(
        url,
        {
            f"{prefix}-held_on": (TODAY + timedelta(days=2)).isoformat(),
            f"{prefix}-text": "Planned a call",
        },
    )
    page = refused.content.decode()
    assert refused.status_code == 400 and "can&#x27;t be in the future" in page
    assert 'value="Planned a call"' in page
    assert not GuideCheckIn.objects.exists()


def test_the_mentor_sees_their_guide_and_how_to_reach_them(
    world: World, appointment: GuideAppointment
) -> None:
    guide = world.other_pair.mentor.employee
    mentor_view = world.client("mentor").get(pair_url(world)).content.decode()
    assert "Your guide" in mentor_view and escape(guide.display_name) in mentor_view
    assert f'href="mailto:{guide.email}"' in mentor_view
    assert "never your notes, your journal" in mentor_view
    assert "Your guide" not in world.client("mentee").get(pair_url(world)).content.decode()
    lead_view = world.client("lead").get(pair_url(world)).content.decode()
    assert "The mentor's guide" in lead_view and guide_url(appointment) in lead_view


def test_the_guide_finds_their_mentors_from_home(
    world: World, appointment: GuideAppointment
) -> None:
    home = world.client("other_member").get(reverse("home")).content.decode()
    assert "Mentors you guide" in home and guide_url(appointment) in home
    assert "Mentors you guide" not in world.client("mentor").get(reverse("home")).content.decode()


def test_the_guides_home_page_does_not_grow_with_their_mentors(world: World) -> None:
    appointment = appoint(world)
    client = world.client("other_member")
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("home"))
    more = [PairFactory(cohort=world.cohort).mentor for _ in range(4)]
    guide_appoint(
        cohort=world.cohort,
        guide=appointment.guide,
        mentors=more,
        actor=world.users["lead"],
    )
    with CaptureQueriesContext(connection) as second:
        client.get(reverse("home"))
    assert len(second) == len(first)


def test_ending_an_appointment_ends_the_guides_access(
    world: World, appointment: GuideAppointment
) -> None:
    ended = world.client("lead").post(reverse("alumni:guide_end", args=[appointment.public_id]))
    assert ended.status_code == 302
    appointment.refresh_from_db()
    assert appointment.ended_on == TODAY
    assert appointment.mentors.get().ended_on == TODAY
    assert world.client("other_member").get(guide_url(appointment)).status_code == 404
    assert "Your guide" not in world.client("mentor").get(pair_url(world)).content.decode()
    assert world.client("lead").get(guide_url(appointment)).status_code == 200
    again = world.client("lead").post(
        reverse("alumni:guide_end", args=[appointment.public_id]), follow=True
    )
    assert b"already ended" in again.content
    # The mentor is free for a new guide.
    appoint(world)
    assert GuideAppointment.objects.filter(ended_on__isnull=True).count() == 1


def test_a_closed_pairs_private_closure_stays_private_from_the_guide(
    world: World, appointment: GuideAppointment
) -> None:
    everything_private(world)
    Closure.objects.filter(pair=world.pair).update(mentee_learned=PRIVATE["reflection"])
    assert_nothing_private(
        world.client("other_member").get(guide_url(appointment)).content.decode()
    )


@pytest.mark.parametrize("erased", ["guide", "mentor"])
def test_erasing_the_guide_or_the_mentor_removes_the_check_in_words(
    world: World, appointment: GuideAppointment, erased: str
) -> None:
    from upward.alumni.services import guide_check_in
    from upward.privacy.erasure import erase_person

    guide_check_in(
        guided=appointment.mentors.get(),
        held_on=TODAY,
        text="Talked through the Quillfeather launch",
    )
    person = appointment.guide if erased == "guide" else world.pair.mentor.employee
    erase_person(person, by=world.users["site_admin"])
    (check_in,) = GuideCheckIn.objects.all()
    assert "Quillfeather" not in check_in.text and check_in.held_on == TODAY


def test_a_site_admin_who_does_not_lead_sees_that_check_ins_happened_not_what_they_say(
    world: World, appointment: GuideAppointment
) -> None:
    from upward.alumni.services import guide_check_in

    guide_check_in(guided=appointment.mentors.get(), held_on=TODAY, text="Talked about her boss")
    url = guide_url(appointment)
    admin_page = world.client("site_admin").get(url).content.decode()
    assert "Talked about her boss" not in admin_page and "1 check-in logged" in admin_page
    assert "Talked about her boss" in world.client("lead").get(url).content.decode()
