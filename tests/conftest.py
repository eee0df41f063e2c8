from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
import time_machine
from django.conf import settings
from django.db import transaction
from django.test import Client

from tests.clock import TEST_NOW, TODAY
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


@dataclass
class SharedWorld(World):
    """A World built once for a whole test module, as Django's setUpTestData does for a class:
    each test gets its own copy of the objects and runs in a savepoint that is rolled back, and
    each role's session is signed in once, so a test's client only carries the cookie."""

    session_cookies: dict[str, str] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        client = Client()
        if role in self.session_cookies:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.session_cookies[role]
        return client


@contextmanager
def built_once(django_db_blocker) -> Iterator[None]:
    """Data for a whole module, as Django's setUpTestData builds it for a class: written in one
    transaction on the suite's clock and rolled back when the module ends. Each test still runs
    in its own savepoint. Only for modules whose every test may see that data (no transactional
    test may run inside it)."""
    with django_db_blocker.unblock(), time_machine.travel(TEST_NOW, tick=False):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def shared_demo(django_db_setup, django_db_blocker) -> Iterator[Program]:
    """The demo organisation (1,500 people, a program with results), built once per module:
    its tests read it through their own `demo_program` fixture (`deepcopy(shared_demo)`)."""
    from upward.demo.seed import build_demo

    with built_once(django_db_blocker):
        build_demo(today=TODAY, seed=2026)
        yield Program.objects.get(name__startswith="Digital Fluency")


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker) -> Iterator[SharedWorld]:
    """Built inside one transaction that is rolled back when the module ends; use it through a
    module's own `world` fixture (`return deepcopy(shared_world)`) for tests that only read the
    world or write inside their own transaction."""
    with built_once(django_db_blocker):
        world = build_world()
        cookies = {}
        for role, user in world.users.items():
            signed_in = Client()
            signed_in.force_login(user)
            cookies[role] = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
        yield SharedWorld(**vars(world), session_cookies=cookies)


def _member_account(employee) -> User:
    user = UserFactory(first_name=employee.first_name)
    employee.account = user
    employee.save(update_fields=["account"])
    return user


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
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
