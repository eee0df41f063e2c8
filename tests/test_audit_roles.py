"""One role change is one audit event: the roles page records who did it and for whom, and the
catch-all receiver stays quiet for it; a role changed anywhere else is still recorded."""

from django.test import TestCase
from django.urls import reverse

from tests.conftest import World
from tests.factories import EmployeeFactory, ProgramRoleFactory
from upward.audit.models import AuditEvent


def role_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="role_changed").order_by("pk"))


def test_granting_and_removing_on_the_roles_page_are_one_event_each(world: World) -> None:
    ada = EmployeeFactory(email="ada@example.org")
    url = reverse("setup:person_change", args=[ada.public_id])
    before = len(role_events())
    with TestCase.captureOnCommitCallbacks(execute=True):
        world.client("site_admin").post(
            url, {"change": "grant", "role": "analyst", "program": world.program.public_id}
        )
    granted = role_events()[before:]
    assert [(e.details, e.actor is not None) for e in granted] == [
        ({"change": "granted", "role": "analyst"}, True)
    ]
    world.client("site_admin").post(
        url, {"change": "remove", "role": "analyst", "program": world.program.public_id}
    )
    removed = role_events()[before + 1 :]
    assert [e.details for e in removed] == [{"change": "removed", "role": "analyst"}]


def test_a_role_given_outside_the_roles_page_is_still_recorded(world: World) -> None:
    before = len(role_events())
    ProgramRoleFactory(program=world.program, role="analyst")
    assert len(role_events()) == before + 1
