"""Alumni: graduated pairs make alumni, who choose to be listed and may be invited back."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils.html import escape

from tests.clock import TODAY
from tests.conftest import World
from tests.factories import CohortFactory, PairFactory, ParticipantFactory
from upward.alumni.models import Alumnus
from upward.alumni.services import alumni_record
from upward.domain.alumni import MentorPlace, returning_mentors, worked_on
from upward.notifications.models import OutboundEmail
from upward.programs.lifecycle import cohort_move
from upward.programs.models import Cohort, Pair, Participant
from upward.workspace.models import Closure, Concern, Goal, JournalEntry, Session

GOAL = "Publish three reels and reach 250 followers"
PRIVATE = {
    "note": "Private note: the budget talk went badly",
    "journal": "Journal: I doubt myself before sessions",
    "concern": "Concern: my mentee cancels at short notice",
    "reflection": "Reflection: how a budget decision gets made",
}


def graduate_by_agreement(world: World) -> None:
    pair = world.pair.public_id
    world.client("mentee").post(
        reverse("workspace:close", args=[pair]),
        {
            "decision": "graduate",
            "reflection": "Reels",
            "next_steps": "Brief my team",
            "step": "send",
        },
    )
    answered = world.client("mentor").post(
        reverse("workspace:close_answer", args=[pair]),
        {"answer": "confirm", "reflection": PRIVATE["reflection"]},
    )
    assert answered.status_code == 302


def add_goal(pair: Pair, text: str = GOAL) -> Goal:
    return Goal.objects.create(
        pair=pair,
        text=text,
        metric="Followers",
        unit="followers",
        direction="up",
        baseline=40,
        target=250,
        deadline=TODAY + timedelta(days=30),
        owner=pair.mentee,
    )


def add_private_words(pair: Pair) -> None:
    Session.objects.create(
        pair=pair,
        starts_at=f"{TODAY - timedelta(days=3)}T10:00:00Z",
        status="held",
        private_notes=PRIVATE["note"],
    )
    JournalEntry.objects.create(
        pair=pair, author=pair.mentor, written_on=TODAY, text=PRIVATE["journal"]
    )
    Concern.objects.create(pair=pair, raised_by=pair.mentor, topic="other", text=PRIVATE["concern"])


def alumni_page(world: World, role: str = "lead") -> str:
    response = world.client(role).get(reverse("alumni:program", args=[world.program.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def listed_page(world: World, role: str) -> str:
    response = world.client(role).get(reverse("alumni:listed", args=[world.program.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def name(participant: Participant) -> str:
    return escape(participant.employee.display_name)


def test_a_pair_that_agrees_to_graduate_makes_both_members_alumni(world: World) -> None:
    add_goal(world.pair)
    graduate_by_agreement(world)
    alumni = Alumnus.objects.filter(program=world.program)
    assert {a.employee_id for a in alumni} == {
        world.pair.mentor.employee_id,
        world.pair.mentee.employee_id,
    }
    assert {a.way for a in alumni} == {"closure"} and {a.graduated_on for a in alumni} == {TODAY}
    page = alumni_page(world)
    assert name(world.pair.mentor) in page and name(world.pair.mentee) in page
    assert GOAL in page and world.cohort.name in page


def test_agreeing_to_continue_or_reshuffle_makes_no_alumni(world: World) -> None:
    Closure.objects.create(pair=world.pair, decision="reshuffle", next_steps="x", memo="x")
    world.pair.state = Pair.State.PAUSED
    world.pair.save()
    assert not Alumnus.objects.exists()


def test_closing_a_cohort_makes_alumni_of_its_working_pairs_only(world: World) -> None:
    never_started = PairFactory(cohort=world.cohort, state=Pair.State.PROPOSED)
    dissolved = PairFactory(cohort=world.cohort, state=Pair.State.DISSOLVED)
    cohort_move(world.cohort, to=Cohort.State.CLOSING, actor=world.users["lead"])
    cohort_move(world.cohort, to=Cohort.State.CLOSED, actor=world.users["lead"], confirmed=True)
    people = set(Alumnus.objects.values_list("employee_id", flat=True))
    for pair in (world.pair, world.other_pair):
        assert {pair.mentor.employee_id, pair.mentee.employee_id} <= people
    for pair in (never_started, dissolved):
        assert not {pair.mentor.employee_id, pair.mentee.employee_id} & people
    assert set(Alumnus.objects.values_list("way", flat=True)) == {"cohort_closed"}


def test_closing_the_cohort_through_the_lifecycle_page_makes_alumni(world: World) -> None:
    lead = world.client("lead")
    move = reverse("governance:cohort_move", args=[world.cohort.public_id])
    lead.post(move, {"to": "closing"})
    lead.post(move, {"to": "closed", "confirm": "yes"})
    world.cohort.refresh_from_db()
    assert world.cohort.state == Cohort.State.CLOSED
    assert Alumnus.objects.filter(employee=world.pair.mentor.employee).exists()


def test_recording_the_same_graduation_twice_keeps_one_record_and_the_persons_choices(
    world: World,
) -> None:
    world.pair.state = Pair.State.CLOSED
    alumni_record(pairs=[world.pair], way="closure")
    Alumnus.objects.update(listed=True)
    again = alumni_record(pairs=[world.pair], way="cohort_closed")
    assert again == [] and Alumnus.objects.count() == 2
    assert set(Alumnus.objects.values_list("listed", "way")) == {(True, "closure")}


def test_the_alumni_page_shows_what_a_pair_worked_on_and_nothing_private(world: World) -> None:
    add_goal(world.pair)
    add_private_words(world.pair)
    graduate_by_agreement(world)
    for role in ("lead", "site_admin"):
        page = alumni_page(world, role)
        assert GOAL in page
        for text in PRIVATE.values():
            assert escape(text) not in page and text not in page


def test_without_a_goal_the_pair_is_known_by_its_session_topics(world: World) -> None:
    from upward.workspace.models import Tag

    session = Session.objects.create(pair=world.pair, starts_at=f"{TODAY}T09:00:00Z", status="held")
    session.tags.set([Tag.objects.create(name="AI assistants")])
    world.pair.state = Pair.State.CLOSED
    alumni_record(pairs=[world.pair], way="closure")
    assert "AI assistants" in alumni_page(world)


def test_members_see_only_the_alumni_who_chose_to_be_listed(world: World) -> None:
    add_goal(world.pair)
    graduate_by_agreement(world)
    mentor = name(world.pair.mentor)
    assert mentor not in listed_page(world, "other_member")
    mine = world.client("mentor").get(reverse("alumni:mine")).content.decode()
    assert world.program.name in mine and "List me on the program" in mine
    alumnus = Alumnus.objects.get(employee=world.pair.mentor.employee)
    prefix = str(alumnus.public_id)
    saved = world.client("mentor").post(
        reverse("alumni:choices", args=[alumnus.public_id]),
        {f"{prefix}-listed": "on", f"{prefix}-open_to_return": "on"},
    )
    assert saved.status_code == 302
    page = listed_page(world, "other_member")
    assert mentor in page and GOAL in page and "Happy to help again" in page
    assert name(world.pair.mentee) not in page  # the mentee has not chosen to be listed
    assert (
        world.client("outsider")
        .get(reverse("alumni:listed", args=[world.program.public_id]))
        .status_code
        == 404
    )


def test_nobody_changes_someone_elses_alumni_choices(world: World) -> None:
    graduate_by_agreement(world)
    alumnus = Alumnus.objects.get(employee=world.pair.mentor.employee)
    prefix = str(alumnus.public_id)
    for role in ("mentee", "lead", "site_admin"):
        response = world.client(role).post(
            reverse("alumni:choices", args=[alumnus.public_id]), {f"{prefix}-listed": "on"}
        )
        assert response.status_code == 404
    alumnus.refresh_from_db()
    assert not alumnus.listed


def test_sponsors_see_the_figure_and_only_the_listed_alumni(world: World) -> None:
    graduate_by_agreement(world)
    Alumnus.objects.filter(employee=world.pair.mentee.employee).update(listed=True)
    page = alumni_page(world, "sponsor")
    assert "returning mentor" in page
    assert name(world.pair.mentee) in page and name(world.pair.mentor) not in page
    assert "Send the invitation" not in page and "Appoint as a guide" not in page


def later_cohort(world: World, **extra: object) -> Cohort:
    values: dict[str, object] = {
        "program": world.program,
        "name": "Cohort 3",
        "start_date": TODAY + timedelta(days=30),
        "end_date": TODAY + timedelta(days=120),
        "state": Cohort.State.UPCOMING,
    }
    return CohortFactory(**{**values, **extra})


def test_the_lead_invites_an_alumnus_back_with_the_usual_invitation(world: World) -> None:
    graduate_by_agreement(world)
    cohort = later_cohort(world)
    alumnus = Alumnus.objects.get(employee=world.pair.mentor.employee)
    assert "Cohort 3" in alumni_page(world)
    response = world.client("lead").post(
        reverse("alumni:invite_back", args=[alumnus.public_id]), {"cohort": cohort.public_id}
    )
    assert response.status_code == 302
    participant = Participant.objects.get(cohort=cohort, employee=alumnus.employee)
    assert participant.role == "mentor" and participant.state == "invited"
    assert participant.consent_at is None  # they say yes themselves
    email = OutboundEmail.objects.get(template="invitation", to=alumnus.employee.email)
    assert str(participant.public_id) in email.context["link"]
    alumnus.refresh_from_db()
    assert alumnus.state == "invited_back" and alumnus.invited_back_to == cohort
    assert "Invited back" in alumni_page(world)


def test_a_leader_who_was_mentored_is_not_invited_back_to_mentor(world: World) -> None:
    graduate_by_agreement(world)
    cohort = later_cohort(world)
    mentee = Alumnus.objects.get(employee=world.pair.mentee.employee)
    page = alumni_page(world)
    assert page.count("Send the invitation") == 1  # the mentor's card only
    response = world.client("lead").post(
        reverse("alumni:invite_back", args=[mentee.public_id]),
        {"cohort": cohort.public_id},
        follow=True,
    )
    assert b"Only alumni who mentored are invited back" in response.content
    assert not Participant.objects.filter(cohort=cohort).exists()


def test_inviting_back_to_a_cohort_before_the_graduation_is_refused(world: World) -> None:
    graduate_by_agreement(world)
    alumnus = Alumnus.objects.get(employee=world.pair.mentor.employee)
    lead = world.client("lead")
    response = lead.post(
        reverse("alumni:invite_back", args=[alumnus.public_id]),
        {"cohort": world.cohort.public_id},
        follow=True,
    )
    assert b"Choose a later cohort" in response.content
    assert not OutboundEmail.objects.filter(template="invitation").exists()
    assert Alumnus.objects.get(pk=alumnus.pk).state == "graduated"


def test_returning_mentors_are_alumni_mentoring_a_later_cohort(world: World) -> None:
    pilot = CohortFactory(
        program=world.program,
        start_date=TODAY - timedelta(days=200),
        end_date=TODAY - timedelta(days=100),
        state=Cohort.State.CLOSED,
    )
    earlier = PairFactory(
        cohort=pilot,
        state=Pair.State.CLOSED,
        started_on=TODAY - timedelta(days=190),
        ended_on=TODAY - timedelta(days=100),
    )
    alumni_record(pairs=[earlier], way="cohort_closed")
    # The running cohort has two mentors already; the pilot's mentor comes back to it.
    ParticipantFactory(cohort=world.cohort, employee=earlier.mentor.employee, role="mentor")
    ParticipantFactory(cohort=later_cohort(world), role="mentor", state="invited")  # not yet
    page = alumni_page(world)
    assert "1 of 3</strong> returning mentor" in page
    assert "1 of 3 mentors in later cohorts was alumni of an earlier one." in page


def test_a_graduated_member_finds_their_alumni_choices_from_home_and_the_pair_page(
    world: World,
) -> None:
    graduate_by_agreement(world)
    for page in (
        world.client("mentor").get(reverse("home")),
        world.client("mentor").get(reverse("workspace:pair", args=[world.pair.public_id])),
    ):
        assert reverse("alumni:mine") in page.content.decode()
    assert (
        reverse("alumni:mine")
        not in world.client("other_member").get(reverse("home")).content.decode()
    )


def test_the_program_page_leads_to_alumni_and_guides(world: World) -> None:
    url = reverse("programs:detail", args=[world.program.public_id])
    lead = world.client("lead").get(url).content.decode()
    assert reverse("alumni:program", args=[world.program.public_id]) in lead
    assert reverse("alumni:guides", args=[world.program.public_id]) in lead
    sponsor = world.client("sponsor").get(url).content.decode()
    assert reverse("alumni:guides", args=[world.program.public_id]) not in sponsor


def test_someone_who_has_not_graduated_is_told_how_they_will(world: World) -> None:
    page = world.client("outsider").get(reverse("alumni:mine"))
    assert page.status_code == 200 and b"not an alumnus of any program yet" in page.content


# The figure itself: pure.
D = date(2026, 1, 1)


def test_the_figure_counts_each_returning_person_once_with_its_n() -> None:
    graduated = {1: D, 2: D + timedelta(days=200)}
    places = [
        MentorPlace(1, D - timedelta(days=100)),  # their first cohort, before graduating
        MentorPlace(1, D + timedelta(days=100)),
        MentorPlace(1, D + timedelta(days=300)),
        MentorPlace(2, D + timedelta(days=100)),  # mentoring again before graduating: not back
        MentorPlace(3, D + timedelta(days=100)),
    ]
    figure = returning_mentors(places, graduated)
    assert (figure.returning, figure.n) == (1, 3)
    assert figure.sentence() == "1 of 3 mentors in later cohorts was alumni of an earlier one."


def test_without_graduates_there_is_no_figure() -> None:
    figure = returning_mentors([MentorPlace(1, D)], {})
    assert (figure.returning, figure.n, figure.share) == (0, 0, None)
    assert "nobody could return yet" in figure.sentence()


def test_a_pair_is_known_by_its_goal_or_its_most_used_topics() -> None:
    assert worked_on(" Reach 250 ", ["x"]) == "Reach 250"
    assert worked_on("", ["AI", "Video", "AI", "Data", "Video", "AI", "Zines"]) == (
        "AI, Video, Data"
    )
    assert worked_on("", []) == ""
