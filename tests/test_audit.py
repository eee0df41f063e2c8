"""The audit log: what is recorded, that the database refuses to change it (SQLite and
PostgreSQL), that people appear only as keys, and the retention purge."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import World
from upward.audit.log import purge_before, record, subject_for_user
from upward.audit.models import AuditEvent, AuditSubject


def test_sign_in_failure_and_sign_out_are_recorded_without_the_name_typed(world: World) -> None:
    client = Client()
    client.post(reverse("login"), {"username": "typo-of-my-password", "password": "x"})
    client.post(
        reverse("login"), {"username": world.users["lead"].username, "password": "pass-for-tests"}
    )
    client.post(reverse("logout"))
    events = AuditEvent.objects.exclude(action="role_changed").order_by("pk")
    actions = list(events.values_list("action", flat=True))
    assert actions == ["login_failed", "login", "logout"]
    assert "typo-of-my-password" not in str(list(AuditEvent.objects.values()))
    login = AuditEvent.objects.get(action="login")
    assert login.actor == subject_for_user(world.users["lead"])
    assert login.details == {"method": "password"} and login.ip == "127.0.0.1"


def test_a_refusal_is_recorded_with_the_address(world: World) -> None:
    url = reverse("people:list")
    assert world.client("mentor").get(url).status_code == 403
    denied = AuditEvent.objects.get(action="denied")
    assert denied.details["path"] == url
    assert denied.actor == subject_for_user(world.users["mentor"])


def test_reading_a_person_record_is_recorded(world: World) -> None:
    person = world.pair.mentee.employee
    world.client("lead").get(reverse("people:detail", args=[person.public_id]))
    read = AuditEvent.objects.get(action="restricted_read")
    assert read.subject == AuditSubject.objects.get(employee=person).key


def test_program_roles_given_are_recorded(world: World) -> None:
    assert AuditEvent.objects.filter(action="role_changed", details__change="granted").count() == 3


def test_the_database_refuses_to_change_or_delete_an_event(world: World) -> None:
    event = record(AuditEvent.Action.EXPORT, actor=world.users["lead"], rows=3)
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(details={"rows": 0})
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).details == {"rows": 3}


def test_the_retention_purge_removes_only_old_events(world: World) -> None:
    record(AuditEvent.Action.EXPORT, actor=world.users["lead"])
    kept = AuditEvent.objects.count()
    assert purge_before(timezone.now() - timedelta(days=1)) == 0
    assert purge_before(timezone.now() + timedelta(seconds=1)) == kept
    assert not AuditEvent.objects.exists()


def test_the_site_admin_searches_the_log_by_action_and_person(world: World) -> None:
    world.client("mentor").get(reverse("people:list"))
    record(AuditEvent.Action.EXPORT, actor=world.users["lead"])
    page = world.client("site_admin").get(
        reverse("audit:log"), {"action": "denied", "who": world.users["mentor"].username}
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "<td>Permission denied</td>" in text and "<td>Data exported</td>" not in text
    assert world.client("lead").get(reverse("audit:log")).status_code == 403


def test_scim_writes_exports_flags_and_tokens_are_recorded(world: World) -> None:
    from upward.integrations import tokens

    token, secret = tokens.issue(by=world.users["site_admin"], name="Okta", scope="scim")
    scim = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    created = scim.post(
        "/scim/v2/Users",
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "ada@example.org",
            "emails": [{"value": "ada@example.org"}],
        },
        content_type="application/scim+json",
    )
    assert created.status_code == 201
    tokens.revoke(token)
    written = AuditEvent.objects.get(action="scim_write")
    assert written.details == {"operation": "create", "token": secret[:12]}
    assert list(
        AuditEvent.objects.filter(action="token_changed").values_list("details__change", flat=True)
    ) == ["revoked", "issued"]


def test_the_scheduler_purges_events_past_the_retention_period(
    world: World, settings, clock
) -> None:
    from datetime import UTC, datetime

    from tests.clock import TODAY
    from upward.notifications.scheduler import run_once

    # The purge is a daily job: its turn comes after 06:00 UTC, whatever the suite's clock says.
    clock.move_to(datetime.combine(TODAY, datetime.min.time()).replace(hour=7, tzinfo=UTC))
    record(AuditEvent.Action.EXPORT, actor=world.users["lead"])
    settings.AUDIT_RETENTION_DAYS = 0
    report = run_once(holder="test")
    assert report["retention_purge"].startswith("ok:")
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_refusal_in_the_api_is_recorded_too(world: World) -> None:
    assert world.client("mentor").get("/api/v1/people/").status_code == 403
    assert AuditEvent.objects.get(action="denied").details["path"] == "/api/v1/people/"
