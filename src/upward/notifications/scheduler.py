"""Periodic jobs, each under a database lease so several scheduler processes can run at once.

A job runs when its lease is free or expired and its turn has come: every job declares its
cadence (`every=` a period, or `daily=True` for once a day after DAILY_AT_HOUR UTC), so an email
retry runs each minute while a retention purge runs once a day. Lease and turn are taken by
conditional updates, atomic on SQLite and PostgreSQL alike. Every job is also idempotent on its
own (unique keys), so the lease saves work rather than guarding correctness.
"""

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from upward.notifications.models import SchedulerLease

log = logging.getLogger(__name__)

Job = Callable[[], object]
EVERY_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class Scheduled:
    run: Job
    every: timedelta | None  # None: once a day, at the first pass after DAILY_AT_HOUR UTC


_jobs: dict[str, Scheduled] = {}


def job(name: str, *, every: timedelta = EVERY_MINUTE, daily: bool = False) -> Callable[[Job], Job]:
    """Register a periodic job under a name and a cadence (used by each app's `jobs` module)."""

    def register(function: Job) -> Job:
        _jobs[name] = Scheduled(run=function, every=None if daily else every)
        return function

    return register


def registered() -> dict[str, Scheduled]:
    """Every app's `jobs` module is imported (which registers its jobs): a new jobs.py runs
    without being added to a list somewhere else."""
    autodiscover_modules("jobs")
    return dict(_jobs)


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def take_lease(name: str, holder: str, seconds: int) -> bool:
    now = timezone.now()
    try:
        with transaction.atomic():
            SchedulerLease.objects.get_or_create(job=name)
    except IntegrityError:
        pass  # another process created it first
    taken = SchedulerLease.objects.filter(
        Q(until__isnull=True) | Q(until__lt=now) | Q(holder=holder), job=name
    ).update(holder=holder, until=now + timedelta(seconds=seconds))
    return taken == 1


DAILY_AT_HOUR = 6  # UTC: before the working day in Europe, after it in Asia


def take_daily_turn(name: str) -> bool:
    """True once per day for `name` (the first call after DAILY_AT_HOUR), whichever scheduler
    process asks."""
    now = timezone.now()
    today_at = now.replace(hour=DAILY_AT_HOUR, minute=0, second=0, microsecond=0)
    return now >= today_at and _claim_turn(f"{name}:daily", until=today_at + timedelta(days=1))


def take_turn(name: str, every: timedelta) -> bool:
    """True when `every` has passed since the job last ran (or it never has), for one process."""
    return _claim_turn(f"{name}:due", until=timezone.now() + every)


def _claim_turn(key: str, *, until: datetime) -> bool:
    """A conditional update: of two processes asking at once, one gets the turn."""
    try:
        with transaction.atomic():
            SchedulerLease.objects.get_or_create(job=key)
    except IntegrityError:
        pass  # another process created it first
    taken = SchedulerLease.objects.filter(
        Q(until__isnull=True) | Q(until__lte=timezone.now()), job=key
    ).update(holder="turn", until=until)
    return taken == 1


def _turn_has_come(name: str, scheduled: Scheduled) -> bool:
    if scheduled.every is None:
        return take_daily_turn(name)
    return take_turn(name, scheduled.every)


def release_lease(name: str, holder: str) -> None:
    SchedulerLease.objects.filter(job=name, holder=holder).update(until=None, holder="")


def run_once(holder: str | None = None, lease_seconds: int = 300) -> dict[str, str]:
    """Run every job whose lease this process can take; report what happened to each."""
    holder = holder or holder_name()
    report = {}
    for name, scheduled in registered().items():
        if not take_lease(name, holder, lease_seconds):
            report[name] = "skipped: another scheduler holds it"
            continue
        try:
            # Under the lease, so a turn taken is a turn run (a failure is retried next turn).
            if not _turn_has_come(name, scheduled):
                report[name] = "not due yet"
                continue
            result = scheduled.run()
            report[name] = f"ok: {result}"
        except Exception as error:  # one failing job must not stop the others
            log.exception("Scheduled job %s failed", name)
            report[name] = f"failed: {error}"
        finally:
            release_lease(name, holder)
    return report
