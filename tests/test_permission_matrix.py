"""Every URL in the URLconf, crossed with every role. A URL missing here fails the suite.

Statuses: 302 = sent to sign in (or, for POST forms, back to the page), 401 = API without a
session, 403 = the role may not do this, 404 = outside the viewer's reach (existence hidden).
"""

from copy import deepcopy
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests import matrix_alumni, matrix_circles, matrix_talent
from tests.conftest import ROLES, SharedWorld, World
from tests.factories import TODAY, ParticipantFactory
from tests.matrix_case import (
    HR,
    PROGRAM_STAFF,
    SIGNED_IN,
    Case,
    cohort,
    no_kwargs,
    pair,
    program,
)
from tests.samples import csv_bytes, small_org
from upward.flags.models import CheckIn, Flag
from upward.governance.services import (
    CHARTER_DEFAULTS,
    charter_save,
    checkpoints_plan,
    readiness_run,
)
from upward.impact import services as impact_services
from upward.integrations.tokens import issue as issue_token
from upward.matching.models import MatchRound, Proposal
from upward.matching.services import round_create
from upward.people.imports import VALID_ROWS, import_job_create, import_job_request_apply
from upward.surveys import services as survey_services
from upward.surveys.loading import BUILT_IN_DIR as SURVEY_PACKS
from upward.surveys.models import Invitation, Wave
from upward.webhooks.models import Webhook
from upward.workspace.models import Concern, Insight, Session, Story
from upward.workspace.services import closure_propose, journal_write
from upward.workspace.sessions import calendar_token_renew


def lead_job(world: World) -> dict[str, object]:
    # The check runs in the task queue once the upload commits; run it now, as a worker would.
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = import_job_create(
            user=world.users["lead"],
            filename="people.csv",
            content=csv_bytes(small_org()),
            day_first=None,
        )
    return {"job_id": job.public_id}


def lead_partly_imported_job(world: World) -> dict[str, object]:
    """An import of the valid rows only, done: its refused rows are there to download."""
    rows = small_org()
    rows[1][3] = "not-an-email"
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = import_job_create(
            user=world.users["lead"],
            filename="people.csv",
            content=csv_bytes(rows),
            day_first=None,
        )
    job.refresh_from_db()  # checked by the worker meanwhile
    with TestCase.captureOnCommitCallbacks(execute=True):
        import_job_request_apply(job, mode=VALID_ROWS)
    return {"job_id": job.public_id}


def upload() -> dict[str, object]:
    return {"file": SimpleUploadedFile("people.csv", csv_bytes(small_org()), "text/csv")}


def draft_round(world: World) -> MatchRound:
    match_round = round_create(cohort=world.cohort, actor=world.users["lead"])
    Proposal.objects.create(
        round=match_round, mentee=world.pair.mentee, mentor=world.pair.mentor, score=0.5
    )
    return match_round


def a_round(world: World) -> dict[str, object]:
    return {"round_id": draft_round(world).public_id}


def a_proposal(world: World) -> dict[str, object]:
    match_round = draft_round(world)
    return {"round_id": match_round.public_id, "proposal_id": match_round.proposals.get().public_id}


def a_readiness_check(world: World) -> dict[str, object]:
    check = readiness_run(actor=world.users["lead"], signals=["fast_change"], notes="", today=TODAY)
    return {"check_id": check.public_id}


def signed_program(world: World) -> dict[str, object]:
    charter_save(
        program=world.program,
        actor=world.users["lead"],
        fields={"objective": "Grow digital fluency", **CHARTER_DEFAULTS},
    )
    return {"program_id": world.program.public_id}


def a_photo(world: World) -> dict[str, object]:
    """The mentor's photo: their pair, their program's people and staff see it; nobody else."""
    from io import BytesIO

    from PIL import Image

    from upward.accounts.profiles import profile_save

    upload = BytesIO()
    Image.new("RGB", (40, 40), "teal").save(upload, "PNG")
    upload.seek(0)
    upload.name, upload.size = "me.png", len(upload.getvalue())  # type: ignore[attr-defined]
    mentor = world.users["mentor"]
    profile_save(user=mentor, about="", offers="", wants="", photo=upload)  # type: ignore[arg-type]
    return {"user_id": mentor.public_id}


def a_checkpoint(world: World) -> dict[str, object]:
    checkpoints_plan(world.program)
    return {"checkpoint_id": world.program.checkpoints.first().public_id}


def outsiders_invitation(world: World, *, consented: bool = False) -> dict[str, object]:
    """An invitation that belongs to the outsider: nobody else may open it, admins included."""
    participant = ParticipantFactory(
        cohort=world.cohort,
        role="mentor",
        state="invited",
        employee=world.users["outsider"].employee,
        consent_at=timezone.now() if consented else None,
    )
    return {"participant_id": participant.public_id}


def a_session(world: World) -> dict[str, object]:
    session = Session.objects.create(pair=world.pair, starts_at=timezone.now())
    return {"session_id": session.public_id}


def a_feed_token(world: World) -> dict[str, object]:
    return {"token": calendar_token_renew(world.users["mentor"])}


def a_concern(world: World) -> dict[str, object]:
    concern = Concern.objects.create(
        pair=world.pair,
        raised_by=world.pair.mentor,
        topic="power",
        text="I can't disagree with her.",
    )
    return {"concern_id": concern.public_id}


def a_closure_proposal(world: World) -> dict[str, object]:
    """The mentor proposes to graduate: only the mentee may answer."""
    closure_propose(
        pair=world.pair,
        member=world.pair.mentor,
        decision="graduate",
        outcome=None,
        reflection="How budgets get decided",
        next_steps="Brief the team",
    )
    return {"pair_id": world.pair.public_id}


def a_journal_entry(world: World) -> dict[str, object]:
    """The mentor's own entry: nobody else opens it, the partner and admins included."""
    entry = journal_write(
        pair=world.pair,
        author=world.pair.mentor,
        written_on=TODAY,
        text="I froze when she asked about the budget.",
        today=TODAY,
    )
    return {"entry_id": entry.public_id}


def a_shared_insight(world: World) -> dict[str, object]:
    insight = Insight.objects.create(
        pair=world.pair,
        raised_by=world.pair.mentor,
        title="Slow",
        description="Approvals take a week",
        share_consent=True,
    )
    return {"insight_id": insight.public_id}


def a_consented_story(world: World) -> dict[str, object]:
    story = Story.objects.create(
        pair=world.pair,
        title="Reels",
        body="We did it",
        mentor_consent_at=timezone.now(),
        mentee_consent_at=timezone.now(),
    )
    return {"story_id": story.public_id}


def _wave(world: World, *, open_it: bool) -> Wave:
    wave = survey_services.add_wave(
        cohort=world.cohort,
        label="Pulse",
        instrument_keys=["feedback"],
        opens_on=TODAY - timedelta(days=1),
        closes_on=TODAY + timedelta(days=10),
    )
    return survey_services.open_wave(wave) if open_it else wave


def a_scheduled_wave(world: World) -> dict[str, object]:
    return {"wave_id": _wave(world, open_it=False).public_id}


def an_open_wave(world: World) -> dict[str, object]:
    return {"wave_id": _wave(world, open_it=True).public_id}


def mentees_invitation(world: World) -> dict[str, object]:
    """The mentee's survey: nobody else opens it, admins included."""
    wave = _wave(world, open_it=True)
    invitation = Invitation.objects.get(wave=wave, participant=world.pair.mentee)
    return {"invitation_id": invitation.public_id}


FEEDBACK_ANSWERS = {"feedback.goal_progress": 4, "feedback.safe_in_pair": 5}


def a_flag(world: World) -> dict[str, object]:
    flag = Flag.objects.create(
        key="test",
        program=world.program,
        cohort=world.cohort,
        pair=world.pair,
        reason="stale",
        evidence="No session held for 50 days.",
        raised_on=TODAY,
    )
    return {"flag_id": flag.public_id}


def a_check_in(world: World) -> dict[str, object]:
    check_in = CheckIn.objects.create(pair=world.pair, requested_on=TODAY)
    return {"check_in_id": check_in.public_id}


def a_pack() -> dict[str, object]:
    content = (SURVEY_PACKS / "feedback.toml").read_bytes()
    content = content.replace(b'key = "feedback"', b'key = "org_pack"').replace(
        b'licence = "CC0, written for Upward"', b'licence = "Licensed"\ncitation = "Example (2020)"'
    )
    return {"pack": SimpleUploadedFile("pack.toml", content, "application/toml")}


def program_with_results(world: World) -> dict[str, object]:
    impact_services.refresh_program(world.program, TODAY)
    return {"program_id": world.program.public_id}


def program_id(world: World) -> dict[str, object]:
    return {"program_id": world.program.public_id}


def a_webhook(world: World) -> dict[str, object]:
    webhook = Webhook.objects.create(
        program=world.program,
        name="#mentoring",
        kind="slack",
        url="https://hooks.slack.com/services/T0/B0/x",
        events=["pairs_published"],
    )
    return {"webhook_id": webhook.public_id}


def a_token(world: World) -> dict[str, object]:
    token, _ = issue_token(by=world.users["site_admin"], name="HRIS", scope="read")
    return {"token_id": token.public_id}


def checkpoint_form() -> dict[str, object]:
    return {"held_on": "2026-01-05", "sponsor_attended": "on", "notes": "Good start"}


person = lambda w: {"person_id": w.pair.mentor.employee.public_id}  # noqa: E731

SCIM_ONLY = Case("GET", no_kwargs, {}, otherwise=401, anonymous=401)

CORE: dict[str, Case] = {
    "home": Case("GET", no_kwargs, {200: SIGNED_IN}),
    "healthz": Case("GET", no_kwargs, {200: SIGNED_IN}, anonymous=200),
    "login": Case("GET", no_kwargs, {302: SIGNED_IN}, anonymous=200),
    "logout": Case("POST", no_kwargs, {302: SIGNED_IN}),
    "me": Case("GET", no_kwargs, {200: SIGNED_IN}),
    "profile": Case("GET", no_kwargs, {200: SIGNED_IN}),
    # Without a zone: refused with a message, back to the profile. No person record: 404.
    "time_zone": Case("POST", no_kwargs, {302: SIGNED_IN - {"site_admin"}}, otherwise=404),
    "programs:photo": Case("GET", a_photo, {200: SIGNED_IN - {"outsider"}}, otherwise=404),
    "notifications:email": Case("GET", no_kwargs, {200: SIGNED_IN}),
    "mfa_setup": Case("GET", no_kwargs, {200: SIGNED_IN}),
    # No authenticator yet: sent to set one up.
    "mfa_verify": Case("GET", no_kwargs, {302: SIGNED_IN}),
    # Single sign-on is not configured in the suite (tests/test_sso.py configures it).
    "sso_start": Case("GET", no_kwargs, {}, otherwise=404, anonymous=404),
    "sso_callback": Case("GET", no_kwargs, {}, otherwise=404, anonymous=404),
    "programs:list": Case("GET", no_kwargs, {200: PROGRAM_STAFF}),
    "programs:detail": Case("GET", program, {200: PROGRAM_STAFF}, otherwise=404),
    "workspace:cohort": Case(
        "GET",
        lambda w: {"cohort_id": w.cohort.public_id},
        {200: HR, 403: {"sponsor", "analyst"}},
        otherwise=404,
    ),
    "workspace:pair": Case(
        "GET", pair, {200: HR | {"mentor", "mentee"}, 403: {"sponsor", "analyst"}}, otherwise=404
    ),
    "people:list": Case("GET", no_kwargs, {200: HR}),
    "people:detail": Case("GET", person, {200: HR}),
    "people:end_sessions": Case("POST", person, {302: HR}),
    "people:sign_in_link": Case("POST", person, {302: HR}),
    # Open to everyone: the same page whoever asks, so it says nothing about who has an account.
    "password_forgot": Case("GET", no_kwargs, {200: SIGNED_IN}, anonymous=200),
    # A link that does not check out says so (and offers a new one), to anyone.
    "password_set": Case(
        "GET", lambda w: {"uidb64": "MQ", "token": "not-a-token"}, {200: SIGNED_IN}, anonymous=200
    ),
    "privacy:mine": Case(
        "GET",
        no_kwargs,
        {200: {"mentor", "mentee", "other_member", "outsider", "lead", "sponsor", "analyst"}},
        otherwise=404,
    ),
    "privacy:export": Case("GET", person, {200: {"site_admin"}}),
    # Without the typed confirmation: back to the person page, nothing erased.
    "privacy:erase": Case("POST", person, {302: {"site_admin"}}),
    "people:import": Case("GET", no_kwargs, {200: HR}),
    "people:import_job": Case("GET", lead_job, {200: HR}),
    "people:import_apply": Case("POST", lead_job, {302: HR}),
    "people:import_refused": Case("GET", lead_partly_imported_job, {200: HR}),
    "competencies:list": Case("GET", no_kwargs, {200: SIGNED_IN}),
    # First run: the site admin's checklist and people's roles. Nobody else, not even leads.
    "setup:home": Case("GET", no_kwargs, {200: {"site_admin"}}),
    "setup:framework": Case("POST", no_kwargs, {302: {"site_admin"}}),
    "setup:test_email": Case("POST", no_kwargs, {302: {"site_admin"}}),
    "setup:roles": Case("GET", no_kwargs, {200: {"site_admin"}}),
    "setup:person": Case("GET", person, {200: {"site_admin"}}),
    # Refused with a message (the mentor is no site admin to remove), back to the person page.
    "setup:person_change": Case(
        "POST",
        person,
        {302: {"site_admin"}},
        data=lambda: {"change": "remove", "role": "site_admin"},
    ),
    "api:openapi-json": Case("GET", no_kwargs, {200: SIGNED_IN}),
    "api:openapi-view": Case("GET", no_kwargs, {200: SIGNED_IN}),
    "api:api-root": Case("GET", no_kwargs, {}, otherwise=404, anonymous=404),
    "api:list_programs": Case("GET", no_kwargs, {200: SIGNED_IN}, anonymous=401),
    "api:get_program": Case("GET", program, {200: PROGRAM_STAFF}, otherwise=404, anonymous=401),
    "api:my_pairs": Case("GET", no_kwargs, {200: SIGNED_IN}, anonymous=401),
    "api:get_pair": Case(
        "GET",
        pair,
        {200: HR | {"mentor", "mentee"}, 403: {"sponsor", "analyst"}},
        otherwise=404,
        anonymous=401,
    ),
    "api:list_people": Case("GET", no_kwargs, {200: HR}, anonymous=401),
    "api:get_person": Case("GET", person, {200: HR}, anonymous=401),
    "api:create_import": Case("POST", no_kwargs, {201: HR}, anonymous=401, data=upload),
    "api:get_import": Case("GET", lead_job, {200: HR}, anonymous=401),
    "api:apply_import": Case("POST", lead_job, {202: HR}, anonymous=401),
    "api:list_competencies": Case("GET", no_kwargs, {200: SIGNED_IN}, anonymous=401),
    # Matching: the lead runs rounds; a cohort's mentees see their own shortlist, its mentors
    # their own requests; sponsors, analysts and other participants may not (403); people
    # outside the program never learn the round exists (404).
    "matching:cohort": Case("GET", cohort, {200: HR, 403: {"sponsor", "analyst"}}, otherwise=404),
    "matching:reshuffle": Case(
        "POST", cohort, {302: HR, 403: {"sponsor", "analyst"}}, otherwise=404
    ),
    "matching:round": Case("GET", a_round, {200: HR, 404: {"outsider"}}),
    "matching:run": Case("POST", a_round, {302: HR, 404: {"outsider"}}),
    "matching:resolve": Case("POST", a_round, {302: HR, 404: {"outsider"}}),
    "matching:publish": Case("POST", a_round, {302: HR, 404: {"outsider"}}),
    "matching:swap": Case("POST", a_round, {302: HR, 404: {"outsider"}}),
    "matching:lock": Case("POST", a_proposal, {302: HR, 404: {"outsider"}}),
    "matching:exclude": Case("POST", a_proposal, {302: HR, 404: {"outsider"}}),
    "matching:shortlist": Case("GET", a_round, {200: {"mentee"}, 404: {"outsider"}}),
    "matching:requests": Case("GET", a_round, {200: {"mentor", "other_member"}, 404: {"outsider"}}),
    "api:list_rounds": Case(
        "GET", cohort, {200: HR, 403: {"sponsor", "analyst"}}, otherwise=404, anonymous=401
    ),
    "api:create_round": Case(
        "POST",
        cohort,
        {201: HR, 403: {"sponsor", "analyst"}},
        otherwise=404,
        anonymous=401,
        json=True,
        data=lambda: {"mode": "lead_assigns"},
    ),
    "api:get_round": Case("GET", a_round, {200: HR, 404: {"outsider"}}, anonymous=401),
    "api:run_round": Case("POST", a_round, {202: HR, 404: {"outsider"}}, anonymous=401),
    "api:publish_round": Case("POST", a_round, {409: HR, 404: {"outsider"}}, anonymous=401),
    "api:close_choosing": Case(
        "POST", a_round, {409: HR, 404: {"outsider"}}, anonymous=401, json=True
    ),
    "api:my_shortlist": Case("GET", a_round, {200: {"mentee"}, 404: {"outsider"}}, anonymous=401),
    "api:put_choices": Case(
        "PUT",
        a_round,
        {400: {"mentee"}, 404: {"outsider"}},
        anonymous=401,
        json=True,
        data=lambda: {"mentors": []},
    ),
    # Program setup: HR designs programs; the sponsor reads and signs the charter; analysts read.
    "governance:program_create": Case("GET", no_kwargs, {200: HR}),
    "programs:edit": Case("GET", program, {200: HR, 403: {"sponsor", "analyst"}}, otherwise=404),
    "programs:cohort_create": Case(
        "GET", program, {200: HR, 403: {"sponsor", "analyst"}}, otherwise=404
    ),
    "governance:readiness": Case("GET", no_kwargs, {200: HR}),
    "governance:readiness_detail": Case("GET", a_readiness_check, {200: HR}),
    "governance:charter": Case("GET", signed_program, {200: PROGRAM_STAFF}, otherwise=404),
    "governance:charter_sign": Case(
        "POST", signed_program, {302: {"sponsor"}, 403: HR | {"analyst"}}, otherwise=404
    ),
    "governance:governance": Case("GET", program, {200: PROGRAM_STAFF}, otherwise=404),
    "governance:checkpoint": Case(
        "POST",
        a_checkpoint,
        {302: HR, 403: {"sponsor", "analyst"}},
        otherwise=404,
        data=checkpoint_form,
    ),
    "governance:inversion": Case("GET", no_kwargs, {200: HR}),
    # Refused with a message (back to the governance page) unless the step's conditions hold.
    "governance:program_launch": Case(
        "POST", program, {302: HR, 403: {"sponsor", "analyst"}}, otherwise=404
    ),
    "governance:program_close": Case(
        "POST", program, {302: HR, 403: {"sponsor", "analyst"}}, otherwise=404
    ),
    "governance:cohort_move": Case(
        "POST", cohort, {302: HR, 403: {"sponsor", "analyst"}}, otherwise=404
    ),
    "recruitment:recruit": Case(
        "GET", cohort, {200: HR, 403: {"sponsor", "analyst"}}, otherwise=404
    ),
    "recruitment:invitation": Case("GET", outsiders_invitation, {200: {"outsider"}}, otherwise=404),
    "recruitment:intake": Case(
        "GET", lambda w: outsiders_invitation(w, consented=True), {200: {"outsider"}}, otherwise=404
    ),
    "api:list_readiness": Case("GET", no_kwargs, {200: HR}, anonymous=401),
    "api:create_readiness": Case(
        "POST",
        no_kwargs,
        {201: HR},
        anonymous=401,
        json=True,
        data=lambda: {"signals": ["fast_change"]},
    ),
    # An unknown sponsor id: HR gets the clear 400, everyone else never reaches validation.
    "api:create_program": Case(
        "POST",
        no_kwargs,
        {400: HR},
        anonymous=401,
        json=True,
        data=lambda: {
            "name": "X",
            "start_date": "2027-01-04",
            "end_date": "2027-03-29",
            "sponsor": "00000000-0000-0000-0000-000000000000",
        },
    ),
    "api:get_charter": Case(
        "GET", signed_program, {200: PROGRAM_STAFF}, otherwise=404, anonymous=401
    ),
    "api:sign_charter": Case(
        "POST",
        signed_program,
        {200: {"sponsor"}, 403: HR | {"analyst"}},
        otherwise=404,
        anonymous=401,
    ),
    "api:get_governance": Case("GET", program, {200: PROGRAM_STAFF}, otherwise=404, anonymous=401),
    "api:get_inversion": Case("GET", no_kwargs, {200: HR}, anonymous=401),
    "api:invite": Case(
        "POST",
        cohort,
        {400: HR, 403: {"sponsor", "analyst"}},
        otherwise=404,
        anonymous=401,
        json=True,
        data=lambda: {"role": "mentor", "people": []},
    ),
    "api:answer": Case(
        "POST",
        outsiders_invitation,
        {200: {"outsider"}},
        otherwise=404,
        anonymous=401,
        json=True,
        data=lambda: {"accept": False},
    ),
    "api:submit_intake": Case(
        "PUT",
        lambda w: outsiders_invitation(w, consented=True),
        {400: {"outsider"}},
        otherwise=404,
        anonymous=401,
        json=True,
        data=lambda: {"goals": "Learn"},
    ),
    # Pair workspace: the members write; the lead reads; sponsors and analysts may not.
    "workspace:rules": Case(
        "GET", pair, {200: HR | {"mentor", "mentee"}, 403: {"sponsor", "analyst"}}, otherwise=404
    ),
    "workspace:goal": Case(
        "GET", pair, {200: HR | {"mentor", "mentee"}, 403: {"sponsor", "analyst"}}, otherwise=404
    ),
    "workspace:progress": Case(
        "POST",
        pair,
        {302: {"mentor", "mentee"}, 403: HR | {"sponsor", "analyst"}},
        otherwise=404,
        data=lambda: {"value": "5", "noted_on": "2026-11-01"},
    ),
    "workspace:prompts": Case("GET", no_kwargs, {200: SIGNED_IN}),
    "workspace:schedule": Case(
        "POST", pair, {302: {"mentor", "mentee"}, 403: HR | {"sponsor", "analyst"}}, otherwise=404
    ),
    # A session's log holds private notes: the pair only, never the lead or an admin.
    "workspace:session": Case(
        "GET",
        a_session,
        {200: {"mentor", "mentee"}, 403: HR | {"sponsor", "analyst"}},
        otherwise=404,
    ),
    "workspace:reschedule": Case(
        "POST",
        a_session,
        {302: {"mentor", "mentee"}, 403: HR | {"sponsor", "analyst"}},
        otherwise=404,
    ),
    "workspace:cancel": Case(
        "POST",
        a_session,
        {302: {"mentor", "mentee"}, 403: HR | {"sponsor", "analyst"}},
        otherwise=404,
    ),
    # The feed's token is its credential (calendar apps cannot log in).
    "workspace:calendar_feed": Case("GET", a_feed_token, {200: SIGNED_IN}, anonymous=200),
    "workspace:calendar_renew": Case("POST", no_kwargs, {302: SIGNED_IN}),
    "workspace:tags": Case("GET", no_kwargs, {200: HR}),
    # The pair's own texts: members only. The lead sees figures on the pair page, not these.
    "workspace:milestone": Case(
        "GET", pair, {200: {"mentor", "mentee"}, 403: HR | {"sponsor", "analyst"}}, otherwise=404
    ),
    "workspace:concern": Case(
        "GET", pair, {200: {"mentor", "mentee"}, 403: HR | {"sponsor", "analyst"}}, otherwise=404
    ),
    "workspace:close": Case(
        "GET", pair, {200: {"mentor", "mentee"}, 403: HR | {"sponsor", "analyst"}}, otherwise=404
    ),
    # The partner answers a proposal; its author may not confirm it (the form comes back).
    "workspace:close_answer": Case(
        "POST",
        a_closure_proposal,
        {302: {"mentee"}, 400: {"mentor"}, 403: HR | {"sponsor", "analyst"}},
        otherwise=404,
        data=lambda: {"answer": "confirm", "reflection": "Short video is a conversation"},
    ),
    # A journal is its author's alone: everyone else, the lead and site admins included, is
    # told it does not exist. Each member has their own on the pair's journal page.
    "workspace:journal": Case("GET", pair, {200: {"mentor", "mentee"}}, otherwise=404),
    "workspace:journal_entry": Case("GET", a_journal_entry, {200: {"mentor"}}, otherwise=404),
    # Concerns go to the program's lead alone: not site admins, not the partner.
    "workspace:inbox": Case("GET", no_kwargs, {200: {"lead"}}),
    "integrations:tokens": Case("GET", no_kwargs, {200: {"site_admin"}}),
    "audit:log": Case("GET", no_kwargs, {200: {"site_admin"}}),
    "integrations:revoke": Case("POST", a_token, {302: {"site_admin"}}),
    # SCIM answers to a SCIM token only: a browser session, whatever its role, is a 401.
    "scim:config": SCIM_ONLY,
    "scim:resource_types": SCIM_ONLY,
    "scim:schemas": SCIM_ONLY,
    "scim:users": SCIM_ONLY,
    "scim:groups": SCIM_ONLY,
    "scim:search": SCIM_ONLY,
    "scim:search_users": SCIM_ONLY,
    "scim:search_groups": SCIM_ONLY,
    "scim:resource_type": Case("GET", lambda w: {"name": "User"}, {}, otherwise=401, anonymous=401),
    "scim:schema": Case("GET", lambda w: {"urn": "x"}, {}, otherwise=401, anonymous=401),
    "scim:user": Case("GET", lambda w: {"resource_id": "x"}, {}, otherwise=401, anonymous=401),
    "scim:group": Case("GET", lambda w: {"resource_id": "x"}, {}, otherwise=401, anonymous=401),
    "scim:not_found": Case("GET", lambda w: {"rest": "x"}, {}, otherwise=401, anonymous=401),
    "api:list_webhooks": Case(
        "GET", program_id, {200: HR, 403: {"sponsor", "analyst"}}, otherwise=404, anonymous=401
    ),
    "api:add_webhook": Case(
        "POST",
        program_id,
        {201: HR, 403: {"sponsor", "analyst"}},
        otherwise=404,
        anonymous=401,
        json=True,
        data=lambda: {
            "name": "#x",
            "kind": "generic",
            "url": "http://127.0.0.1:9/h",
            "events": ["flag_raised"],
        },
    ),
    "api:delete_webhook": Case(
        "DELETE",
        a_webhook,
        {200: HR, 403: {"sponsor", "analyst"}},
        otherwise=404,
        anonymous=401,
        json=True,
    ),
    "api:test_webhook": Case(
        "POST",
        a_webhook,
        {202: HR, 403: {"sponsor", "analyst"}},
        otherwise=404,
        anonymous=401,
        json=True,
    ),
    "api:list_deliveries": Case(
        "GET", a_webhook, {200: HR, 403: {"sponsor", "analyst"}}, otherwise=404, anonymous=401
    ),
    "webhooks:list": Case("GET", program_id, {200: HR, 403: {"sponsor", "analyst"}}, otherwise=404),
    "webhooks:test": Case("POST", a_webhook, {302: HR, 403: {"sponsor", "analyst"}}, otherwise=404),
    "webhooks:delete": Case(
        "POST", a_webhook, {302: HR, 403: {"sponsor", "analyst"}}, otherwise=404
    ),
    "impact:impact": Case("GET", program_with_results, {200: PROGRAM_STAFF}, otherwise=404),
    "impact:settings": Case(
        "POST",
        program_id,
        {302: HR, 403: {"sponsor", "analyst"}},
        otherwise=404,
        data=lambda: {"replacement_share": "0.5"},
    ),
    "impact:business": Case(
        "POST",
        program_id,
        {302: HR, 403: {"sponsor", "analyst"}},
        otherwise=404,
        data=lambda: {"measured_on": "2026-01-01", "value": "3"},
    ),
    "impact:refresh": Case(
        "POST", program_id, {302: HR, 403: {"sponsor", "analyst"}}, otherwise=404
    ),
    "impact:health": Case(
        "GET", program_with_results, {200: HR, 403: {"sponsor", "analyst"}}, otherwise=404
    ),
    "impact:topics": Case("GET", program_with_results, {200: PROGRAM_STAFF}, otherwise=404),
    "impact:report": Case("GET", program_with_results, {200: PROGRAM_STAFF}, otherwise=404),
    "impact:export_csv": Case("GET", program_with_results, {200: PROGRAM_STAFF}, otherwise=404),
    "impact:export_xlsx": Case("GET", program_with_results, {200: PROGRAM_STAFF}, otherwise=404),
    "impact:vega_bundle": Case("GET", no_kwargs, {200: SIGNED_IN}, anonymous=200),
    "api:get_impact": Case(
        "GET", program_with_results, {200: PROGRAM_STAFF}, otherwise=404, anonymous=401
    ),
    "api:export_rows": Case(
        "GET", program_with_results, {200: PROGRAM_STAFF}, otherwise=404, anonymous=401
    ),
    "api:get_topics": Case(
        "GET", program_with_results, {200: PROGRAM_STAFF}, otherwise=404, anonymous=401
    ),
    "api:refresh": Case(
        "POST",
        program_id,
        {202: HR, 403: {"sponsor", "analyst"}},
        otherwise=404,
        anonymous=401,
    ),
    "api:put_assumptions": Case(
        "PUT",
        program_id,
        {200: HR, 403: {"sponsor", "analyst"}},
        otherwise=404,
        anonymous=401,
        data=lambda: {"replacement_share": 0.5},
        json=True,
    ),
    "surveys:mine": Case("GET", no_kwargs, {200: SIGNED_IN}),
    "surveys:instruments": Case("GET", no_kwargs, {200: PROGRAM_STAFF}),
    "surveys:answer": Case("GET", mentees_invitation, {200: {"mentee"}}, otherwise=404),
    "surveys:draft": Case(
        "POST",
        mentees_invitation,
        {302: {"mentee"}},
        otherwise=404,
        data=lambda: {"feedback.goal_progress": "3"},
    ),
    "surveys:cohort": Case(
        "GET", lambda w: {"cohort_id": w.cohort.public_id}, {200: PROGRAM_STAFF}, otherwise=404
    ),
    "surveys:wave": Case("GET", an_open_wave, {200: PROGRAM_STAFF}, otherwise=404),
    "surveys:wave_act": Case(
        "POST",
        an_open_wave,
        {302: HR, 403: {"sponsor", "analyst"}},
        otherwise=404,
        data=lambda: {"action": "close"},
    ),
    "flags:inbox": Case("GET", no_kwargs, {200: {"lead"}}),
    "flags:act": Case(
        "POST",
        a_flag,
        {302: {"lead"}},
        otherwise=404,
        data=lambda: {"action": "dismiss", "note": "Holiday"},
    ),
    "flags:check_in_held": Case("POST", a_check_in, {302: {"lead"}}, otherwise=404),
    "api:list_instruments": Case("GET", no_kwargs, {200: SIGNED_IN}, anonymous=401),
    "api:load_instrument_pack": Case(
        "POST", no_kwargs, {201: {"site_admin"}}, anonymous=401, data=a_pack
    ),
    "api:list_waves": Case(
        "GET",
        lambda w: {"cohort_id": w.cohort.public_id},
        {200: PROGRAM_STAFF},
        otherwise=404,
        anonymous=401,
    ),
    "api:create_plan": Case(
        "POST",
        lambda w: {"cohort_id": w.cohort.public_id},
        {201: HR, 403: {"sponsor", "analyst"}},
        otherwise=404,
        anonymous=401,
    ),
    "api:patch_wave": Case(
        "PATCH",
        a_scheduled_wave,
        {200: HR, 403: {"sponsor", "analyst"}},
        otherwise=404,
        anonymous=401,
        data=lambda: {"min_group_size": 6},
        json=True,
    ),
    "api:open_wave": Case(
        "POST",
        a_scheduled_wave,
        {200: HR, 403: {"sponsor", "analyst"}},
        otherwise=404,
        anonymous=401,
    ),
    "api:close_wave": Case(
        "POST",
        an_open_wave,
        {200: HR, 403: {"sponsor", "analyst"}},
        otherwise=404,
        anonymous=401,
    ),
    "api:wave_results": Case(
        "GET", an_open_wave, {200: PROGRAM_STAFF}, otherwise=404, anonymous=401
    ),
    "api:my_surveys": Case("GET", no_kwargs, {200: SIGNED_IN}, anonymous=401),
    "api:get_form": Case(
        "GET", mentees_invitation, {200: {"mentee"}}, otherwise=404, anonymous=401
    ),
    "api:put_draft": Case(
        "PUT",
        mentees_invitation,
        {200: {"mentee"}},
        otherwise=404,
        anonymous=401,
        data=lambda: {"answers": {"feedback.goal_progress": 3}},
        json=True,
    ),
    "api:submit_answers": Case(
        "POST",
        mentees_invitation,
        {201: {"mentee"}},
        otherwise=404,
        anonymous=401,
        data=lambda: {"answers": FEEDBACK_ANSWERS},
        json=True,
    ),
    "api:list_flags": Case("GET", no_kwargs, {200: {"lead"}}, anonymous=401),
    "api:act_on_flag": Case(
        "POST",
        a_flag,
        {200: {"lead"}},
        otherwise=404,
        anonymous=401,
        data=lambda: {"action": "pause"},
        json=True,
    ),
    "workspace:insights": Case(
        "GET", pair, {200: {"mentor", "mentee"}, 403: HR | {"sponsor", "analyst"}}, otherwise=404
    ),
    # Everyone sees the insights shared with them (often none); only leads and owners act.
    "workspace:all_insights": Case("GET", no_kwargs, {200: SIGNED_IN}),
    "workspace:insight_update": Case(
        "POST",
        a_shared_insight,
        {302: {"lead"}},
        otherwise=404,
        data=lambda: {"state": "done", "hours": "3"},
    ),
    "workspace:story": Case(
        "GET", pair, {200: {"mentor", "mentee"}, 403: HR | {"sponsor", "analyst"}}, otherwise=404
    ),
    "workspace:story_publish": Case("POST", a_consented_story, {302: {"lead"}}, otherwise=404),
    "workspace:showcase": Case("GET", no_kwargs, {200: SIGNED_IN}),
    # Signed-in colleagues, or an intranet reader with the secret link (tests/
    # test_insights_and_stories.py); without either, the sign-in page.
    "workspace:showcase_feed": Case("GET", no_kwargs, {200: SIGNED_IN}),
    "integrations:feed_link_renew": Case("POST", no_kwargs, {302: HR}),
    "workspace:concern_act": Case(
        "POST", a_concern, {302: {"lead"}}, otherwise=404, data=lambda: {"action": "check_in"}
    ),
    "api:accept_rules": Case(
        "POST",
        pair,
        {200: {"mentor", "mentee"}, 403: HR | {"sponsor", "analyst"}},
        otherwise=404,
        anonymous=401,
    ),
    # No goal yet: the pair and its lead get a 404 for the goal itself, which is the truth.
    "api:get_goal": Case(
        "GET",
        pair,
        {404: HR | {"mentor", "mentee"}, 403: {"sponsor", "analyst"}},
        otherwise=404,
        anonymous=401,
    ),
    "api:put_goal": Case(
        "PUT",
        pair,
        {400: {"mentor", "mentee"}, 403: HR | {"sponsor", "analyst"}},
        otherwise=404,
        anonymous=401,
        json=True,
        data=lambda: {"text": "x", "metric": "m", "unit": "u"},
    ),
    "api:post_progress": Case(
        "POST",
        pair,
        {400: {"mentor", "mentee"}, 403: HR | {"sponsor", "analyst"}},
        otherwise=404,
        anonymous=401,
        json=True,
        data=lambda: {"value": 1, "noted_on": "2026-11-01"},
    ),
    "api:list_sessions": Case(
        "GET",
        pair,
        {200: HR | {"mentor", "mentee"}, 403: {"sponsor", "analyst"}},
        otherwise=404,
        anonymous=401,
    ),
    "api:log_session": Case(
        "POST",
        a_session,
        {200: {"mentor", "mentee"}, 403: HR | {"sponsor", "analyst"}},
        otherwise=404,
        anonymous=401,
        json=True,
        data=lambda: {"status": "held", "minutes": 30},
    ),
    "api:raise_concern": Case(
        "POST",
        pair,
        {201: {"mentor", "mentee"}, 403: HR | {"sponsor", "analyst"}},
        otherwise=404,
        anonymous=401,
        json=True,
        data=lambda: {"topic": "other", "text": "Worried"},
    ),
    "api:close_pair": Case(
        "POST",
        pair,
        {400: {"mentor", "mentee"}, 403: HR | {"sponsor", "analyst"}},
        otherwise=404,
        anonymous=401,
        json=True,
        data=lambda: {
            "mentor_learned": "",
            "mentee_learned": "",
            "next_steps": "",
            "decision": "graduate",
        },
    ),
    "api:list_stories": Case("GET", no_kwargs, {200: SIGNED_IN}, anonymous=401),
    "api:raise_insight": Case(
        "POST",
        pair,
        {201: {"mentor", "mentee"}, 403: HR | {"sponsor", "analyst"}},
        otherwise=404,
        anonymous=401,
        json=True,
        data=lambda: {"title": "Slow approvals", "description": "A week"},
    ),
    "api:update_insight": Case(
        "PATCH",
        a_shared_insight,
        {200: {"lead"}},
        otherwise=404,
        anonymous=401,
        json=True,
        data=lambda: {"state": "done"},
    ),
    "api:put_story": Case(
        "PUT",
        pair,
        {200: {"mentor", "mentee"}, 403: HR | {"sponsor", "analyst"}},
        otherwise=404,
        anonymous=401,
        json=True,
        data=lambda: {"title": "T", "body": "B"},
    ),
    # No story yet: members get the honest 404; the lead and admins are refused first.
    "api:consent_story": Case(
        "POST",
        pair,
        {404: {"mentor", "mentee"}, 403: HR | {"sponsor", "analyst"}},
        otherwise=404,
        anonymous=401,
    ),
    "api:publish_story": Case(
        "POST",
        a_consented_story,
        {200: {"lead"}},
        otherwise=404,
        anonymous=401,
        json=True,
        data=lambda: {"redacted": ""},
    ),
    "api:post_response": Case(
        "POST",
        a_round,
        {400: {"mentor", "other_member"}, 404: {"outsider"}},
        anonymous=401,
        json=True,
        data=lambda: {"mentee": "00000000-0000-0000-0000-000000000000", "accepted": True},
    ),
}


@pytest.fixture
def world(shared_world: SharedWorld, db) -> SharedWorld:
    """Some two thousand requests read one world: it is built and signed in once per module
    (each test still runs in its own rolled-back savepoint, on its own copy of the objects)."""
    return deepcopy(shared_world)


# Apps added later keep their rows beside them, each in its own module (tests/matrix_*.py).
MATRIX: dict[str, Case] = {
    **CORE,
    **matrix_alumni.CASES,
    **matrix_circles.CASES,
    **matrix_talent.CASES,
}

# Django's admin is one rule rather than one row per model URL: staff only, everything else is
# sent to the admin sign-in page. Its changelists are walked below with every role.
ADMIN_NAMESPACE = "admin"


def _walk(patterns: list[object], namespace: str = "") -> list[str]:
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            )
            names += _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def _all_url_names() -> list[str]:
    return _walk(get_resolver().url_patterns)


def _admin_changelists() -> list[str]:
    return sorted(
        n for n in _all_url_names() if n.startswith("admin:") and n.endswith("_changelist")
    )


def test_every_url_pattern_is_in_the_matrix() -> None:
    names = {n for n in _all_url_names() if not n.startswith(f"{ADMIN_NAMESPACE}:")}
    assert names - MATRIX.keys() == set(), "URLs missing from the permission matrix"
    assert MATRIX.keys() - names == set(), "matrix rows for URLs that no longer exist"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role_gets_the_expected_status(world: World, name: str, role: str) -> None:
    case = MATRIX[name]
    url = reverse(name, kwargs=case.kwargs(world))
    client = world.client(role)
    if case.json:
        response = getattr(client, case.method.lower())(
            url, case.data(), content_type="application/json"
        )
    elif case.method == "POST":
        response = client.post(url, case.data())
    else:
        response = client.get(url)
    assert response.status_code == case.expected(role), f"{role} {case.method} {url}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["admin:index", *_admin_changelists()])
def test_admin_is_for_site_admins_only(world: World, name: str, role: str) -> None:
    response = world.client(role).get(reverse(name))
    assert response.status_code == (200 if role == "site_admin" else 302)


READ_ONLY_PAGES = [
    "programs:list",
    "programs:detail",
    "workspace:cohort",
    "workspace:pair",
    "people:list",
    "people:detail",
    "people:import_job",
    "people:import_refused",
    "governance:governance",
    "governance:readiness_detail",
    "matching:round",
    "setup:home",
    "setup:roles",
    "setup:person",
]


@pytest.mark.parametrize("name", READ_ONLY_PAGES)
def test_read_only_pages_refuse_state_changing_methods(world: World, name: str) -> None:
    case = MATRIX[name]
    response = world.client("site_admin").post(reverse(name, kwargs=case.kwargs(world)))
    assert response.status_code == 405
