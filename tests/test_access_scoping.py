"""Scoping across programs: another program's objects are invisible, not just forbidden."""

from django.test import Client
from django.urls import reverse

from tests.clock import TODAY
from tests.conftest import World
from tests.factories import PairFactory, ProgramRoleFactory, UserFactory
from upward.governance.models import ReadinessCheck
from upward.governance.services import readiness_run


def test_a_lead_cannot_see_another_programs_pairs_or_cohorts(world: World) -> None:
    foreign = PairFactory()
    client = world.client("lead")
    assert client.get(reverse("workspace:pair", args=[foreign.public_id])).status_code == 404
    assert (
        client.get(reverse("workspace:cohort", args=[foreign.cohort.public_id])).status_code == 404
    )
    assert (
        client.get(reverse("programs:detail", args=[foreign.cohort.program.public_id])).status_code
        == 404
    )
    assert client.get(f"/api/v1/pairs/{foreign.public_id}").status_code == 404


def test_a_sponsor_of_another_program_learns_nothing_about_this_one(world: World) -> None:
    stranger = ProgramRoleFactory(role="sponsor").user
    client = Client()
    client.force_login(stranger)
    assert client.get(reverse("workspace:pair", args=[world.pair.public_id])).status_code == 404


def test_api_lists_only_the_viewers_programs_and_pairs(world: World) -> None:
    PairFactory()  # another program
    programs = world.client("sponsor").get("/api/v1/programs/").json()["items"]
    assert [p["name"] for p in programs] == [world.program.name]
    assert programs[0]["your_roles"] == ["sponsor"]
    mine = world.client("mentee").get("/api/v1/pairs/mine").json()["items"]
    assert [p["id"] for p in mine] == [str(world.pair.public_id)]


def test_api_people_are_hr_only_and_paginated(world: World) -> None:
    body = world.client("lead").get("/api/v1/people/?limit=2").json()
    assert body["count"] >= 6 and len(body["items"]) == 2
    assert set(body["items"][0]) >= {"id", "employee_id", "name", "manager_id", "status"}
    assert world.client("sponsor").get("/api/v1/people/").status_code == 403


def test_unknown_api_objects_share_one_error_shape(world: World) -> None:
    response = world.client("lead").get("/api/v1/pairs/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404 and response.json() == {"detail": "No such pair."}
    forbidden = world.client("sponsor").get(f"/api/v1/pairs/{world.pair.public_id}")
    assert forbidden.json() == {"detail": "You may not do this."}


def _check(by, program=None, notes: str = "") -> ReadinessCheck:
    check = readiness_run(actor=by, signals=["fast_change"], notes=notes, today=TODAY)
    if program is not None:
        ReadinessCheck.objects.filter(pk=check.pk).update(program=program)
    return check


def test_a_lead_sees_only_readiness_checks_they_ran_or_of_programs_they_lead(
    world: World,
) -> None:
    foreign_lead = ProgramRoleFactory(role="lead").user
    theirs = _check(foreign_lead, notes="Our CFO is sceptical")
    of_their_program = _check(world.users["site_admin"], program=PairFactory().cohort.program)
    mine = _check(world.users["lead"])
    of_my_program = _check(world.users["site_admin"], program=world.program)
    client = world.client("lead")

    for check in (theirs, of_their_program):
        detail = reverse("governance:readiness_detail", args=[check.public_id])
        assert client.get(detail).status_code == 404
    for check in (mine, of_my_program):
        detail = reverse("governance:readiness_detail", args=[check.public_id])
        assert client.get(detail).status_code == 200
    page = client.get(reverse("governance:readiness")).content.decode()
    assert "Our CFO is sceptical" not in page
    listed = {c["id"] for c in client.get(reverse("api:list_readiness")).json()["items"]}
    assert listed == {str(mine.public_id), str(of_my_program.public_id)}
    everything = world.client("site_admin").get(reverse("api:list_readiness")).json()
    assert everything["count"] == 4


def test_a_lead_signs_out_only_their_programs_participants(world: World) -> None:
    foreign = PairFactory().mentor.employee
    foreign.account = UserFactory()
    foreign.save(update_fields=["account"])
    outsider = world.users["outsider"].employee
    lead = world.client("lead")
    for person in (foreign, outsider):
        url = reverse("people:end_sessions", args=[person.public_id])
        assert lead.post(url).status_code == 403
    participant = world.pair.mentee.employee
    assert (
        lead.post(reverse("people:end_sessions", args=[participant.public_id])).status_code == 302
    )
    admin = world.client("site_admin")
    assert admin.post(reverse("people:end_sessions", args=[foreign.public_id])).status_code == 302
