"""Shared by the unit suite (tests/) and the browser suite (e2e/)."""

import pytest


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
