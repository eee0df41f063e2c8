"""Readiness, program design, charter sign-off and governance through HTTP."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from tests.conftest import World
from tests.factories import TODAY, DepartmentFactory, EmployeeFactory, UserFactory
from upward.audit.models import AuditEvent
from upward.governance.models import CharterSignature, Checkpoint, ReadinessCheck
from upward.governance.services import checkpoints_plan
from upward.programs.models import Cohort, Program, ProgramRole


def sponsor_user():
    user = UserFactory(first_name="Cleo")
    EmployeeFactory(account=user, level=9)
    return user


def design_data(**changes) -> dict[str, object]:
    return {
        "name": "AI for Leaders",
        "business_problem": "Leaders guess at AI",
        "objective": "Each leader ships one AI-informed change",
        "program_type": "skills_sprint",
        "start_date": "2027-01-04",
        "end_date": "2027-03-29",
        "cadence_days": 7,
        "session_minutes": 60,
        "kpis": ["retention_vs_control", "skill_attainment", "goal_attainment"],
        "role_description": "",
        **changes,
    }


def test_readiness_check_uses_the_people_data_and_is_saved(world: World) -> None:
    EmployeeFactory(
        level=2,
        hire_date=TODAY - timedelta(days=200),
        status="exited",
        exit_date=TODAY - timedelta(days=30),
        exit_type="voluntary",
    )
    client = world.client("lead")
    response = client.post(
        reverse("governance:readiness"),
        {"signals": ["junior_turnover", "fast_change"], "notes": ""},
    )
    check = ReadinessCheck.objects.get()
    assert response.url == reverse("governance:readiness_detail", args=[check.public_id])
    assert check.recommendation == "pilot"
    assert check.data["churn_by_tenure"][0]["voluntary_exits"] == 1
    page = client.get(response.url).content.decode()
    assert "Run an 8-12 week pilot" in page and "2 of 8 signals are present" in page


def test_a_program_is_designed_with_its_sponsor_charter_and_checkpoints(world: World) -> None:
    sponsor = sponsor_user()
    check = ReadinessCheck.objects.create(
        signals=["fast_change", "junior_turnover"], recommendation="pilot", reasons=[], data={}
    )
    response = world.client("lead").post(
        reverse("governance:program_create"),
        design_data(sponsor=sponsor.employee.pk, readiness_check=check.pk),
    )
    program = Program.objects.get(name="AI for Leaders")
    assert response.status_code == 302
    assert (program.cadence_days, program.session_minutes) == (7, 60)  # the sprint preset
    assert "You are here for what you know" in program.role_description
    assert ProgramRole.objects.filter(program=program, user=sponsor, role="sponsor").exists()
    assert ProgramRole.objects.filter(
        program=program, user=world.users["lead"], role="lead"
    ).exists()
    assert program.charters.get().version == 1
    assert list(program.checkpoints.values_list("kind", flat=True)) == ["kickoff", "mid", "close"]
    check.refresh_from_db()
    assert check.program == program


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_date": "2026-12-01"}, "must end after it starts"),
        ({"kpis": []}, "Choose between 1 and 4 KPIs"),
        (
            {
                "kpis": [
                    "retention_vs_control",
                    "skill_attainment",
                    "goal_attainment",
                    "response_rate",
                    "promotion_rate",
                ]
            },
            "5 chosen",
        ),
        (
            {"program_type": "custom", "cadence_days": 45, "end_date": "2027-02-20"},
            "fewer than 3 sessions",
        ),
    ],
)
def test_bad_designs_are_refused_and_nothing_is_saved(world: World, changes, message) -> None:
    response = world.client("lead").post(
        reverse("governance:program_create"),
        design_data(sponsor=sponsor_user().employee.pk, **changes),
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not Program.objects.filter(name="AI for Leaders").exists()


def test_only_the_sponsor_signs_and_a_change_asks_for_a_new_signature(world: World) -> None:
    sponsor = sponsor_user()
    world.client("lead").post(
        reverse("governance:program_create"), design_data(sponsor=sponsor.employee.pk)
    )
    program = Program.objects.get(name="AI for Leaders")
    sign = reverse("governance:charter_sign", args=[program.public_id])
    assert world.client("lead").post(sign).status_code == 403
    sponsor_client = Client()
    sponsor_client.force_login(sponsor)
    assert sponsor_client.post(sign).status_code == 302
    assert CharterSignature.objects.filter(signer=sponsor, charter__version=1).exists()
    edit = {
        "objective": "A sharper objective",
        "confidentiality": "c",
        "escalation_path": "e",
        "sponsor_commitments": "s",
    }
    assert (
        sponsor_client.post(
            reverse("governance:charter", args=[program.public_id]), edit
        ).status_code
        == 403
    )  # a sponsor cannot rewrite it
    world.client("lead").post(reverse("governance:charter", args=[program.public_id]), edit)
    page = sponsor_client.get(reverse("governance:charter", args=[program.public_id]))
    assert b"Waiting for the sponsor" in page.content and b"version 1 was signed" in page.content
    sponsor_client.post(sign)
    assert program.charters.get(version=2).signatures.filter(signer=sponsor).exists()


def test_a_missed_checkpoint_raises_a_flag_for_the_lead(world: World) -> None:
    checkpoints_plan(world.program)
    kickoff = world.program.checkpoints.get(kind=Checkpoint.Kind.KICKOFF)
    page = (
        world.client("lead")
        .get(reverse("governance:governance", args=[world.program.public_id]))
        .content.decode()
    )
    assert f"Kickoff, {world.cohort.name} was due on" in page and "has not been recorded" in page
    world.client("lead").post(
        reverse("governance:checkpoint", args=[kickoff.public_id]),
        {"held_on": str(kickoff.due_date), "notes": "Sponsor ill"},
    )
    page = (
        world.client("lead")
        .get(reverse("governance:governance", args=[world.program.public_id]))
        .content.decode()
    )
    assert f"The sponsor missed the kickoff of {world.cohort.name}" in page


def test_a_checkpoint_cannot_be_held_in_the_future(world: World) -> None:
    checkpoints_plan(world.program)
    checkpoint = world.program.checkpoints.first()
    response = world.client("lead").post(
        reverse("governance:checkpoint", args=[checkpoint.public_id]),
        {"held_on": "2099-01-01"},
        follow=True,
    )
    assert b"cannot be recorded as held in the future" in response.content
    checkpoint.refresh_from_db()
    assert checkpoint.held_on is None


def test_long_programs_get_quarterly_checkpoints(world: World) -> None:
    world.program.start_date, world.program.end_date = TODAY, TODAY + timedelta(days=365)
    world.program.save(update_fields=["start_date", "end_date"])
    checkpoints_plan(world.program)
    kinds = list(world.program.checkpoints.values_list("kind", flat=True))
    assert kinds.count("quarterly") >= 2 and kinds[0] == "kickoff" and "close" in kinds


def test_cohorts_stay_inside_their_program(world: World) -> None:
    url = reverse("programs:cohort_create", args=[world.program.public_id])
    bad = world.client("lead").post(
        url,
        {"name": "Late", "start_date": "2030-01-01", "end_date": "2030-03-01", "target_pairs": 10},
    )
    assert bad.status_code == 400 and b"within its program" in bad.content
    start = world.program.start_date + timedelta(days=1)
    good = world.client("lead").post(
        url,
        {
            "name": "Spring",
            "start_date": str(start),
            "end_date": str(start + timedelta(days=70)),
            "target_pairs": 10,
        },
    )
    assert good.status_code == 302 and Cohort.objects.filter(name="Spring").exists()


def test_launch_checklist_reads_the_data(world: World) -> None:
    page = (
        world.client("lead")
        .get(reverse("governance:governance", args=[world.program.public_id]))
        .content.decode()
    )
    assert "Sponsor charter signed" in page and "No charter yet" in page
    assert "Matching published" in page and "Pairs exist" in page


def test_the_api_designs_a_program_and_refuses_a_bad_one(world: World) -> None:
    sponsor = sponsor_user()
    body = {
        "name": "API program",
        "start_date": "2027-01-04",
        "end_date": "2027-03-29",
        "kpis": ["retention_vs_control", "goal_attainment", "skill_attainment"],
        "sponsor": str(sponsor.public_id),
    }
    client = world.client("lead")
    created = client.post("/api/v1/setup/programs", body, content_type="application/json")
    assert created.status_code == 201
    program_id = created.json()["id"]
    charter = client.get(f"/api/v1/setup/programs/{program_id}/charter").json()
    assert charter["version"] == 1 and charter["signed_by_sponsor"] is False
    bad = client.post(
        "/api/v1/setup/programs", {**body, "kpis": []}, content_type="application/json"
    )
    assert bad.status_code == 400 and "Choose between 1 and 4 KPIs" in bad.json()["detail"]
    governance = client.get(f"/api/v1/setup/programs/{program_id}/governance").json()
    assert [c["kind"] for c in governance["checkpoints"]] == ["kickoff", "mid", "close"]


def test_two_leads_editing_at_once_lose_nothing_silently(world: World) -> None:
    from upward.programs.models import Program, ProgramRole

    other_lead = UserFactory()
    ProgramRole.objects.create(program=world.program, user=other_lead, role="lead")
    url = reverse("programs:edit", args=[world.program.public_id])
    first, second = world.client("lead"), world.client("lead")
    second.force_login(other_lead)
    loaded = str(Program.objects.get(pk=world.program.pk).version)  # both open the form
    assert f'name="version" value="{loaded}"' in first.get(url).content.decode()

    saved = first.post(url, design_data(name="Digital Fluency 2", version=loaded))
    assert saved.status_code == 302
    clash = second.post(url, design_data(objective="Something else entirely", version=loaded))

    assert clash.status_code == 400
    page = clash.content.decode()
    assert "Another lead saved this program" in page
    assert "Something else entirely" in page  # their change is still in the form
    program = Program.objects.get(pk=world.program.pk)
    assert program.name == "Digital Fluency 2" and program.objective != "Something else entirely"
    retried = second.post(
        url,
        design_data(
            name="Digital Fluency 2",
            objective="Something else entirely",
            version=str(program.version),
        ),
    )
    assert retried.status_code == 302
    assert Program.objects.get(pk=world.program.pk).objective == "Something else entirely"


def test_the_sponsor_picker_offers_senior_leaders_and_finds_anyone_else_by_search(
    world: World,
) -> None:
    EmployeeFactory(
        first_name="Cleo",
        last_name="Vance",
        title="Chief Operating Officer",
        department=DepartmentFactory(name="Operations"),
        level=9,
    )
    EmployeeFactory(first_name="Juno", last_name="Park", level=2)
    EmployeeFactory(first_name="Old", last_name="Boss", level=9, status="exited", exit_date=TODAY)
    client = world.client("lead")
    page = client.get(reverse("governance:program_create")).content.decode()
    assert "Cleo Vance — Chief Operating Officer, Operations" in page
    assert "Juno Park" not in page and "Old Boss" not in page

    found = client.post(
        reverse("governance:program_create"),
        design_data(find="sponsor", sponsor_search="juno", name="Kept as typed"),
    )
    page = found.content.decode()
    assert found.status_code == 200 and "Juno Park — Analyst" in page
    assert "Cleo Vance" not in page and 'value="Kept as typed"' in page
    assert not Program.objects.filter(name="Kept as typed").exists()


def test_a_sponsor_without_an_account_gets_one_and_the_charter_to_sign_by_email(
    world: World,
) -> None:
    cleo = EmployeeFactory(first_name="Cleo", level=9, email="cleo@example.org")
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = world.client("lead").post(
            reverse("governance:program_create"), design_data(sponsor=cleo.pk)
        )
    assert response.status_code == 302
    cleo.refresh_from_db()
    program = Program.objects.get(name="AI for Leaders")
    assert cleo.account is not None and not cleo.account.has_usable_password()
    assert ProgramRole.objects.filter(program=program, user=cleo.account, role="sponsor").exists()
    [message] = mail.outbox
    assert message.to == ["cleo@example.org"]
    assert message.subject == "Cleo, the charter of AI for Leaders is ready for your signature"
    charter_url = reverse("governance:charter", args=[program.public_id])
    assert charter_url in message.body and "/password/set/" in message.body
    assert "choose your password" in message.body

    mail.outbox.clear()
    edit = {
        "objective": "A sharper objective",
        "confidentiality": "c",
        "escalation_path": "e",
        "sponsor_commitments": "s",
    }
    charter_page = reverse("governance:charter", args=[program.public_id])
    with TestCase.captureOnCommitCallbacks(execute=True):
        world.client("lead").post(charter_page, edit)
        world.client("lead").post(charter_page, edit)  # unchanged: no new version, no email
    [again] = mail.outbox
    assert "needs your signature again" in again.body and "Version 2" in again.body


def test_a_sponsor_who_can_sign_in_gets_the_charter_link_without_a_password_link(
    world: World,
) -> None:
    sponsor = sponsor_user()
    sponsor.email = "cleo@example.org"
    sponsor.save(update_fields=["email"])
    with TestCase.captureOnCommitCallbacks(execute=True):
        world.client("lead").post(
            reverse("governance:program_create"), design_data(sponsor=sponsor.employee.pk)
        )
    [message] = mail.outbox
    assert message.to == ["cleo@example.org"] and "/password/set/" not in message.body


def test_a_site_admin_designs_the_first_program_and_names_its_lead(db) -> None:
    ada = EmployeeFactory(first_name="Ada", last_name="Lovelace", email="ada@example.org")
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    found = client.post(
        reverse("governance:program_create"), design_data(find="lead", lead_search="lovelace")
    )
    assert "Ada Lovelace — Analyst" in found.content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("governance:program_create"),
            design_data(sponsor=sponsor_user().employee.pk, lead=ada.pk),
        )
    assert response.status_code == 302
    program = Program.objects.get(name="AI for Leaders")
    ada.refresh_from_db()
    leads = set(program.roles.filter(role="lead").values_list("user", flat=True))
    assert leads == {ada.account_id}  # the admin who designed it does not lead it
    assert any(m.to == ["ada@example.org"] and "/password/set/" in m.body for m in mail.outbox)
    assert AuditEvent.objects.filter(action="role_changed", details__role="lead").exists()


def test_leads_do_not_name_another_lead(world: World) -> None:
    ada = EmployeeFactory()
    world.client("lead").post(
        reverse("governance:program_create"),
        design_data(sponsor=sponsor_user().employee.pk, lead=ada.pk),
    )
    program = Program.objects.get(name="AI for Leaders")
    assert list(program.roles.filter(role="lead").values_list("user", flat=True)) == [
        world.users["lead"].pk
    ]


def test_a_tampered_version_is_refused_with_the_form_still_filled_in(world: World) -> None:
    from upward.programs.models import Program

    url = reverse("programs:edit", args=[world.program.public_id])
    response = world.client("lead").post(
        url, design_data(name="Renamed by a tampered page", version="not-a-number")
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "changed outside the page" in page and "Renamed by a tampered page" in page
    assert Program.objects.get(pk=world.program.pk).name != "Renamed by a tampered page"
