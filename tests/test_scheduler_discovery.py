"""Every job any app declares is run by the scheduler: nothing depends on a hand-kept list."""

import re
from pathlib import Path

from upward.notifications.scheduler import registered

SRC = Path(__file__).resolve().parent.parent / "src" / "upward"


def test_every_declared_job_is_registered() -> None:
    declared = {
        name
        for path in SRC.rglob("*.py")
        for name in re.findall(r'^@job\("([a-z_]+)"[,)]', path.read_text(), flags=re.M)
    }
    assert declared, "the pattern found no job at all"
    assert declared <= set(registered())
    assert {"checkpoint_reminders", "retention_purge", "session_reminders"} <= declared


def test_jobs_live_in_modules_the_scheduler_discovers() -> None:
    homes = {
        path.name
        for path in SRC.rglob("*.py")
        if re.search(r'^@job\("', path.read_text(), flags=re.M)
    }
    assert homes == {"jobs.py"}, "declare scheduled jobs in an app's jobs.py"


def test_each_job_runs_at_its_own_cadence(db, clock) -> None:
    """An email retry runs each minute; a daily job once a day, whichever process asks."""
    from datetime import UTC, datetime, timedelta

    from tests.clock import TODAY
    from upward.notifications.scheduler import run_once

    clock.move_to(datetime.combine(TODAY, datetime.min.time()).replace(hour=7, tzinfo=UTC))
    first = run_once(holder="a")
    assert first["email_retry"].startswith("ok") and first["retention_purge"].startswith("ok")
    assert first["survey_waves"].startswith("ok")

    clock.shift(timedelta(minutes=2))
    second = run_once(holder="b")
    assert second["email_retry"].startswith("ok")
    assert second["survey_waves"] == "not due yet"  # hourly
    assert second["retention_purge"] == "not due yet"  # daily

    clock.shift(timedelta(hours=1))
    assert run_once(holder="a")["survey_waves"].startswith("ok")
    clock.shift(timedelta(days=1))
    assert run_once(holder="b")["retention_purge"].startswith("ok")
