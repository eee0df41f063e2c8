"""The suite's one clock.

Every test (and the browser suite's server thread) starts at ``TEST_NOW`` and time flows from
there, so a test means the same on any day it runs. ``UPWARD_TEST_NOW`` moves the whole suite to
another instant (an ISO 8601 date-time; a naive one is UTC): CI runs it a second time on a leap
day just before midnight. Fixture dates derive from ``TODAY``, the frozen UTC day, which is what
``django.utils.timezone.localdate()`` answers with ``TIME_ZONE = "UTC"``.

Worker processes started by a test run on the same clock through ``frozen_command()``.
"""

import os
import sys
from datetime import UTC, date, datetime

DEFAULT_TEST_NOW = "2026-11-22T10:00:00+00:00"
CLOCK_ENV = "UPWARD_TEST_NOW"


def _parse(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


TEST_NOW: datetime = _parse(os.environ.get(CLOCK_ENV) or DEFAULT_TEST_NOW)
TODAY: date = TEST_NOW.astimezone(UTC).date()


def frozen_command(*args: str) -> list[str]:
    """A command line that runs ``args`` (a script and its arguments, or ``-m module ...``) on
    the suite's clock as it reads now; pass ``frozen_env()`` as its environment."""
    return [sys.executable, "-m", "tests.frozen", *args]


def frozen_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for ``frozen_command()``: the caller's clock reading at launch."""
    from django.utils import timezone

    return {
        **(env if env is not None else os.environ),
        "UPWARD_FROZEN_AT": timezone.now().isoformat(),
    }
