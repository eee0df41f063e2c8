"""Integration tokens: shown once, stored hashed, scoped, read-only or read-write, revocable."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import World
from tests.factories import EmployeeFactory, PairFactory, ProgramFactory
from upward.integrations import tokens
from upward.integrations.models import ApiToken
from upward.people.models import Employee


def bearer(secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", enforce_csrf_checks=True)


def issue(world: World, scope: str = "read", **kwargs) -> str:
    _, secret = tokens.issue(by=world.users["site_admin"], name="HRIS sync", scope=scope, **kwargs)
    return secret


def test_a_token_is_shown_once_and_stored_hashed(world: World) -> None:
    token, secret = tokens.issue(by=world.users["site_admin"], name="HRIS", scope="read")
    assert secret.startswith("upw_") and len(secret) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in {stored.token_hash, stored.prefix} and stored.prefix == secret[:12]
    with pytest.raises(ValidationError, match="site administrator"):
        tokens.issue(by=world.users["lead"], name="x", scope="read")


def test_a_read_only_token_reads_and_cannot_write(world: World) -> None:
    client = bearer(issue(world))
    assert client.get(reverse("api:list_programs")).status_code == 200
    refused = client.post(reverse("api:create_plan", args=[world.cohort.public_id]))
    assert refused.status_code == 403 and refused.json() == {"detail": "This token is read-only."}


def test_a_read_write_token_writes_without_a_browser_session_or_csrf(world: World) -> None:
    client = bearer(issue(world, scope="write"))
    response = client.post(reverse("api:create_plan", args=[world.cohort.public_id]))
    assert response.status_code == 201 and response.json()[0]["kind"] == "baseline"


def test_a_program_scoped_token_sees_that_program_only(world: World) -> None:
    other = ProgramFactory()
    client = bearer(issue(world, program=world.program))
    assert client.get(reverse("api:get_program", args=[world.program.public_id])).status_code == 200
    assert client.get(reverse("api:get_program", args=[other.public_id])).status_code == 404
    listed = {p["id"] for p in client.get(reverse("api:list_programs")).json()["items"]}
    assert listed == {str(world.program.public_id)}


@pytest.mark.parametrize("how", ["revoked", "expired", "unknown", "inactive"])
def test_dead_tokens_get_401_with_the_one_error_shape(world: World, how: str) -> None:
    secret = issue(world)
    token = ApiToken.objects.get()
    if how == "revoked":
        tokens.revoke(token)
    elif how == "expired":
        ApiToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
    elif how == "unknown":
        secret = secret[:-4] + "abcd"
    else:
        world.users["site_admin"].is_active = False
        world.users["site_admin"].save()
    response = bearer(secret).get(reverse("api:list_programs"))
    assert response.status_code == 401 and set(response.json()) == {"detail"}


def test_last_use_is_recorded(world: World) -> None:
    secret = issue(world)
    assert ApiToken.objects.get().last_used_at is None
    bearer(secret).get(reverse("api:list_programs"))
    assert ApiToken.objects.get().last_used_at is not None


def test_a_token_cannot_open_the_pages(world: World) -> None:
    response = bearer(issue(world, scope="write")).get(reverse("programs:list"))
    assert response.status_code == 302  # pages need a signed-in person, not a token


def test_the_admin_creates_sees_the_secret_once_and_revokes(world: World) -> None:
    client = world.client("site_admin")
    created = client.post(
        reverse("integrations:tokens"), {"name": "Workday", "scope": "write", "program": ""}
    )
    assert created.status_code == 201
    secret = created.context["secret"]
    assert secret in created.content.decode()
    listing = client.get(reverse("integrations:tokens")).content.decode()
    assert secret not in listing and secret[:12] in listing
    token = ApiToken.objects.get(name="Workday")
    client.post(reverse("integrations:revoke", args=[token.public_id]))
    assert bearer(secret).get(reverse("api:list_programs")).status_code == 401
    bad = client.post(
        reverse("integrations:tokens"), {"name": "x", "scope": "write", "program": "nope"}
    )
    assert "Choose a program" in bad.content.decode() and ApiToken.objects.count() == 1


@pytest.mark.parametrize("path", ["api:create_import", "api:load_instrument_pack"])
def test_a_multipart_body_without_a_boundary_is_a_400_not_a_500(world: World, path: str) -> None:
    client = bearer(issue(world, scope="write"))
    response = client.generic("POST", reverse(path), b"x", content_type="multipart/form-data")
    assert response.status_code == 400
    assert response.json() == {"detail": "The body is not valid multipart/form-data."}


def test_a_program_scoped_token_reads_only_that_programs_people(world: World) -> None:
    stranger = EmployeeFactory(email="stranger@example.org")
    foreign = PairFactory().mentor.employee
    client = bearer(issue(world, program=world.program))

    listed = client.get(reverse("api:list_people"), {"limit": 100}).json()
    emails = {person["email"] for person in listed["items"]}

    members = {world.pair.mentor.employee, world.pair.mentee.employee}
    members |= {world.other_pair.mentor.employee, world.other_pair.mentee.employee}
    role_holders = {world.users[role].employee for role in ("lead", "sponsor", "analyst")}
    assert emails == {person.email for person in members | role_holders}
    assert listed["count"] == len(emails)
    for person in (stranger, foreign):
        assert client.get(reverse("api:get_person", args=[person.public_id])).status_code == 404
    mentor = world.pair.mentor.employee
    assert client.get(reverse("api:get_person", args=[mentor.public_id])).status_code == 200
    # A site-wide token still reads the whole directory.
    everyone = bearer(issue(world)).get(reverse("api:list_people")).json()
    assert everyone["count"] == Employee.objects.count()


def test_a_program_scoped_token_reads_only_that_programs_readiness_checks(world: World) -> None:
    from tests.clock import TODAY
    from upward.governance.models import ReadinessCheck
    from upward.governance.services import readiness_run

    admin = world.users["site_admin"]
    other = PairFactory().cohort.program
    checks = {}
    for name, program in (("ours", world.program), ("theirs", other), ("none", None)):
        checks[name] = readiness_run(actor=admin, signals=["fast_change"], notes="", today=TODAY)
        ReadinessCheck.objects.filter(pk=checks[name].pk).update(program=program)
    listed = bearer(issue(world, program=world.program)).get(reverse("api:list_readiness"))
    assert [c["id"] for c in listed.json()["items"]] == [str(checks["ours"].public_id)]


def test_a_program_scoped_token_reads_only_that_programs_stories(world: World) -> None:
    from upward.workspace.models import Story

    def published(pair, title: str) -> None:
        now = timezone.now()
        Story.objects.create(
            pair=pair,
            title=title,
            body="b",
            published_body="b",
            published_at=now,
            mentor_consent_at=now,
            mentee_consent_at=now,
        )

    published(world.pair, "Ours")
    published(PairFactory(), "Another program's")
    client = bearer(issue(world, program=world.program))
    page = client.get("/api/v1/workspace/stories").json()
    titles = [story["title"] for story in page["items"]]
    assert titles == ["Ours"]


def test_a_program_scoped_token_cannot_import_people_data(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from upward.people.models import ImportJob

    csv = b"employee_id,first_name,last_name,email\nE9,Ada,Byron,ada@example.org\n"
    scoped = bearer(issue(world, scope="write", program=world.program))
    response = scoped.post(
        reverse("api:create_import"), {"file": SimpleUploadedFile("people.csv", csv)}
    )
    assert response.status_code == 403
    assert "scoped to one program" in response.json()["detail"]
    assert not ImportJob.objects.exists()
    org_wide = bearer(issue(world, scope="write"))
    upload = org_wide.post(
        reverse("api:create_import"), {"file": SimpleUploadedFile("people.csv", csv)}
    )
    assert upload.status_code == 201
    job = upload.json()["id"]
    assert scoped.get(reverse("api:get_import", args=[job])).status_code == 403
    assert scoped.post(reverse("api:apply_import", args=[job])).status_code == 403
