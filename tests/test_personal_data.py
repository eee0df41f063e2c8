"""Personal data: the registry covers every model, a person's export holds their data (and not
someone else's), and erasure removes them everywhere while the aggregates stay the same."""

import json

from django.apps import apps

from tests.conftest import World
from upward.privacy.export import export_person
from upward.privacy.registry import EXPORTED, NOT_EXPORTED


def test_every_model_is_exported_or_excluded_with_a_reason() -> None:
    ours = {m._meta.label for m in apps.get_models() if m.__module__.startswith("upward.")}
    assert ours - EXPORTED.keys() - NOT_EXPORTED.keys() == set(), "decide in privacy/registry.py"
    assert (EXPORTED.keys() | NOT_EXPORTED.keys()) - ours == set(), "registry names a lost model"
    assert all(reason.strip() for reason in NOT_EXPORTED.values())


def test_the_export_holds_the_persons_data_as_json(world: World) -> None:
    mentor = world.pair.mentor.employee
    document = export_person(mentor)
    json.dumps(document)  # machine-readable as it stands
    records = document["records"]
    assert records["people.Employee"][0]["email"] == mentor.email
    assert records["accounts.User"][0]["username"] == world.users["mentor"].username
    assert len(records["programs.Pair"]) == 1
    other = world.other_pair.mentor.employee
    assert other.email not in json.dumps(document)


def _everything_as_text() -> str:
    """Every row of every model of ours, serialised: where a leftover name would show."""
    from django.core import serializers

    ours = [m for m in apps.get_models() if m.__module__.startswith("upward.")]
    return "".join(serializers.serialize("json", m._base_manager.all()) for m in ours)


def _aggregate_facts() -> dict[str, object]:
    from django.db.models import Sum

    from upward.people.models import Employee
    from upward.programs.models import Pair, Participant
    from upward.surveys.models import Response

    return {
        "pairs": list(Pair.objects.order_by("pk").values_list("state", "started_on")),
        "participants": Participant.objects.count(),
        "levels": list(Employee.objects.order_by("pk").values_list("level", "status", "hire_date")),
        "scores": Response.objects.aggregate(total=Sum("score"))["total"],
    }


def test_erasure_removes_the_person_everywhere_and_keeps_the_aggregates(world: World) -> None:
    from django.test import Client

    from tests.factories import TODAY
    from upward.accounts.models import SsoIdentity
    from upward.audit.log import record, subject_for_employee
    from upward.audit.models import AuditEvent
    from upward.domain.surveys.flags import Reason
    from upward.flags.services import raise_flag
    from upward.people.models import DiversityProfile
    from upward.privacy.erasure import erase_person
    from upward.workspace.models import Concern

    mentor = world.pair.mentor.employee
    account = world.users["mentor"]
    mentor.last_name = "Quillfeather"  # a name that appears nowhere else
    mentor.save()
    DiversityProfile.objects.create(employee=mentor, gender="woman")
    SsoIdentity.objects.create(user=account, issuer="https://idp", subject="42")
    Concern.objects.create(
        pair=world.pair,
        raised_by=world.pair.mentor,
        topic="other",
        text="I am Quillfeather and my leader cancels every week.",
    )
    raise_flag(
        key="x",
        program=world.program,
        pair=world.pair,
        reason=Reason.STALE,
        today=TODAY,
        evidence=f"{mentor.display_name} has not met their partner since March.",
    )
    record(AuditEvent.Action.EXPORT, actor=account, about=mentor)
    key = subject_for_employee(mentor)
    before = _aggregate_facts()
    assert "Quillfeather" in _everything_as_text()

    erase_person(mentor, by=world.users["site_admin"])

    text = _everything_as_text()
    for trace in ("Quillfeather", mentor.email, account.username):
        assert trace not in text
    assert _aggregate_facts() == before
    assert not DiversityProfile.objects.exists() and not SsoIdentity.objects.exists()
    # The audit log keeps its events, now unattributable.
    assert AuditEvent.objects.filter(subject=key).exists()
    assert AuditEvent.objects.filter(action="data_request").exists()
    refused = Client().post(
        "/accounts/login/", {"username": account.username, "password": "pass-for-tests"}
    )
    assert refused.status_code == 200  # the form again: no sign-in


def test_a_person_downloads_their_own_data_and_the_request_is_audited(world: World) -> None:
    from upward.audit.models import AuditEvent

    response = world.client("mentee").get("/me/data.json")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    document = json.loads(response.content)
    assert document["records"]["people.Employee"][0]["email"] == world.pair.mentee.employee.email
    assert AuditEvent.objects.filter(action="data_request", details__kind="own export").exists()


def test_the_site_admin_erases_only_with_the_typed_confirmation(world: World) -> None:
    from upward.people.models import Employee

    person = world.pair.mentee.employee
    url = f"/people/{person.public_id}/erase/"
    world.client("site_admin").post(url, {"confirm": "yes"})
    assert Employee.objects.get(pk=person.pk).email == person.email  # nothing happened
    world.client("site_admin").post(url, {"confirm": "erase"})
    assert Employee.objects.get(pk=person.pk).email.endswith("@erased.invalid")


def test_each_kind_of_data_is_purged_after_its_period_and_not_before(world: World) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from upward.notifications.models import OutboundEmail
    from upward.people.models import ImportJob
    from upward.privacy.retention import periods, purge

    now = timezone.now()
    old_email = OutboundEmail.objects.create(
        key="old", to="a@example.org", template="t", state="sent"
    )
    OutboundEmail.objects.create(key="new", to="b@example.org", template="t", state="sent")
    waiting = OutboundEmail.objects.create(key="wait", to="c@example.org", template="t")
    OutboundEmail.objects.filter(pk__in=[old_email.pk, waiting.pk]).update(
        queued_at=now - timedelta(days=91)
    )
    upload = ImportJob.objects.create(filename="hris.csv", kind="csv", content=b"x")
    ImportJob.objects.filter(pk=upload.pk).update(created_at=now - timedelta(days=31))

    removed = purge(now)

    assert set(OutboundEmail.objects.values_list("key", flat=True)) == {"new", "wait"}
    assert not ImportJob.objects.exists()
    assert removed["E-mails sent or given up"] == 1
    assert {rule.kind for rule in periods()} <= removed.keys()


def test_a_journal_is_in_its_authors_export_and_never_in_the_partners(world: World) -> None:
    from django.urls import reverse

    from tests.clock import TODAY

    world.client("mentor").post(
        reverse("workspace:journal", args=[world.pair.public_id]),
        {"written_on": str(TODAY), "text": "Only mine: she scares me a little."},
    )
    own = json.loads(world.client("mentor").get("/me/data.json").content)
    entries = own["records"]["workspace.JournalEntry"]
    assert [entry["text"] for entry in entries] == ["Only mine: she scares me a little."]
    assert entries[0]["written_on"] == str(TODAY)
    partners = world.client("mentee").get("/me/data.json").content.decode()
    assert "workspace.JournalEntry" not in partners and "scares me" not in partners


def test_each_member_exports_the_pairs_closing_decisions(world: World) -> None:
    from django.urls import reverse

    world.client("mentor").post(
        reverse("workspace:close", args=[world.pair.public_id]),
        {"decision": "continue", "reflection": "Budgets", "next_steps": "Podcast", "step": "send"},
    )
    for role in ("mentor", "mentee"):
        document = json.loads(world.client(role).get("/me/data.json").content)
        (closure,) = document["records"]["workspace.Closure"]
        assert (closure["decision"], closure["state"]) == ("continue", "proposed")
        assert closure["mentor_learned"] == "Budgets"
