from dataclasses import dataclass

import pytest
from django.test import Client

from tests.factories import (
    EmployeeFactory,
    PairFactory,
    ProgramFactory,
    ProgramRoleFactory,
    UserFactory,
)
from upward.accounts.models import User
from upward.programs.models import Cohort, Pair, Program

ROLES = (
    "anonymous",
    "site_admin",
    "lead",
    "sponsor",
    "analyst",
    "mentor",
    "mentee",
    "other_member",
    "outsider",
)


@dataclass
class World:
    """One program with one cohort and two pairs, and a user for every role."""

    program: Program
    cohort: Cohort
    pair: Pair
    other_pair: Pair
    users: dict[str, User]

    def client(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(self.users[role])
        return client


def _member_account(employee) -> User:
    user = UserFactory(first_name=employee.first_name)
    employee.account = user
    employee.save(update_fields=["account"])
    return user


@pytest.fixture
def world(db) -> World:
    program = ProgramFactory(name="Digital Fluency")
    pair = PairFactory(cohort__program=program)
    other_pair = PairFactory(cohort=pair.cohort)
    users = {
        "site_admin": UserFactory(is_superuser=True, is_staff=True),
        "mentor": _member_account(pair.mentor.employee),
        "mentee": _member_account(pair.mentee.employee),
        "other_member": _member_account(other_pair.mentor.employee),
        "outsider": _member_account(EmployeeFactory()),
    }
    for role in ("lead", "sponsor", "analyst"):
        users[role] = _member_account(EmployeeFactory(level=6))
        ProgramRoleFactory(program=program, user=users[role], role=role)
    return World(program=program, cohort=pair.cohort, pair=pair, other_pair=other_pair, users=users)


@pytest.fixture
def lead_client(world: World) -> Client:
    return world.client("lead")


@pytest.fixture
def smtp(settings):
    """A real SMTP sink on loopback, with Django's SMTP backend pointed at it."""
    from tests.smtp_sink import SmtpSink

    with SmtpSink() as server:
        settings.MAILERS = server.mailers
        yield server.sink
