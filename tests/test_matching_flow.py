"""Match rounds through HTTP: run, review, edit, publish; mentee choice; reshuffle; bad input."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from tests.factories import (
    TODAY,
    CohortFactory,
    CompetencyFactory,
    EmployeeFactory,
    ParticipantFactory,
    ProgramRoleFactory,
    SkillRatingFactory,
    UserFactory,
)
from upward.accounts.models import Profile
from upward.accounts.models import User as UserModel
from upward.matching.models import MatchEvent, MatchProfile, MatchRound, Proposal
from upward.matching.outcomes import past_outcomes
from upward.programs.models import Cohort, Pair, Participant


class Org:
    """A cohort of 4 leaders and 5 juniors with profiles, led by `lead`."""

    def __init__(self) -> None:
        self.ai, self.video = CompetencyFactory(name="AI tools"), CompetencyFactory(name="Video")
        self.cohort = CohortFactory(
            start_date=TODAY + timedelta(days=10), end_date=TODAY + timedelta(days=94)
        )
        self.lead = ProgramRoleFactory(program=self.cohort.program, role="lead").user
        boss = EmployeeFactory(level=10)
        self.mentees = [self._person("mentee", level=8, manager=boss) for _ in range(4)]
        self.mentors = [self._person("mentor", level=2, manager=self.mentees[0].employee)]
        self.mentors += [self._person("mentor", level=2, manager=boss) for _ in range(4)]

    def _person(self, role: str, *, level: int, manager) -> Participant:
        employee = EmployeeFactory(level=level, manager=manager, time_zone="Europe/Berlin")
        participant = ParticipantFactory(cohort=self.cohort, employee=employee, role=role)
        profile = MatchProfile.objects.create(
            participant=participant, interests=["AI tools"], slots=["mon-am"]
        )
        if role == "mentee":
            profile.wants.set([self.ai, self.video])
        else:
            SkillRatingFactory(employee=employee, competency=self.ai, level=5)
        return participant

    def client(self, user=None) -> Client:
        client = Client()
        client.force_login(user or self.lead)
        return client

    def account(self, participant: Participant):
        user = UserFactory()
        participant.employee.account = user
        participant.employee.save(update_fields=["account"])
        return user


@pytest.fixture
def org(db) -> Org:
    return Org()


ROUND_FORM = {
    "mode": "lead_assigns",
    "algorithm": "optimal",
    "complementarity": 0.5,
    "interests": 0.2,
    "availability": 0.2,
    "diversity": 0.1,
    "chain_depth": 2,
    "min_level_gap": 2,
    "max_tz_gap_hours": 6,
    "shortlist_size": 3,
    "exposure_cap": 0,
    "diversity_quota": 0,
}


def create_round(org: Org, **fields) -> MatchRound:
    data = {**ROUND_FORM, **fields}
    response = org.client().post(reverse("matching:cohort", args=[org.cohort.public_id]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return MatchRound.objects.latest("created_at")


def run(org: Org, match_round: MatchRound, user=None) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        org.client(user).post(reverse("matching:run", args=[match_round.public_id]))
    match_round.refresh_from_db()


def test_a_round_proposes_explained_pairs_and_never_crosses_a_reporting_line(org: Org) -> None:
    match_round = create_round(org)
    run(org, match_round)
    assert match_round.state == MatchRound.State.PROPOSED
    proposals = list(match_round.proposals.all())
    assert len(proposals) == 4
    # mentors[0] reports to mentees[0]: never paired together
    assert not match_round.proposals.filter(mentee=org.mentees[0], mentor=org.mentors[0]).exists()
    assert any(
        "Covers 1 of 2 skills the mentee wants: AI tools" in " ".join(p.reasons) for p in proposals
    )
    assert all("diversity" not in p.parts for p in proposals)
    page = org.client().get(reverse("matching:round", args=[match_round.public_id])).content
    assert b"Not matched this round" in page and b"Publish 4 pairs" in page


def test_the_unmatched_mentor_is_told_why(org: Org) -> None:
    match_round = create_round(org)
    run(org, match_round)
    unmatched = match_round.unmatched.get()
    assert unmatched.participant.role == "mentor"
    assert "more mentors than mentees" in unmatched.reason or "reporting line" in unmatched.reason


def test_publishing_creates_pairs_and_records_who_did_it(org: Org) -> None:
    match_round = create_round(org)
    run(org, match_round)
    unconfirmed = org.client().post(
        reverse("matching:publish", args=[match_round.public_id]), follow=True
    )
    assert "Tick the box to confirm" in unconfirmed.content.decode()
    assert not Pair.objects.filter(cohort=org.cohort).exists()  # nothing without the yes
    response = org.client().post(
        reverse("matching:publish", args=[match_round.public_id]), {"confirm": "yes"}
    )
    assert response.status_code == 302
    assert Pair.objects.filter(cohort=org.cohort, state="active").count() == 4
    left_out = match_round.unmatched.get().participant
    assert MatchProfile.objects.get(participant=left_out).priority is True
    assert MatchEvent.objects.filter(round=match_round, action="published", actor=org.lead).exists()
    again = org.client().post(
        reverse("matching:publish", args=[match_round.public_id]), {"confirm": "yes"}
    )
    assert again.status_code == 302
    assert Pair.objects.filter(cohort=org.cohort).count() == 4  # nothing published twice


def test_locked_pairs_survive_a_rerun(org: Org) -> None:
    match_round = create_round(org)
    run(org, match_round)
    first = match_round.proposals.order_by("pk").first()
    org.client().post(reverse("matching:lock", args=[match_round.public_id, first.public_id]))
    run(org, match_round)
    kept = match_round.proposals.get(mentee=first.mentee)
    assert kept.mentor == first.mentor and kept.locked
    assert MatchEvent.objects.filter(round=match_round, action="locked").exists()


def test_a_lead_swaps_two_mentors_and_says_why(org: Org) -> None:
    match_round = create_round(org)
    MatchRound.objects.filter(pk=match_round.pk).update(state=MatchRound.State.PROPOSED)
    one = Proposal.objects.create(
        round=match_round, mentee=org.mentees[1], mentor=org.mentors[1], score=0.5
    )
    two = Proposal.objects.create(
        round=match_round, mentee=org.mentees[2], mentor=org.mentors[2], score=0.5
    )
    swap = {"first": one.public_id, "second": two.public_id, "reason": "Know each other"}
    org.client().post(reverse("matching:swap", args=[match_round.public_id]), swap)
    swapped = Proposal.objects.get(pk=one.pk)
    assert swapped.mentor == org.mentors[2] and swapped.source == "lead"
    assert swapped.reasons  # re-explained for the new pairing
    assert MatchEvent.objects.filter(
        round=match_round, action="swapped", reason="Know each other"
    ).exists()


def test_a_swap_into_a_reporting_line_is_refused(org: Org) -> None:
    match_round = create_round(org)
    MatchRound.objects.filter(pk=match_round.pk).update(state=MatchRound.State.PROPOSED)
    # mentors[0] reports to mentees[0]: swapping them together must be refused.
    boss = Proposal.objects.create(
        round=match_round, mentee=org.mentees[0], mentor=org.mentors[1], score=0.5
    )
    other = Proposal.objects.create(
        round=match_round, mentee=org.mentees[1], mentor=org.mentors[0], score=0.5
    )
    response = org.client().post(
        reverse("matching:swap", args=[match_round.public_id]),
        {"first": boss.public_id, "second": other.public_id, "reason": "try"},
        follow=True,
    )
    assert b"reporting chain" in response.content
    assert Proposal.objects.get(pk=boss.pk).mentor == org.mentors[1]


def test_ruling_out_a_pair_frees_the_mentee_for_the_next_run(org: Org) -> None:
    match_round = create_round(org)
    run(org, match_round)
    proposal = match_round.proposals.first()
    org.client().post(
        reverse("matching:exclude", args=[match_round.public_id, proposal.public_id]),
        {"reason": "Same project team"},
    )
    run(org, match_round)
    assert not match_round.proposals.filter(mentee=proposal.mentee, mentor=proposal.mentor).exists()


def test_mentee_choice_round_from_shortlist_to_pairs(org: Org) -> None:
    match_round = create_round(org, mode="mentee_chooses", exposure_cap=3)
    run(org, match_round)
    assert match_round.state == MatchRound.State.CHOOSING
    told = {m.to[0] for m in mail.outbox if "choose your mentor" in m.subject}
    assert told == {p.employee.email for p in org.mentees}  # each mentee hears, no mentor
    link = reverse("matching:shortlist", args=[match_round.public_id])
    assert all(link in m.body for m in mail.outbox if "choose your mentor" in m.subject)
    mentee = org.mentees[1]
    user = org.account(mentee)
    page = org.client(user).get(reverse("matching:shortlist", args=[match_round.public_id]))
    assert page.status_code == 200 and b"Choose your mentor" in page.content
    entries = list(match_round.shortlist.filter(mentee=mentee).order_by("position"))
    assert 1 <= len(entries) <= 3
    favourite = entries[-1].mentor
    mentor_user = org.account(favourite)
    Profile.objects.create(user=mentor_user, offers="Prompt writing for sales teams")
    shortlist = org.client(user).get(reverse("matching:shortlist", args=[match_round.public_id]))
    assert b"Prompt writing for sales teams" in shortlist.content  # in the mentor's own words
    org.client(user).post(
        reverse("matching:shortlist", args=[match_round.public_id]),
        {f"rank_{favourite.public_id}": "1"},
    )
    requests = org.client(mentor_user).get(
        reverse("matching:requests", args=[match_round.public_id])
    )
    assert mentee.employee.display_name.encode() in requests.content
    assert b"Choice 1" not in requests.content  # the mentor never sees rankings
    org.client(mentor_user).post(
        reverse("matching:requests", args=[match_round.public_id]),
        {"mentee": mentee.public_id, "answer": "accept"},
    )
    resolve = reverse("matching:resolve", args=[match_round.public_id])
    # Most mentees have not chosen: closing early says so and waits for the lead's yes.
    warned = org.client().post(resolve, follow=True).content.decode()
    assert "mentees have not ranked their shortlist yet" in warned
    assert "Close choosing anyway" in warned
    match_round.refresh_from_db()
    assert match_round.state == MatchRound.State.CHOOSING
    with TestCase.captureOnCommitCallbacks(execute=True):
        org.client().post(resolve, {"confirm": "yes"})
    match_round.refresh_from_db()
    assert match_round.state == MatchRound.State.PROPOSED
    chosen = match_round.proposals.get(mentee=mentee)
    assert chosen.mentor == favourite and chosen.choice_rank == 1


def test_a_mentee_cannot_rank_a_mentor_off_their_shortlist(org: Org) -> None:
    match_round = create_round(org, mode="mentee_chooses", shortlist_size=1)
    run(org, match_round)
    mentee = org.mentees[1]
    user = org.account(mentee)
    offered = set(match_round.shortlist.filter(mentee=mentee).values_list("mentor", flat=True))
    outsider = next(m for m in org.mentors if m.pk not in offered)  # 1 of 5 is offered
    response = org.client(user).post(
        reverse("matching:shortlist", args=[match_round.public_id]),
        {f"rank_{outsider.public_id}": "1"},
    )
    assert response.status_code == 400
    assert b"only rank mentors from your own shortlist" in response.content
    api = org.client(user).put(
        f"/api/v1/matching/rounds/{match_round.public_id}/choices",
        {"mentors": [str(outsider.public_id)]},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert not match_round.choices.exists()


def test_a_mentee_sees_only_their_own_shortlist(org: Org) -> None:
    match_round = create_round(org, mode="mentee_chooses")
    run(org, match_round)
    user = org.account(org.mentees[1])
    shown = org.client(user).get(f"/api/v1/matching/rounds/{match_round.public_id}/shortlist")
    mine = set(
        match_round.shortlist.filter(mentee=org.mentees[1]).values_list(
            "mentor__public_id", flat=True
        )
    )
    assert {row["mentor"] for row in shown.json()["items"]} == {str(m) for m in mine}


def test_reshuffle_rematches_only_the_chosen_pairs(org: Org) -> None:
    match_round = create_round(org)
    run(org, match_round)
    org.client().post(reverse("matching:publish", args=[match_round.public_id]), {"confirm": "yes"})
    pairs = list(Pair.objects.filter(cohort=org.cohort).order_by("pk"))
    # Not mentees[0]: the spare mentor may report to them, leaving no one to re-match with.
    stale = next(pair for pair in pairs if pair.mentee != org.mentees[0])
    response = org.client().post(
        reverse("matching:reshuffle", args=[org.cohort.public_id]),
        {"pairs": [stale.public_id], "reason": "No session in 6 weeks"},
    )
    shuffle = MatchRound.objects.latest("created_at")
    assert response.status_code == 302 and shuffle.kind == MatchRound.Kind.RESHUFFLE
    run(org, shuffle)
    new = shuffle.proposals.get()
    assert new.mentee == stale.mentee and new.mentor != stale.mentor
    org.client().post(reverse("matching:publish", args=[shuffle.public_id]), {"confirm": "yes"})
    stale.refresh_from_db()
    assert stale.state == Pair.State.DISSOLVED
    others = [p.pk for p in pairs if p.pk != stale.pk]
    untouched = Pair.objects.filter(pk__in=others, state="active").count()
    assert untouched == len(pairs) - 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"complementarity": 1.5}, b"less than or equal to 1"),
        (
            {"complementarity": 0, "interests": 0, "availability": 0, "diversity": 0},
            b"At least one weight must be above 0",
        ),
        ({"mode": "mentee_chooses", "algorithm": "stable"}, b"pick one or the other"),
        ({"min_level_gap": -1}, b"greater than or equal to 0"),
    ],
)
def test_bad_round_settings_are_refused_with_a_reason(org: Org, fields, message) -> None:
    data = {**ROUND_FORM, **fields}
    response = org.client().post(reverse("matching:cohort", args=[org.cohort.public_id]), data)
    assert response.status_code == 400 and message in response.content
    assert not MatchRound.objects.exists()


def test_an_empty_cohort_fails_with_a_stated_outcome(db) -> None:
    cohort = CohortFactory()
    lead = ProgramRoleFactory(program=cohort.program, role="lead").user
    client = Client()
    client.force_login(lead)
    created = client.post(
        f"/api/v1/matching/cohorts/{cohort.public_id}/rounds", {}, content_type="application/json"
    )
    assert created.status_code == 201
    round_id = created.json()["id"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(f"/api/v1/matching/rounds/{round_id}/run")
    body = client.get(f"/api/v1/matching/rounds/{round_id}").json()
    assert body["state"] == "failed"
    assert body["summary"]["problem"] == "There are no mentees left to match in this cohort."


def test_all_infeasible_cohort_lists_everyone_with_a_reason(org: Org) -> None:
    match_round = create_round(org, min_level_gap=15)
    run(org, match_round)
    assert match_round.proposals.count() == 0
    reasons = list(match_round.unmatched.values_list("reason", flat=True))
    assert len(reasons) == 9
    assert all("15 levels" in reason for reason in reasons)


def test_publishing_a_pair_with_someone_who_left_is_refused(org: Org) -> None:
    match_round = create_round(org)
    run(org, match_round)
    leaver = match_round.proposals.first().mentor.employee
    leaver.status, leaver.exit_date, leaver.exit_type = "exited", TODAY, "voluntary"
    leaver.save(update_fields=["status", "exit_date", "exit_type"])
    response = org.client().post(
        reverse("matching:publish", args=[match_round.public_id]), {"confirm": "yes"}, follow=True
    )
    assert b"include someone who has left" in response.content
    assert not Pair.objects.filter(cohort=org.cohort).exists()


def test_a_locked_pair_with_someone_who_left_blocks_the_rerun(org: Org) -> None:
    match_round = create_round(org)
    run(org, match_round)
    proposal = match_round.proposals.first()
    org.client().post(reverse("matching:lock", args=[match_round.public_id, proposal.public_id]))
    leaver = proposal.mentee.employee
    leaver.status, leaver.exit_date, leaver.exit_type = "exited", TODAY, "voluntary"
    leaver.save(update_fields=["status", "exit_date", "exit_type"])
    run(org, match_round)
    assert match_round.state == MatchRound.State.FAILED
    assert "locked pair includes someone who has left" in match_round.summary["problem"]


def test_round_pages_poll_while_running(org: Org) -> None:
    match_round = create_round(org)
    MatchRound.objects.filter(pk=match_round.pk).update(
        state="running", progress={"step": "Scoring every possible pair", "percent": 35}
    )
    partial = org.client().get(
        reverse("matching:round", args=[match_round.public_id]), headers={"HX-Request": "true"}
    )
    assert b"Scoring every possible pair" in partial.content and b'value="35"' in partial.content


def test_a_lead_of_another_program_cannot_see_the_round(org: Org) -> None:
    match_round = create_round(org)
    stranger = ProgramRoleFactory(role="lead").user
    client = Client()
    client.force_login(stranger)
    assert client.get(reverse("matching:round", args=[match_round.public_id])).status_code == 404


def test_round_page_query_count_is_fixed(org: Org, django_assert_num_queries) -> None:
    match_round = create_round(org)
    run(org, match_round)
    client = org.client()
    url = reverse("matching:round", args=[match_round.public_id])
    with django_assert_num_queries(14):
        assert client.get(url).status_code == 200
    for level, role in ((8, "mentee"), (2, "mentor")):
        ParticipantFactory(cohort=org.cohort, employee=EmployeeFactory(level=level), role=role)
    run(org, match_round)
    with django_assert_num_queries(14):  # one more pair, the same number of queries
        assert client.get(url).status_code == 200


def test_a_mentor_with_capacity_two_takes_two_mentees_and_no_more(org: Org) -> None:
    for mentor in org.mentors[1:]:
        mentor.state = Participant.State.WITHDRAWN
        mentor.save(update_fields=["state"])
    star = org.mentors[1]
    star.state = Participant.State.ACTIVE
    star.save(update_fields=["state"])
    MatchProfile.objects.filter(participant=star).update(capacity=2)
    match_round = create_round(org)
    run(org, match_round)
    assert match_round.proposals.filter(mentor=star).count() == 2
    org.client().post(reverse("matching:publish", args=[match_round.public_id]), {"confirm": "yes"})
    assert Pair.objects.filter(mentor=star, state="active").count() == 2
    MatchProfile.objects.filter(participant=star).update(capacity=1)
    second = create_round(org)
    MatchRound.objects.filter(pk=second.pk).update(state=MatchRound.State.PROPOSED)
    Proposal.objects.create(round=second, mentee=org.mentees[3], mentor=star, score=0.5)
    refused = org.client().post(
        reverse("matching:publish", args=[second.public_id]), {"confirm": "yes"}, follow=True
    )
    assert b"more people than their capacity allows" in refused.content


def test_past_outcomes_suggest_bounded_weights_the_lead_can_use_or_reset(db) -> None:
    from upward.demo.seed import build_demo

    build_demo(today=TODAY, seed=5)
    cohort = Cohort.objects.get(name="Cohort 3")
    lead = UserModel.objects.get(username="lead")
    client = Client()
    client.force_login(lead)
    page = client.get(reverse("matching:cohort", args=[cohort.public_id])).content.decode()
    assert "What past pairs suggest" in page
    measured, _ = past_outcomes(cohort)  # the pilot's closed pairs with partner ratings
    assert len(measured) >= 8
    assert f"Based on {len(measured)} past pairs" in page
    suggested = client.get(
        reverse("matching:cohort", args=[cohort.public_id]), {"weights": "suggested"}
    ).content.decode()
    assert "Reset to the defaults" in suggested


def test_a_duplicate_rank_is_refused_and_every_rank_comes_back_as_chosen(org: Org) -> None:
    match_round = create_round(org, mode="mentee_chooses", exposure_cap=3)
    run(org, match_round)
    mentee = org.mentees[1]
    user = org.account(mentee)
    entries = list(match_round.shortlist.filter(mentee=mentee).order_by("position"))
    assert len(entries) >= 2
    typed = {f"rank_{e.mentor.public_id}": "1" for e in entries[:2]}  # two first choices
    if len(entries) > 2:
        typed[f"rank_{entries[2].mentor.public_id}"] = "2"

    refused = org.client(user).post(
        reverse("matching:shortlist", args=[match_round.public_id]), typed
    )

    assert refused.status_code == 400
    page = refused.content.decode()
    assert "same choice number" in page
    for name, rank in typed.items():
        select = page.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
        assert f'<option value="{rank}" selected>' in select, name
    assert not match_round.choices.exists()


def test_only_people_who_said_yes_and_did_the_intake_are_matched(org: Org) -> None:
    """The invited, the one who declined and the one half-way through the intake are never
    proposed, and the round page says who was left out and why."""
    waiting = ParticipantFactory(
        cohort=org.cohort, role="mentor", state="invited", employee=EmployeeFactory(level=1)
    )
    declined = ParticipantFactory(
        cohort=org.cohort, role="mentor", state="declined", employee=EmployeeFactory(level=1)
    )
    half_way = ParticipantFactory(
        cohort=org.cohort, role="mentee", employee=EmployeeFactory(level=9)
    )
    half_way.intake_completed_at = None
    half_way.save(update_fields=["intake_completed_at"])
    for mentor in org.mentors[1:]:  # leave room: without the rule, the extras would be matched
        mentor.state = "withdrawn"
        mentor.save(update_fields=["state"])
    match_round = create_round(org)
    run(org, match_round)
    proposed = set(match_round.proposals.values_list("mentor", flat=True)) | set(
        match_round.proposals.values_list("mentee", flat=True)
    )
    assert not proposed & {waiting.pk, declined.pk, half_way.pk}
    page = org.client().get(reverse("matching:round", args=[match_round.public_id]))
    text = page.content.decode()
    assert "Invited, not answered yet: <strong>1</strong>" in text
    assert "Declined: <strong>1</strong>" in text
    assert "Said yes, intake not finished: <strong>1</strong>" in text


def test_a_hand_made_pair_with_someone_who_has_not_said_yes_is_not_published(org: Org) -> None:
    match_round = create_round(org)
    run(org, match_round)
    proposal = match_round.proposals.first()
    proposal.mentor.state, proposal.mentor.consent_at = "invited", None
    proposal.mentor.save(update_fields=["state", "consent_at"])
    response = org.client().post(
        reverse("matching:publish", args=[match_round.public_id]), {"confirm": "yes"}, follow=True
    )
    assert b"has not said yes or finished the intake" in response.content
    assert not Pair.objects.filter(cohort=org.cohort).exists()
    proposal.mentor.refresh_from_db()
    assert proposal.mentor.state == "invited"  # publishing never signs anyone up


def _choosing_round(org: Org, **fields) -> tuple[MatchRound, Participant, Participant]:
    match_round = create_round(org, mode="mentee_chooses", shortlist_size=5, **fields)
    run(org, match_round)
    mentee = org.mentees[1]
    favourite = match_round.shortlist.filter(mentee=mentee).order_by("position")[0].mentor
    org.client(org.account(mentee)).post(
        reverse("matching:shortlist", args=[match_round.public_id]),
        {f"rank_{favourite.public_id}": "1"},
    )
    return match_round, mentee, favourite


def _close_choosing(org: Org, match_round: MatchRound) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        org.client().post(
            reverse("matching:resolve", args=[match_round.public_id]), {"confirm": "yes"}
        )
    match_round.refresh_from_db()


def test_a_mentor_who_has_not_answered_is_not_paired_with_the_mentee_who_asked(org: Org) -> None:
    match_round, mentee, favourite = _choosing_round(org)
    _close_choosing(org, match_round)
    assert match_round.state == MatchRound.State.PROPOSED
    assert match_round.proposals.get(mentee=mentee).mentor != favourite


def test_after_the_answer_date_silence_counts_as_the_lead_chose(org: Org, clock) -> None:
    due = TODAY + timedelta(days=3)
    match_round, mentee, favourite = _choosing_round(
        org, answers_due=due.isoformat(), unanswered="accepts"
    )
    page = org.client().get(reverse("matching:round", args=[match_round.public_id]))
    assert "a request still unanswered counts as a yes" in page.content.decode()
    clock.shift(timedelta(days=4))
    _close_choosing(org, match_round)
    assert match_round.proposals.get(mentee=mentee).mentor == favourite


def test_the_api_runs_a_mentee_choice_round_with_its_deadline_and_confirmation(org: Org) -> None:
    ParticipantFactory(cohort=org.cohort, role="mentor", state=Participant.State.DECLINED)
    client = org.client()
    created = client.post(
        f"/api/v1/matching/cohorts/{org.cohort.public_id}/rounds",
        {
            "mode": "mentee_chooses",
            "answers_due": str(TODAY + timedelta(days=5)),
            "unanswered": "accepts",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["answers_due"] == str(TODAY + timedelta(days=5))
    assert body["unanswered_counts_as"] == "accepts"
    assert {"reason": "declined", "count": 1} in body["left_out"]
    match_round = MatchRound.objects.get(public_id=body["id"])
    run(org, match_round)
    mentee = org.mentees[0]
    entry = match_round.shortlist.filter(mentee=mentee).first()
    org.client(org.account(mentee)).put(
        f"/api/v1/matching/rounds/{match_round.public_id}/choices",
        {"mentors": [str(entry.mentor.public_id)]},
        content_type="application/json",
    )
    url = f"/api/v1/matching/rounds/{match_round.public_id}/close-choosing"
    early = client.post(url, {}, content_type="application/json")
    assert early.status_code == 409 and "have not ranked" in early.json()["detail"]
    progress = client.get(f"/api/v1/matching/rounds/{match_round.public_id}").json()["choosing"]
    assert progress["not_chosen"] == 3 and progress["silence_is_yes"] is False
    with TestCase.captureOnCommitCallbacks(execute=True):
        closed = client.post(url, {"confirmed": True}, content_type="application/json")
    assert closed.status_code == 202
    match_round.refresh_from_db()
    assert match_round.state == MatchRound.State.PROPOSED
