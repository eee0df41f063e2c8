"""Outcomes out to talent processes: a member's consent at closure, the lead's page, its CSV,
XLSX and API, the webhook event, and the program's continue / absorb / sunset decision."""

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from tests.clock import TODAY
from tests.conftest import World
from tests.factories import CompetencyFactory, ProgramFactory, SkillRatingFactory
from upward.audit.models import AuditEvent
from upward.integrations import tokens
from upward.programs.models import Cohort, Pair
from upward.surveys import loading
from upward.surveys import services as survey_services
from upward.surveys.models import Response
from upward.talent.models import OutcomeConsent, ProgramDecision
from upward.webhooks.models import Delivery, Webhook
from upward.workspace.models import Closure, Concern, Goal, GoalUpdate, JournalEntry, Session

GOAL = "Publish three reels and reach 250 followers"
PRIVATE = {
    "note": "Private note: the budget talk went badly",
    "journal": "Journal: I doubt myself before sessions",
    "concern": "Concern: my mentee cancels at short notice",
    "reflection": "Reflection: how a budget decision gets made",
    "memo": "Memo: we argued about the reels",
    "answer": "Survey answer: I feel unheard in meetings",
}


def close(pair: Pair) -> None:
    pair.state = Pair.State.CLOSED
    pair.ended_on = TODAY - timedelta(days=1)
    pair.save(update_fields=["state", "ended_on"])


def add_goal(pair: Pair, text: str = GOAL) -> Goal:
    goal = Goal.objects.create(
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
    GoalUpdate.objects.create(
        goal=goal, value=120, noted_on=TODAY - timedelta(days=20), by=pair.mentee
    )
    GoalUpdate.objects.create(
        goal=goal, value=260, noted_on=TODAY - timedelta(days=5), by=pair.mentee
    )
    return goal


def add_private_words(world: World) -> None:
    pair = world.pair
    Session.objects.create(
        pair=pair,
        starts_at=f"{TODAY - timedelta(days=3)}T10:00:00Z",
        status="held",
        private_notes=PRIVATE["note"],
    )
    JournalEntry.objects.create(
        pair=pair, author=pair.mentee, written_on=TODAY, text=PRIVATE["journal"]
    )
    Concern.objects.create(pair=pair, raised_by=pair.mentee, topic="other", text=PRIVATE["concern"])
    Closure.objects.create(
        pair=pair,
        proposed_by=pair.mentee,
        decision="graduate",
        mentor_learned=PRIVATE["reflection"],
        mentee_learned=PRIVATE["reflection"],
        next_steps="Brief my team",
        memo=PRIVATE["memo"],
    )
    wave = survey_services.add_wave(
        cohort=world.cohort,
        label="Pulse 1",
        instrument_keys=["pair_safety"],
        opens_on=TODAY - timedelta(days=10),
        closes_on=TODAY + timedelta(days=10),
    )
    Response.objects.create(
        wave=wave,
        instrument=loading.latest("pair_safety"),
        side="mentee",
        answers={"comment": PRIVATE["answer"]},
        score=6.5,
        participant=pair.mentee,
        pair=pair,
    )


def rate(world: World) -> None:
    """The mentor rates the mentee at the start and the close; the mentee rates themself."""
    mentee = world.pair.mentee.employee
    ai = CompetencyFactory(name="AI tools")
    for phase, level in (("baseline", 2), ("close", 4)):
        SkillRatingFactory(
            employee=mentee,
            competency=ai,
            rater_kind="partner",
            rater=world.pair.mentor.employee,
            phase=phase,
            cohort=world.cohort,
            level=level,
        )
    SkillRatingFactory(employee=mentee, competency=CompetencyFactory(name="Self-only skill"))


def consent(world: World, role: str = "mentee", share: str = "yes") -> None:
    response = world.client(role).post(
        reverse("talent:consent", args=[world.pair.public_id]), {"share": share}
    )
    assert response.status_code == 302


def outcomes_page(world: World, role: str = "lead") -> str:
    response = world.client(role).get(reverse("talent:outcomes", args=[world.program.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def pair_page(world: World, role: str) -> str:
    response = world.client(role).get(reverse("workspace:pair", args=[world.pair.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def download(world: World, fmt: str) -> bytes:
    url = reverse(f"talent:export_{fmt}", args=[world.program.public_id])
    response = world.client("lead").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="upward-outcomes-digital-fluency-{TODAY.isoformat()}.{fmt}"'
    )
    return response.content


def csv_rows(world: World) -> list[list[str]]:
    return list(csv.reader(io.StringIO(download(world, "csv").decode("utf-8-sig"))))


def xlsx_text(world: World) -> str:
    book = load_workbook(io.BytesIO(download(world, "xlsx")))
    return "\n".join(str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row)


def api_rows(world: World, client: Client | None = None) -> list[dict]:
    client = client or world.client("lead")
    url = reverse("api:program_outcomes", args=[world.program.public_id])
    response = client.get(url)
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def closed(world: World) -> World:
    add_goal(world.pair)
    rate(world)
    close(world.pair)
    return world


def test_nothing_is_shared_until_the_member_says_yes(closed: World) -> None:
    page = outcomes_page(closed)
    assert "Nobody has agreed to share yet" in page and "0 of 2" in page
    assert closed.pair.mentee.employee.display_name not in page
    assert csv_rows(closed)[1:] == [] and api_rows(closed) == []


def test_a_member_of_an_open_pair_is_not_asked_yet(world: World) -> None:
    assert "Your outcomes and talent reviews" not in pair_page(world, "mentee")
    refused = world.client("mentee").post(
        reverse("talent:consent", args=[world.pair.public_id]), {"share": "yes"}, follow=True
    )
    assert "once your pair has closed" in refused.content.decode()
    assert not OutcomeConsent.objects.exists()


def test_the_member_sees_exactly_what_a_yes_would_share(closed: World) -> None:
    page = pair_page(closed, "mentee")
    assert "Your outcomes and talent reviews" in page
    assert "you haven't chosen yet, so nothing is shared" in page
    assert GOAL in page and "Goal reached: 40 → 260 followers (target 250)" in page
    assert "How your partner rated 1 of your skills" in page
    assert "you don't see your partner's ratings of you" in page
    assert 'value="no" id="id_share_1" required checked' in page  # no, until they say yes
    # The lead reads the pair too, but is not asked to answer for its members.
    assert "Your outcomes and talent reviews" not in pair_page(closed, "lead")


def test_a_yes_puts_the_person_on_the_leads_page_with_their_outcomes(closed: World) -> None:
    consent(closed)
    mentee = closed.pair.mentee.employee
    page = outcomes_page(closed)
    assert escape(mentee.display_name) in page and "1 of 2" in page
    assert "Mentee" in page and escape(closed.cohort.name) in page
    assert GOAL in page and "Reached: 40 → 260 followers (target 250)" in page
    assert "AI tools 2&nbsp;→&nbsp;4" in page
    assert "Self-only skill" not in page  # the person's own rating is not the partner's
    assert escape(closed.pair.mentor.employee.display_name) not in page  # the mentor said nothing
    assert "you said yes on" in pair_page(closed, "mentee")


def test_a_member_can_withdraw_and_then_nothing_is_shared(closed: World) -> None:
    consent(closed)
    consent(closed, share="no")
    row = OutcomeConsent.objects.get()
    assert row.shared is False and row.decided_at is not None
    assert "Nobody has agreed to share yet" in outcomes_page(closed)
    assert api_rows(closed) == []
    assert "you said no on" in pair_page(closed, "mentee")


def test_each_member_answers_only_for_themself(closed: World) -> None:
    consent(closed, role="mentor")
    row = OutcomeConsent.objects.get()
    assert row.participant == closed.pair.mentor
    api = api_rows(closed)
    assert [r["role"] for r in api] == ["mentor"] and api[0]["skills_rated_by_partner"] == []


def test_the_leads_note_reaches_the_page_the_files_and_the_member(closed: World) -> None:
    consent(closed)
    row = OutcomeConsent.objects.get()
    url = reverse("talent:note", args=[closed.program.public_id, row.public_id])
    saved = closed.client("lead").post(
        url, {f"note-{row.pk}-text": "Ready to lead the digital guild."}
    )
    assert saved.status_code == 302 and saved.url.endswith(f"#person-{row.public_id}")
    assert "Ready to lead the digital guild." in outcomes_page(closed)
    assert csv_rows(closed)[1][8] == "Ready to lead the digital guild."
    assert api_rows(closed)[0]["lead_note"] == "Ready to lead the digital guild."
    assert "Ready to lead the digital guild." in pair_page(closed, "mentee")


def test_a_note_too_long_comes_back_filled_in_with_the_reason(closed: World) -> None:
    consent(closed)
    row = OutcomeConsent.objects.get()
    url = reverse("talent:note", args=[closed.program.public_id, row.public_id])
    refused = closed.client("lead").post(url, {f"note-{row.pk}-text": "x" * 501})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Keep the note to 500 characters at most." in page and "x" * 501 in page
    assert OutcomeConsent.objects.get().lead_note == ""


def test_nothing_private_reaches_the_page_the_files_or_the_api(closed: World) -> None:
    add_private_words(closed)
    consent(closed)
    consent(closed, role="mentor")
    seen = {
        "page": outcomes_page(closed),
        "csv": download(closed, "csv").decode("utf-8-sig"),
        "xlsx": xlsx_text(closed),
        "api": str(api_rows(closed)),
    }
    for where, text in seen.items():
        assert GOAL in text, where  # the export is not empty: it holds the goal
        for kind, words in PRIVATE.items():
            assert words not in text and escape(words) not in text, f"{kind} leaked into {where}"


def test_the_csv_has_the_columns_and_escapes_formulas(closed: World) -> None:
    Goal.objects.filter(pair=closed.pair).update(text='=HYPERLINK("http://evil")')
    consent(closed)
    header, row = csv_rows(closed)
    assert header[:5] == ["Name", "Employee ID", "Role", "Cohort", "What they worked on"]
    assert row[4] == '\'=HYPERLINK("http://evil")'
    assert row[5] == "reached" and row[7] == "AI tools 2 → 4"
    assert row[9] == TODAY.isoformat()


def test_the_xlsx_has_a_bold_frozen_header_and_set_widths(closed: World) -> None:
    consent(closed)
    sheet = load_workbook(io.BytesIO(download(closed, "xlsx"))).active
    assert sheet["A1"].value == "Name" and sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["E"].width == 44
    assert sheet["E2"].value == GOAL


def test_every_download_is_audited(closed: World) -> None:
    consent(closed)
    download(closed, "csv")
    api_rows(closed)
    events = AuditEvent.objects.filter(action="export")
    assert events.count() == 2
    assert all(e.details.get("what") == "outcomes" and e.details["rows"] == 1 for e in events)


def test_a_program_scoped_token_reads_its_own_programs_outcomes_only(closed: World) -> None:
    consent(closed)
    _, secret = tokens.issue(
        by=closed.users["site_admin"], name="Talent suite", scope="read", program=closed.program
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    rows = api_rows(closed, client)
    assert rows[0]["goal"] == {
        "text": GOAL,
        "unit": "followers",
        "baseline": 40.0,
        "target": 250.0,
        "final": 260.0,
    }
    assert rows[0]["skills_rated_by_partner"] == [
        {"competency": "AI tools", "before": 2, "after": 4}
    ]
    other = ProgramFactory()
    response = client.get(reverse("api:program_outcomes", args=[other.public_id]))
    assert response.status_code == 404


def test_a_yes_tells_the_programs_webhooks_who_and_nothing_more(
    closed: World, django_capture_on_commit_callbacks
) -> None:
    Webhook.objects.create(
        program=closed.program,
        name="#talent",
        kind="generic",
        url="https://hooks.example.com/talent",
        signing_secret="s" * 32,
        events=["outcomes_shared"],
    )
    with django_capture_on_commit_callbacks():
        consent(closed)
        consent(closed, share="no")  # a withdrawal is not an event
    delivery = Delivery.objects.get()
    assert delivery.event == "outcomes_shared"
    body = str(delivery.body)
    assert str(closed.program.public_id) in body
    assert str(closed.pair.mentee.employee.public_id) in body
    assert GOAL not in body and "AI tools" not in body


def test_the_decision_waits_for_a_cohort_to_end(closed: World) -> None:
    url = reverse("talent:decision", args=[closed.program.public_id])
    refused = closed.client("lead").post(url, {"choice": "absorb", "reasons": "It works."})
    assert refused.status_code == 400
    assert "once one of its cohorts is closing" in refused.content.decode()
    assert not ProgramDecision.objects.exists()


def test_the_lead_records_the_decision_and_the_program_page_shows_it(closed: World) -> None:
    Cohort.objects.filter(pk=closed.cohort.pk).update(state=Cohort.State.CLOSED)
    url = reverse("talent:decision", args=[closed.program.public_id])
    empty = closed.client("lead").post(url, {"choice": "sunset"})
    assert empty.status_code == 400 and "Give your reasons" in empty.content.decode()
    assert 'value="sunset"' in empty.content.decode()
    reasons = "Retention rose; HR will run it inside the leadership track."
    saved = closed.client("lead").post(url, {"choice": "absorb", "reasons": reasons})
    assert saved.status_code == 302
    decision = ProgramDecision.objects.get()
    assert decision.choice == "absorb" and decision.decided_by == closed.users["lead"]
    assert reasons in outcomes_page(closed)
    program_url = reverse("programs:detail", args=[closed.program.public_id])
    for role in ("lead", "sponsor"):
        page = closed.client(role).get(program_url).content.decode()
        assert "Absorb it into talent processes" in page and reasons in page
    assert AuditEvent.objects.filter(action="lifecycle", details__change="decision").exists()


def test_the_program_page_invites_the_lead_to_decide_once_a_cohort_closes(world: World) -> None:
    program_url = reverse("programs:detail", args=[world.program.public_id])
    assert (
        "Continue, absorb or sunset" not in world.client("lead").get(program_url).content.decode()
    )
    Cohort.objects.filter(pk=world.cohort.pk).update(state=Cohort.State.CLOSING)
    page = world.client("lead").get(program_url).content.decode()
    assert "No decision on the program's future has been recorded yet" in page
    assert f"{world.cohort.name} is closing." in page
    assert reverse("talent:outcomes", args=[world.program.public_id]) in page
