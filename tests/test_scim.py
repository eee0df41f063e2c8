"""SCIM 2.0 provisioning (RFC 7643/7644): scim2-tester against a live server, and the dialects
Okta and Entra ID speak, deactivation, filters, tokens and bad input."""

import json
from typing import Any

import httpx2
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

from tests.conftest import World
from tests.factories import EmployeeFactory
from upward.flags.models import Flag
from upward.integrations import tokens
from upward.people.models import Employee
from upward.scim.models import ScimGroup, ScimUser

BASE = "/scim/v2"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


@pytest.fixture
def scim_secret(world: World) -> str:
    return tokens.issue(by=world.users["site_admin"], name="Okta", scope="scim")[1]


class Scim:
    """A SCIM client on Django's test client, as an identity provider would call us."""

    def __init__(self, secret: str) -> None:
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    def call(self, method: str, path: str, body: Any = None, **extra: Any) -> Any:
        data = json.dumps(body) if body is not None and not isinstance(body, str | bytes) else body
        extra.setdefault("content_type", "application/scim+json")
        response = getattr(self.client, method.lower())(f"{BASE}{path}", data, **extra)
        response.body = json.loads(response.content) if response.content else None
        return response

    def create_user(self, user_name: str, email: str, **more: Any) -> dict[str, Any]:
        body = {
            "schemas": [USER],
            "userName": user_name,
            "name": {"givenName": user_name.split("@")[0].title(), "familyName": "Okafor"},
            "emails": [{"value": email, "type": "work", "primary": True}],
            "active": True,
            **more,
        }
        response = self.call("POST", "/Users", body)
        assert response.status_code == 201, response.body
        return response.body  # type: ignore[no-any-return]


@pytest.fixture
def scim(scim_secret: str) -> Scim:
    return Scim(scim_secret)


def test_scim2_tester_finds_no_error_against_a_live_server(world: World, live_server) -> None:
    _, secret = tokens.issue(by=world.users["site_admin"], name="tester", scope="scim")
    http = httpx2.Client(
        base_url=f"{live_server.url}{BASE}", headers={"Authorization": f"Bearer {secret}"}
    )
    with http:  # closing the keep-alive connection lets the server thread let go of the database
        results = check_server(SyncSCIMClient(http))
    problems = [
        f"{r.resource_type} {r.title}: {r.reason}"
        for r in results
        if r.status in {Status.ERROR, Status.CRITICAL}
    ]
    assert problems == []
    # The only checks skipped are the root-level search across types, which we answer 501.
    skipped = {r.title for r in results if r.status == Status.SKIPPED}
    assert skipped <= {"search_with_attributes"}
    assert sum(r.status == Status.SUCCESS for r in results) >= 80


def test_discovery_lists_carry_total_results(scim: Scim) -> None:
    for path in ("/ResourceTypes", "/Schemas"):
        response = scim.call("GET", path)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/scim+json"
        assert response.body["totalResults"] == len(response.body["Resources"]) >= 2
    user_schema = scim.call("GET", f"/Schemas/{USER}").body
    names = {attribute["name"] for attribute in user_schema["attributes"]}
    # Only what we store is published, so a client never writes what it cannot read back.
    assert {"userName", "emails", "active", "name"} <= names
    assert not names & {"password", "phoneNumbers", "x509Certificates"}


def test_okta_connection_test_gets_a_list_response(scim: Scim) -> None:
    scim.create_user("ada@example.org", "ada@example.org")
    response = scim.call("GET", "/Users?startIndex=1&count=2")
    assert response.status_code == 200
    assert {"totalResults", "itemsPerPage", "startIndex", "Resources"} <= response.body.keys()
    assert response.body["startIndex"] == 1


def test_a_provisioned_user_becomes_a_person_with_a_login(scim: Scim, world: World) -> None:
    manager = scim.create_user("grace@example.org", "grace@example.org")
    body = scim.create_user(
        "ada@example.org",
        "ada@example.org",
        externalId="00u1ab",
        title="Data analyst",
        schemas=[USER, ENTERPRISE],
        **{
            ENTERPRISE: {
                "employeeNumber": "E-7",
                "department": "Finance",
                "manager": {"value": manager["id"]},
            }
        },
    )
    employee = Employee.objects.select_related("account", "department", "manager").get(
        public_id=body["id"]
    )
    assert (employee.employee_id, employee.title, employee.department.name) == (
        "E-7",
        "Data analyst",
        "Finance",
    )
    assert employee.manager.email == "grace@example.org"
    assert employee.account.username == "ada@example.org"
    assert not employee.account.has_usable_password()  # they sign in through SSO
    read = scim.call("GET", f"/Users/{body['id']}").body
    assert read[ENTERPRISE]["manager"]["value"] == manager["id"]
    assert read["externalId"] == "00u1ab"


def test_an_imported_person_is_adopted_by_employee_number(scim: Scim) -> None:
    imported = EmployeeFactory(employee_id="HR-1", email="old@example.org")
    body = scim.create_user(
        "lin@example.org", "lin@example.org", **{ENTERPRISE: {"employeeNumber": "HR-1"}}
    )
    assert body["id"] == str(imported.public_id)
    assert Employee.objects.get(pk=imported.pk).email == "lin@example.org"


def test_duplicate_user_name_is_a_409_with_scim_type(scim: Scim) -> None:
    scim.create_user("ada@example.org", "ada@example.org")
    response = scim.call(
        "POST",
        "/Users",
        {
            "schemas": [USER],
            "userName": "ADA@example.org",
            "emails": [{"value": "other@example.org", "primary": True}],
        },
    )
    assert response.status_code == 409
    assert response.body["scimType"] == "uniqueness"
    assert response.body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]


def test_unknown_id_and_unknown_url_are_scim_404s(scim: Scim) -> None:
    for path in ("/Users/3f1d9a52-0000-4000-8000-000000000000", "/Users/not-a-uuid", "/Nope"):
        response = scim.call("GET", path)
        assert response.status_code == 404
        assert response.body["status"] == "404"


@pytest.mark.parametrize(
    "operations",
    [
        [{"op": "Replace", "path": "active", "value": "False"}],  # Entra ID
        [{"op": "replace", "value": {"active": False}}],  # Okta
    ],
    ids=["entra", "okta"],
)
def test_both_dialects_deactivate_and_end_sessions_and_flag_pairs(
    scim: Scim, world: World, operations: list[dict[str, Any]]
) -> None:
    mentor = world.pair.mentor.employee
    body = scim.create_user(
        "mentor@example.org", mentor.email, **{ENTERPRISE: {"employeeNumber": mentor.employee_id}}
    )
    browser = Client()
    browser.force_login(
        get_user_model().objects.get(pk=Employee.objects.get(pk=mentor.pk).account_id)
    )
    assert browser.get("/me/").status_code == 200

    response = scim.call(
        "PATCH", f"/Users/{body['id']}", {"schemas": [PATCH], "Operations": operations}
    )

    assert response.status_code == 200, response.body
    assert response.body["active"] is False
    assert browser.get("/me/").status_code == 302  # signed out on the next request
    flag = Flag.objects.get(pair=world.pair)
    assert flag.reason == "member_deactivated"
    assert "deactivated" in flag.evidence


def test_filters_okta_and_entra_send(scim: Scim) -> None:
    ada = scim.create_user("ada@example.org", "ada@corp.example", externalId="ext-1")
    scim.create_user("bob@example.org", "bob@corp.example", externalId="ext-2")
    for expression in (
        'userName eq "ADA@example.org"',
        'externalId eq "ext-1"',
        'emails[type eq "work"].value eq "ada@corp.example"',
        'externalId eq "ext-1" and userName eq "ada@example.org"',
    ):
        response = scim.client.get(f"{BASE}/Users", {"filter": expression})
        assert response.status_code == 200, (expression, response.content)
        found = [r["id"] for r in json.loads(response.content)["Resources"]]
        assert found == [ada["id"]], expression


@pytest.mark.parametrize(
    "expression", ['userName gt "a"', 'phoneNumbers eq "1"', "userName eq", 'title[x eq "y"]']
)
def test_filters_we_do_not_support_are_invalid_filter_errors(scim: Scim, expression: str) -> None:
    response = scim.client.get(f"{BASE}/Users", {"filter": expression})
    assert response.status_code == 400
    assert json.loads(response.content)["scimType"] == "invalidFilter"


def test_groups_keep_members_and_accept_entra_member_patches(scim: Scim) -> None:
    ada = scim.create_user("ada@example.org", "ada@example.org")
    bob = scim.create_user("bob@example.org", "bob@example.org")
    group = scim.call(
        "POST",
        "/Groups",
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "displayName": "Finance",
            "members": [{"value": ada["id"]}],
        },
    )
    assert group.status_code == 201
    patch = {
        "schemas": [PATCH],
        "Operations": [
            {"op": "Add", "path": "members", "value": [{"value": bob["id"]}]},
            {"op": "Remove", "path": f'members[value eq "{ada["id"]}"]'},
        ],
    }
    response = scim.call("PATCH", f"/Groups/{group.body['id']}", patch)
    assert response.status_code == 200, response.body
    assert [m["value"] for m in response.body["members"]] == [bob["id"]]
    assert list(ScimGroup.objects.get().members.values_list("email", flat=True)) == [
        "bob@example.org"
    ]


def test_tokens_open_their_own_door_only(world: World, scim_secret: str) -> None:
    _, api_secret = tokens.issue(by=world.users["site_admin"], name="BI", scope="write")
    assert (
        Client().get("/api/v1/programs/", HTTP_AUTHORIZATION=f"Bearer {scim_secret}").status_code
        == 401
    )
    refused = Client().get(f"{BASE}/Users", HTTP_AUTHORIZATION=f"Bearer {api_secret}")
    assert refused.status_code == 401
    assert json.loads(refused.content)["status"] == "401"
    assert Client().get(f"{BASE}/Users").status_code == 401
    signed_in = world.client("site_admin")  # a browser session is not a SCIM credential
    assert signed_in.get(f"{BASE}/Users").status_code == 401


def test_revoked_and_expired_scim_tokens_are_refused(world: World) -> None:
    token, secret = tokens.issue(by=world.users["site_admin"], name="Entra", scope="scim", days=1)
    assert Scim(secret).call("GET", "/Users").status_code == 200
    tokens.revoke(token)
    assert Scim(secret).call("GET", "/Users").status_code == 401


@pytest.mark.parametrize(
    ("body", "content_type", "status", "scim_type"),
    [
        ("{not json", "application/scim+json", 400, "invalidSyntax"),
        ('{"userName": "x"}', "text/plain", 415, None),
        (
            '{"schemas": ["' + USER + '"], "userName": "' + "x" * 2_000_000 + '"}',
            "application/scim+json",
            413,
            None,
        ),
        (
            '{"schemas": ["' + USER + '"], "userName": "x@example.org", "shoeSize": 44,'
            ' "emails": [{"value": "x@example.org"}]}',
            "application/scim+json",
            400,
            "invalidValue",
        ),
        (
            '{"schemas": ["' + USER + '"], "emails": [{"value": "x@example.org"}]}',
            "application/scim+json",
            400,
            "invalidValue",
        ),
    ],
    ids=["malformed", "content-type", "huge", "unknown-attribute", "no-username"],
)
def test_bad_input_gets_a_clear_scim_error_and_writes_nothing(
    scim: Scim, body: str, content_type: str, status: int, scim_type: str | None
) -> None:
    response = scim.call("POST", "/Users", body, content_type=content_type)
    assert response.status_code == status
    assert response.body["detail"]
    assert response.body.get("scimType") == scim_type
    assert not ScimUser.objects.exists()


def test_a_refused_manager_leaves_nothing_half_written(scim: Scim) -> None:
    people = Employee.objects.count()
    response = scim.call(
        "POST",
        "/Users",
        {
            "schemas": [USER, ENTERPRISE],
            "userName": "ada@example.org",
            "emails": [{"value": "ada@example.org"}],
            ENTERPRISE: {"manager": {"value": "3f1d9a52-0000-4000-8000-000000000000"}},
        },
    )
    assert response.status_code == 400
    assert "manager" in response.body["detail"]
    assert Employee.objects.count() == people
    assert not get_user_model().objects.filter(username="ada@example.org").exists()


def test_delete_ends_the_login_but_keeps_program_history(scim: Scim, world: World) -> None:
    mentor = world.pair.mentor.employee
    body = scim.create_user(
        "m@example.org", mentor.email, **{ENTERPRISE: {"employeeNumber": mentor.employee_id}}
    )
    assert scim.call("DELETE", f"/Users/{body['id']}").status_code == 204
    assert scim.call("GET", f"/Users/{body['id']}").status_code == 404
    employee = Employee.objects.select_related("account").get(pk=mentor.pk)
    assert employee.account is not None and not employee.account.is_active
    assert world.pair.mentor.employee_id == employee.pk


def test_entra_sets_a_manager_by_bare_id_and_replaces_with_put(scim: Scim) -> None:
    boss = scim.create_user("boss@example.org", "boss@example.org")
    ada = scim.create_user("ada@example.org", "ada@example.org")
    patch = {
        "schemas": [PATCH],
        "Operations": [
            {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": boss["id"]},
        ],
    }
    response = scim.call("PATCH", f"/Users/{ada['id']}", patch)
    assert response.status_code == 200, response.body
    assert response.body[ENTERPRISE]["manager"]["value"] == boss["id"]
    replaced = scim.call(
        "PUT",
        f"/Users/{ada['id']}",
        {
            "schemas": [USER],
            "userName": "ada@example.org",
            "active": True,
            "name": {"givenName": "Ada"},
            "emails": [{"value": "ada@example.org", "primary": True}],
        },
    )
    assert replaced.status_code == 200
    assert ENTERPRISE not in replaced.body  # a replacement without a manager clears it
    assert Employee.objects.get(public_id=ada["id"]).manager is None


def test_a_value_longer_than_its_column_is_a_scim_error_on_every_database(scim: Scim) -> None:
    response = scim.call(
        "POST",
        "/Users",
        {
            "schemas": [USER],
            "userName": "ada@example.org",
            "title": "t" * 201,
            "emails": [{"value": "ada@example.org"}],
        },
    )
    assert response.status_code == 400
    assert response.body["scimType"] == "invalidValue"
    assert "title" in response.body["detail"]
    assert not ScimUser.objects.exists()


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("active eq true", {"on@example.org"}),
        ("active ne true", {"off@example.org"}),
        ("active eq false", {"off@example.org"}),
    ],
)
def test_active_filters_both_ways(scim: Scim, expression: str, expected: set[str]) -> None:
    scim.create_user("on@example.org", "on@example.org")
    scim.create_user("off@example.org", "off@example.org", active=False)
    response = scim.client.get(f"{BASE}/Users", {"filter": expression})
    names = {r["userName"] for r in json.loads(response.content)["Resources"]}
    assert names == expected
