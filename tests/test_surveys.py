"""Surveys end to end through the services: plans, waves, answering, privacy, results, email."""

from datetime import UTC, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import World
from tests.factories import TODAY, PairFactory
from upward.flags import services as flag_services
from upward.flags.models import Flag
from upward.programs.models import Pair
from upward.surveys import loading, selectors, services
from upward.surveys.models import Instrument, Invitation, Response, Wave, WaveInstrument


def make_wave(world: World, *keys: str, opens: int = -1, closes: int = 10) -> Wave:
    wave = services.add_wave(
        cohort=world.cohort,
        label="Pulse 1",
        instrument_keys=list(keys),
        opens_on=TODAY + timedelta(days=opens),
        closes_on=TODAY + timedelta(days=closes),
    )
    return wave


def open_(wave: Wave, capture) -> Wave:
    with capture(execute=True):
        return services.open_wave(wave)


def invitation_of(world: World, wave: Wave, role: str) -> Invitation:
    pair = world.pair
    member = pair.mentor if role == "mentor" else pair.mentee
    return Invitation.objects.get(wave=wave, participant=member)


FEEDBACK = {
    "feedback.goal_progress": "4",
    "feedback.safe_in_pair": "5",
    "feedback.recommend_program": "9",
    "feedback.worked": "Short weekly demos",
    "feedback.improve": "More time",
}


def test_the_built_in_instruments_are_loaded_by_migrate(db) -> None:
    keys = set(Instrument.objects.values_list("key", flat=True))
    assert {
        "feedback",
        "pair_safety",
        "engagement",
        "retention_intent",
        "mentor_rating",
        "mentee_rating",
        "skills",
    } <= keys
    assert all(i.source == Instrument.Source.BUILT_IN for i in Instrument.objects.all())


def test_a_plan_is_created_once(world: World) -> None:
    waves = services.create_plan(world.cohort)
    kinds = [w.kind for w in waves]
    assert kinds[0] == "baseline" and kinds[-1] == "close" and "pulse" in kinds
    assert services.create_plan(world.cohort) == waves
    close = next(w for w in waves if w.kind == "close")
    assert set(close.parts.values_list("instrument__key", flat=True)) >= {
        "feedback",
        "mentor_rating",
    }


def test_opening_invites_members_of_active_pairs_by_email_in_their_language(
    world: World, smtp, django_capture_on_commit_callbacks
) -> None:
    world.pair.mentee.employee.language = "fr"
    world.pair.mentee.employee.save()
    wave = open_(make_wave(world, "feedback"), django_capture_on_commit_callbacks)
    assert wave.invited == 4  # two pairs, two members each
    assert len(smtp.messages) == 4
    french = smtp.to(world.pair.mentee.employee.email)[0]
    assert "questionnaire" in french["Subject"]
    assert french["Content-Language"] == "fr"
    parts = {part.get_content_type() for part in french.walk()}
    assert {"text/plain", "text/html"} <= parts
    body = french.get_body(("plain",)).get_content()
    invitation = invitation_of(world, wave, "mentee")
    assert reverse("surveys:answer", args=[invitation.public_id]) in body
    english = smtp.to(world.pair.mentor.employee.email)[0]
    assert (
        english["Subject"]
        == f"{world.pair.mentor.employee.first_name}, a short survey from your mentoring program"
    )


def test_a_paused_pair_is_not_invited(world: World, django_capture_on_commit_callbacks) -> None:
    Pair.objects.filter(pk=world.other_pair.pk).update(state=Pair.State.PAUSED)
    wave = open_(make_wave(world, "feedback"), django_capture_on_commit_callbacks)
    assert wave.invited == 2


def test_running_the_same_reminder_twice_sends_one_email(
    world: World, smtp, django_capture_on_commit_callbacks
) -> None:
    wave = open_(make_wave(world, "feedback", opens=-5), django_capture_on_commit_callbacks)
    smtp.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.remind(wave, TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.remind(wave, TODAY)
    assert (first, second) == (4, 0)
    assert len(smtp.messages) == 4
    assert all("still open" in m["Subject"] for m in smtp.messages)


def test_answered_members_get_no_reminder(world: World, django_capture_on_commit_callbacks) -> None:
    wave = open_(make_wave(world, "feedback", opens=-5), django_capture_on_commit_callbacks)
    services.submit(invitation_of(world, wave, "mentor"), FEEDBACK, TODAY)
    assert services.remind(wave, TODAY) == 3


def test_an_anonymous_answer_has_no_link_to_the_person(
    world: World, django_capture_on_commit_callbacks
) -> None:
    wave = open_(make_wave(world, "feedback"), django_capture_on_commit_callbacks)
    invitation = invitation_of(world, wave, "mentor")
    services.save_draft(invitation, {"feedback.goal_progress": "3"}, TODAY)
    invitation.refresh_from_db()
    assert invitation.draft == {"feedback": {"goal_progress": 3}}
    services.submit(invitation, FEEDBACK, TODAY)
    response = Response.objects.get(wave=wave)
    assert response.participant_id is None and response.pair_id is None
    assert response.side == "mentor"
    assert not [
        f for f in Response._meta.fields if f.get_internal_type() in {"DateTimeField", "DateField"}
    ]
    invitation.refresh_from_db()
    assert invitation.answered and invitation.draft == {}
    wave.refresh_from_db()
    assert wave.answered == 1


def test_a_confidential_pulse_is_linked_for_flags_but_not_shown(
    world: World, django_capture_on_commit_callbacks
) -> None:
    wave = open_(make_wave(world, "pair_safety"), django_capture_on_commit_callbacks)
    invitation = invitation_of(world, wave, "mentee")
    pulse = {
        "pair_safety.disagree_safely": "2",
        "pair_safety.hold_back": "6",
        "pair_safety.mistakes_ok": "3",
        "pair_safety.valued": "4",
    }
    services.submit(invitation, pulse, TODAY)
    response = Response.objects.get(wave=wave)
    assert response.participant_id == world.pair.mentee_id and response.pair_id == world.pair.pk
    assert response.score == pytest.approx((2 + 2 + 3 + 4) / 4)  # hold_back 6 reversed to 2
    assert not Flag.objects.exists()  # not at the moment of answering: that would point at it
    assert flag_services.check_pulses() == 1  # the daily batch
    flag = Flag.objects.get(pair=world.pair)
    assert flag.reason == "low_safety" and flag.recommends_pause
    assert "mentee" not in flag.evidence.lower() and "mentor" not in flag.evidence.lower()
    assert world.pair.mentee.employee.first_name not in flag.evidence


def test_a_sharp_drop_since_the_previous_pulse_is_flagged(
    world: World, django_capture_on_commit_callbacks
) -> None:
    first = open_(
        make_wave(world, "pair_safety", opens=-40, closes=-20), django_capture_on_commit_callbacks
    )
    Response.objects.create(
        wave=first,
        instrument=loading.latest("pair_safety"),
        side="mentor",
        answers={},
        score=6.5,
        participant=world.pair.mentor,
        pair=world.pair,
    )
    second = open_(make_wave(world, "pair_safety"), django_capture_on_commit_callbacks)
    services.submit(
        invitation_of(world, second, "mentor"),
        {
            "pair_safety.disagree_safely": "5",
            "pair_safety.hold_back": "3",
            "pair_safety.mistakes_ok": "5",
            "pair_safety.valued": "5",
        },
        TODAY,
    )
    flag_services.check_pulses()
    assert list(Flag.objects.values_list("reason", flat=True)) == ["safety_drop"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**FEEDBACK, "feedback.goal_progress": "6"}, "outside the scale 1-5"),
        ({**FEEDBACK, "feedback.recommend_program": "11"}, "outside the scale 0-10"),
        ({"feedback.worked": "x"}, "Please answer"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_saved(
    world: World, data, message, django_capture_on_commit_callbacks
) -> None:
    wave = open_(
        make_wave(world, "feedback", "retention_intent"), django_capture_on_commit_callbacks
    )
    data = {**data, "retention_intent.here_in_12_months": "4"}
    invitation = invitation_of(world, wave, "mentor")
    with pytest.raises(ValidationError, match=message):
        services.submit(invitation, data, TODAY)
    assert not Response.objects.exists()
    invitation.refresh_from_db()
    assert not invitation.answered


def test_a_second_answer_and_a_late_answer_are_refused(
    world: World, django_capture_on_commit_callbacks
) -> None:
    wave = open_(make_wave(world, "feedback"), django_capture_on_commit_callbacks)
    invitation = invitation_of(world, wave, "mentor")
    services.submit(invitation, FEEDBACK, TODAY)
    with pytest.raises(ValidationError, match="already answered"):
        services.submit(invitation, FEEDBACK, TODAY)
    other = invitation_of(world, wave, "mentee")
    with pytest.raises(ValidationError, match="closed"):
        services.submit(other, FEEDBACK, TODAY + timedelta(days=11))
    services.close_wave(wave)
    with pytest.raises(ValidationError, match="closed"):
        services.save_draft(other, {"feedback.goal_progress": "3"}, TODAY)
    assert Response.objects.count() == 1


def test_the_minimum_group_size_is_three_to_ten_and_frozen_once_open(
    world: World, django_capture_on_commit_callbacks
) -> None:
    wave = make_wave(world, "feedback")
    with pytest.raises(ValidationError, match="from 3 to 10"):
        services.set_min_group_size(wave, 2)
    assert services.set_min_group_size(wave, 7).min_group_size == 7
    open_(wave, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="frozen"):
        services.set_min_group_size(wave, 5)


def _closed(wave: Wave) -> Wave:
    """Results are read once a wave has closed (they are withheld while it is open)."""
    Wave.objects.filter(pk=wave.pk).update(state=Wave.State.CLOSED)
    wave.refresh_from_db()
    return wave


def _answer_many(wave: Wave, mentors: int, mentees: int) -> None:
    instrument = loading.latest("feedback")
    for side, count in (("mentor", mentors), ("mentee", mentees)):
        for i in range(count):
            Response.objects.create(
                wave=wave,
                instrument=instrument,
                side=side,
                answers={
                    "goal_progress": 4,
                    "safe_in_pair": 5 if i % 2 else 3,
                    "recommend_program": 10,
                    "worked": f"{side} comment {i}",
                },
                score=4.0,
            )


def test_results_hide_small_groups_and_their_complement(world: World) -> None:
    wave = make_wave(world, "feedback")
    _answer_many(wave, mentors=6, mentees=3)
    result = selectors.wave_results(_closed(wave)).instruments[0]
    shown = {f.group: f.shown for f in result.scores}
    # 3 mentees is under k; showing the 6 mentors beside all 9 would reveal them by subtraction.
    assert shown == {"all": True, "mentor": False, "mentee": False}
    recommend = next(i for i in result.items if i.key == "recommend_program")
    assert recommend.figures[0].value == 100.0  # eNPS of nine 10s
    assert sorted(result.comments["One thing that worked well."]) == sorted(
        [f"mentor comment {i}" for i in range(6)] + [f"mentee comment {i}" for i in range(3)]
    )


def test_under_k_respondents_show_counts_only(world: World) -> None:
    wave = make_wave(world, "feedback")
    _answer_many(wave, mentors=2, mentees=2)
    result = selectors.wave_results(_closed(wave)).instruments[0]
    assert not any(f.shown for f in result.scores)
    assert all(not f.shown and f.value is None for item in result.items for f in item.figures)
    assert result.comments == {}
    assert "at least 5" in result.comments_hidden_reason


def test_pack_loading_validates_and_keeps_the_citation(db) -> None:
    pack = b"""
key = "team_safety_pack"
version = 1
name = "Team psychological safety (licensed)"
purpose = "The organisation's licensed scale."
scale_min = 1
scale_max = 7
privacy = "anonymous"
licence = "Used with permission"
citation = "Edmondson A. (1999) ASQ 44(2):350-383"
reverse_items = ["i1"]
[[items]]
key = "i1"
text = "Item one as licensed"
[[items]]
key = "i2"
text = "Item two as licensed"
"""
    instrument = loading.load_pack(pack, "safety.toml")
    assert instrument.source == "pack" and "Edmondson" in instrument.spec.citation
    with pytest.raises(ValidationError, match="already loaded"):
        loading.load_pack(pack, "safety.toml")
    with pytest.raises(ValidationError, match="reverse item 'i9' is not an item"):
        loading.load_pack(
            pack.replace(b"version = 1", b"version = 2").replace(b'["i1"]', b'["i9"]'), "bad.toml"
        )
    with pytest.raises(ValidationError, match="citation"):
        loading.load_pack(
            pack.replace(b"version = 1", b"version = 3").replace(
                b'citation = "Edmondson A. (1999) ASQ 44(2):350-383"', b""
            ),
            "nocite.toml",
        )
    with pytest.raises(ValidationError, match="not valid TOML"):
        loading.load_pack(b"key = ", "broken.toml")
    assert Instrument.objects.filter(key="team_safety_pack").count() == 1


def test_the_skills_check_writes_self_and_partner_ratings(
    world: World, django_capture_on_commit_callbacks
) -> None:
    from tests.factories import CompetencyFactory
    from upward.competencies.models import SkillRating
    from upward.matching.models import MatchProfile

    competency = CompetencyFactory()
    MatchProfile.objects.create(participant=world.pair.mentee).wants.add(competency)
    wave = open_(make_wave(world, "skills"), django_capture_on_commit_callbacks)
    services.submit(
        invitation_of(world, wave, "mentor"), {f"skills.partner.{competency.pk}": "2"}, TODAY
    )
    rating = SkillRating.objects.get()
    assert rating.employee == world.pair.mentee.employee
    assert (
        rating.rater_kind == "partner"
        and rating.level == 2
        and rating.rater == world.pair.mentor.employee
    )


def test_a_wave_under_sixty_percent_at_close_flags_the_lead(
    world: World, django_capture_on_commit_callbacks
) -> None:
    for _ in range(2):
        PairFactory(cohort=world.cohort)
    wave = open_(make_wave(world, "feedback"), django_capture_on_commit_callbacks)
    services.submit(invitation_of(world, wave, "mentor"), FEEDBACK, TODAY)
    services.close_wave(wave)
    flag = Flag.objects.get(reason="low_response")
    assert "1 of 8 answered (12%)" in flag.evidence
    assert WaveInstrument.objects.filter(wave=wave).count() == 1


def test_the_api_answers_once_and_returns_only_aggregates(
    world: World, django_capture_on_commit_callbacks
) -> None:
    wave = open_(make_wave(world, "feedback"), django_capture_on_commit_callbacks)
    invitation = invitation_of(world, wave, "mentee")
    url = f"/api/v1/surveys/invitations/{invitation.public_id}/answers"
    client = world.client("mentee")
    bad = client.post(
        url, {"answers": {"feedback.goal_progress": 9}}, content_type="application/json"
    )
    assert bad.status_code == 400 and "outside the scale" in bad.json()["detail"]
    answers = {"feedback.goal_progress": 2, "feedback.safe_in_pair": 1, "feedback.worked": "tea"}
    ok = client.post(url, {"answers": answers}, content_type="application/json")
    assert ok.status_code == 201
    again = client.post(url, {"answers": answers}, content_type="application/json")
    assert again.status_code == 400 and "already answered" in again.json()["detail"]
    malformed = client.post(url, "{not json", content_type="application/json")
    assert malformed.status_code in {400, 422}
    results_url = f"/api/v1/surveys/waves/{wave.public_id}/results"
    assert world.client("lead").get(results_url).json()["instruments"] == []  # still open
    services.close_wave(wave)
    for role in ("site_admin", "lead"):
        body = world.client(role).get(results_url).json()
        result = body["instruments"][0]
        assert result["respondents"] == 1
        assert all(not f["shown"] and f["value"] is None for f in result["scores"])
        assert result["comments"] == {}
        assert "tea" not in str(body)  # one person's comment never leaves the database


def test_nobody_opens_another_persons_survey_admins_included(
    world: World, django_capture_on_commit_callbacks
) -> None:
    wave = open_(make_wave(world, "feedback"), django_capture_on_commit_callbacks)
    invitation = invitation_of(world, wave, "mentee")
    for role in ("site_admin", "lead", "mentor"):
        page = world.client(role).get(reverse("surveys:answer", args=[invitation.public_id]))
        assert page.status_code == 404


def test_a_name_cannot_smuggle_headers_into_an_email(
    world: World, smtp, django_capture_on_commit_callbacks
) -> None:
    employee = world.pair.mentor.employee
    employee.preferred_name = "Eve\r\nBcc: x@evil.example"
    employee.save()
    open_(make_wave(world, "feedback"), django_capture_on_commit_callbacks)
    message = smtp.to(employee.email)[0]
    assert message["Bcc"] is None
    assert all("evil" not in to for _, rcpts in smtp.envelopes for to in rcpts)
    assert "\n" not in message["Subject"]


def test_the_survey_page_refuses_a_late_answer_with_a_clear_message(
    world: World, django_capture_on_commit_callbacks
) -> None:
    wave = open_(make_wave(world, "feedback"), django_capture_on_commit_callbacks)
    invitation = invitation_of(world, wave, "mentee")
    services.close_wave(wave)
    page = world.client("mentee").post(
        reverse("surveys:answer", args=[invitation.public_id]),
        {k: v for k, v in FEEDBACK.items()},
    )
    assert page.status_code == 400
    assert "This survey has closed" in page.content.decode()
    assert not Response.objects.exists()


def test_the_results_page_draws_shown_groups_only(world: World) -> None:
    wave = make_wave(world, "feedback")
    _answer_many(wave, mentors=6, mentees=3)
    _closed(wave)
    page = world.client("lead").get(reverse("surveys:wave", args=[wave.public_id])).content
    text = page.decode()
    assert 'aria-label="Everyone: 5 answered 3, 4 answered 5"' in text  # safe_in_pair, n = 9
    assert 'aria-label="Mentors:' not in text and 'aria-label="Mentees:' not in text
    assert "3 answered: under 5, hidden" in text
    assert "6 answered: hidden so a smaller group cannot be worked out" in text


ANSWERS_BY_INSTRUMENT = {
    "engagement": {"energy": "4", "pride": "4", "learning": "5", "enps": "8"},
    "retention_intent": {"here_in_12_months": "4"},
    "feedback": {"goal_progress": "4", "safe_in_pair": "5", "worked": "Short weekly demos"},
    "mentor_rating": {"made_it_easy": "5", "right_pace": "4", "showed_how": "4"},
    "mentee_rating": {"open_to_challenge": "4", "acted_on_input": "5"},
}


def planned_wave(world: World, kind: str) -> Wave:
    """The plan's baseline or close wave, open today."""
    from upward.domain.surveys.plan import BASELINE, CLOSE

    wave = make_wave(world, *(BASELINE if kind == "baseline" else CLOSE))
    Wave.objects.filter(pk=wave.pk).update(kind=kind, label=kind.title())
    wave.refresh_from_db()
    return wave


def wanted_skills(world: World):
    """Each member of the pair wants to grow in one competency of their own."""
    from tests.factories import CompetencyFactory
    from upward.matching.models import MatchProfile

    skills = {"mentor": CompetencyFactory(), "mentee": CompetencyFactory()}
    for role, competency in skills.items():
        member = world.pair.mentor if role == "mentor" else world.pair.mentee
        MatchProfile.objects.create(participant=member).wants.add(competency)
    return skills


def survey_form(wave: Wave, role: str) -> dict[str, str]:
    side = f"{role}s"
    form = {}
    for part in wave.parts.select_related("instrument"):
        spec = part.instrument.spec
        if spec.audience.value not in {"both", side}:
            continue
        for item, value in ANSWERS_BY_INSTRUMENT.get(spec.key, {}).items():
            form[f"{spec.key}.{item}"] = value
    return form


@pytest.mark.parametrize("kind", ["baseline", "close"])
@pytest.mark.parametrize("role", ["mentee", "mentor"])
@pytest.mark.parametrize("with_skills", [True, False], ids=["with_skills", "skipping_skills"])
def test_a_member_submits_the_baseline_and_close_surveys_with_or_without_the_skills_check(
    world: World, django_capture_on_commit_callbacks, kind, role, with_skills
) -> None:
    from upward.competencies.models import SkillRating

    skills = wanted_skills(world)
    wave = open_(planned_wave(world, kind), django_capture_on_commit_callbacks)
    invitation = invitation_of(world, wave, role)
    partner_role = "mentor" if role == "mentee" else "mentee"
    form = survey_form(wave, role)
    if with_skills:
        form[f"skills.self.{skills[role].pk}"] = "2"
        form[f"skills.partner.{skills[partner_role].pk}"] = "3"
    url = reverse("surveys:answer", args=[invitation.public_id])
    page = world.client(role).get(url)
    assert f'name="skills.self.{skills[role].pk}"' in page.content.decode()

    response = world.client(role).post(url, form)

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.answered
    me = invitation.participant.employee
    partner = (world.pair.mentee if role == "mentor" else world.pair.mentor).employee
    phase = "close" if kind == "close" else "baseline"
    ratings = {
        (r.rater_kind, r.employee_id, r.rater_id, r.level, r.phase)
        for r in SkillRating.objects.all()
    }
    if with_skills:
        assert ratings == {
            ("self", me.pk, None, 2, phase),
            ("partner", partner.pk, me.pk, 3, phase),
        }
    else:
        assert ratings == set()
        assert not Response.objects.filter(wave=wave, instrument__key="skills").exists()


def test_a_baseline_self_rating_replaces_the_one_given_at_intake(
    world: World, django_capture_on_commit_callbacks
) -> None:
    from tests.factories import SkillRatingFactory
    from upward.competencies.models import SkillRating

    skills = wanted_skills(world)
    mentee = world.pair.mentee
    SkillRatingFactory(
        employee=mentee.employee, competency=skills["mentee"], cohort=world.cohort, level=4
    )
    wave = open_(planned_wave(world, "baseline"), django_capture_on_commit_callbacks)
    invitation = invitation_of(world, wave, "mentee")
    form = {**survey_form(wave, "mentee"), f"skills.self.{skills['mentee'].pk}": "2"}

    response = world.client("mentee").post(
        reverse("surveys:answer", args=[invitation.public_id]), form
    )

    assert response.status_code == 302
    rating = SkillRating.objects.get(employee=mentee.employee, rater_kind="self")
    assert (rating.level, rating.rater_id) == (2, None)


def test_a_refused_survey_comes_back_with_everything_typed_in_it(
    world: World, django_capture_on_commit_callbacks
) -> None:
    skills = wanted_skills(world)
    wave = open_(planned_wave(world, "close"), django_capture_on_commit_callbacks)
    invitation = invitation_of(world, wave, "mentee")
    form = survey_form(wave, "mentee")
    del form["feedback.goal_progress"]  # a needed answer left out
    form["feedback.improve"] = "Meet earlier in the day"
    form[f"skills.self.{skills['mentee'].pk}"] = "2"

    page = world.client("mentee").post(reverse("surveys:answer", args=[invitation.public_id]), form)

    assert page.status_code == 400
    text = page.content.decode()
    assert "Please answer" in text
    assert "Short weekly demos</textarea>" in text
    assert "Meet earlier in the day</textarea>" in text
    for name, value in form.items():
        if not name.startswith("feedback.w") and not name.startswith("feedback.i"):
            assert f'name="{name}" value="{value}" checked' in text, name
    invitation.refresh_from_db()
    assert not invitation.answered
    assert not Response.objects.exists()


def test_a_submitted_survey_shows_when_it_was_answered_instead_of_an_empty_form(
    world: World, django_capture_on_commit_callbacks
) -> None:
    wave = open_(make_wave(world, "feedback"), django_capture_on_commit_callbacks)
    invitation = invitation_of(world, wave, "mentee")
    url = reverse("surveys:answer", args=[invitation.public_id])
    client = world.client("mentee")
    assert client.post(url, FEEDBACK).status_code == 302

    page = client.get(url).content.decode()

    assert f"You answered this survey on {TODAY:%-d %B %Y}." in page
    assert "<form" not in page.split("<main", 1)[-1] and "Submit my answers" not in page
    listed = client.get(reverse("surveys:mine")).content.decode()
    assert f"Answered on {TODAY:%-d %b %Y}" in listed


def test_reading_results_before_and_after_one_answer_gives_nothing_away(
    world: World, django_capture_on_commit_callbacks
) -> None:
    """The differencing attack: while a wave is open, no figure is released, so two reads
    around one person's answer are identical (page and API)."""
    wave = open_(make_wave(world, "feedback"), django_capture_on_commit_callbacks)
    _answer_many(wave, mentors=6, mentees=3)
    api = f"/api/v1/surveys/waves/{wave.public_id}/results"
    page = reverse("surveys:wave", args=[wave.public_id])
    lead = world.client("lead")
    before = (lead.get(api).json()["instruments"], lead.get(page).content.decode())
    services.submit(invitation_of(world, wave, "mentee"), FEEDBACK, TODAY)
    after = (lead.get(api).json()["instruments"], lead.get(page).content.decode())
    assert before[0] == after[0] == []
    assert "Results appear when the survey closes" in after[1]
    assert 'aria-label="Everyone:' not in after[1]


def test_pulse_flags_are_raised_once_a_day_by_the_scheduler(world: World, clock) -> None:
    """Whenever answers arrive, the flags they raise appear at the day's batch, not before."""
    from datetime import datetime as dt

    from upward.notifications.scheduler import run_once

    clock.move_to(dt.combine(TODAY, dt.min.time()).replace(hour=5, tzinfo=UTC))
    assert run_once(holder="a")["pulse_flags"] == "not due yet"
    clock.move_to(dt.combine(TODAY, dt.min.time()).replace(hour=6, minute=1, tzinfo=UTC))
    assert run_once(holder="a")["pulse_flags"] == "ok: 0 raised"
    assert run_once(holder="b")["pulse_flags"] == "not due yet"  # once, whoever asks
    clock.shift(timedelta(days=1))
    assert run_once(holder="b")["pulse_flags"] == "ok: 0 raised"
