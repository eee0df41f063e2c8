"""Every job any app declares is run by the scheduler: nothing depends on a hand-kept list."""

import re
from pathlib import Path

from upward.notifications.scheduler import registered

SRC = Path(__file__).resolve().parent.parent / "src" / "upward"


def test_every_declared_job_is_registered() -> None:
    declared = {
        name
        for path in SRC.rglob("*.py")
        for name in re.findall(r'^@job\("([a-z_]+)"\)', path.read_text(), flags=re.M)
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
