"""Periodic jobs, each under a database lease so several scheduler processes can run at once.

A job runs when its lease is free or expired; the conditional update that takes it is atomic on
SQLite and PostgreSQL alike. Every job is also idempotent on its own (unique keys), so the lease
saves work rather than guarding correctness.
"""

import logging
import os
import socket
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from upward.notifications.models import SchedulerLease

log = logging.getLogger(__name__)

Job = Callable[[], object]
_jobs: dict[str, Job] = {}


def job(name: str) -> Callable[[Job], Job]:
    """Register a periodic job under a name (used by each app's ``jobs`` module)."""

    def register(function: Job) -> Job:
        _jobs[name] = function
        return function

    return register


def registered() -> dict[str, Job]:
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
    process asks; a conditional update, so two processes never both get the turn."""
    now = timezone.now()
    today_at = now.replace(hour=DAILY_AT_HOUR, minute=0, second=0, microsecond=0)
    if now < today_at:
        return False
    key = f"{name}:daily"
    try:
        with transaction.atomic():
            SchedulerLease.objects.get_or_create(job=key)
    except IntegrityError:
        pass
    taken = SchedulerLease.objects.filter(
        Q(until__isnull=True) | Q(until__lte=now), job=key
    ).update(holder="daily", until=today_at + timedelta(days=1))
    return taken == 1


def release_lease(name: str, holder: str) -> None:
    SchedulerLease.objects.filter(job=name, holder=holder).update(until=None, holder="")


def run_once(holder: str | None = None, lease_seconds: int = 300) -> dict[str, str]:
    """Run every job whose lease this process can take; report what happened to each."""
    holder = holder or holder_name()
    report = {}
    for name, function in registered().items():
        if not take_lease(name, holder, lease_seconds):
            report[name] = "skipped: another scheduler holds it"
            continue
        try:
            result = function()
            report[name] = f"ok: {result}"
        except Exception as error:  # one failing job must not stop the others
            log.exception("Scheduled job %s failed", name)
            report[name] = f"failed: {error}"
        finally:
            release_lease(name, holder)
    return report
