"""Shared by the unit suite (tests/) and the browser suite (e2e/)."""

from collections.abc import Iterator

import pytest
import time_machine
from hypothesis import settings as hypothesis_settings

from tests.clock import TEST_NOW

# The same examples on every run and machine (a property test that fails, fails every time and
# for everyone), no example database left behind, and no deadline: a busy CI machine's timing is
# not a property of the code.
hypothesis_settings.register_profile("upward", derandomize=True, database=None, deadline=None)
hypothesis_settings.load_profile("upward")


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    """Every test starts at the suite's instant (tests/clock.py) and time flows from there: code
    that reads the clock agrees with fixture dates on any day the suite runs. A test that needs
    time to pass moves it with ``clock.shift(...)`` rather than sleeping."""
    with time_machine.travel(TEST_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True, scope="session")
def _suite_may_empty_the_audit_log():
    """After each transactional test the suite empties every table; the audit log's SQLite
    trigger allows that only under `unlocked()` (PostgreSQL's flush is a TRUNCATE). Only that
    teardown is unlocked: a `flush` inside a test meets the trigger like anyone else."""
    from django.test.testcases import TransactionTestCase

    from upward.audit.log import unlocked

    original = TransactionTestCase._fixture_teardown

    def teardown(self):
        with unlocked():
            return original(self)

    TransactionTestCase._fixture_teardown = teardown
    yield
    TransactionTestCase._fixture_teardown = original
