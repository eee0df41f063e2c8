"""The task queue for real: django-tasks-db workers as separate processes, mail to a real SMTP
sink. Two workers never send the same email; a worker killed mid-send loses nothing and, once
its claim expires, the email goes out exactly once."""

import asyncio
import os
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.db.models import Count

from tests.clock import frozen_command, frozen_env
from tests.smtp_sink import Sink, SmtpSink
from upward.notifications.models import OutboundEmail
from upward.notifications.outbox import queue_email, release_stuck
from upward.notifications.tasks import deliver_email
from upward.people.models import Employee, ImportJob

ROOT = Path(__file__).resolve().parent.parent
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def worker_env(smtp_port: int) -> dict[str, str]:
    """The subprocess's settings: this test database, the database queue, the SMTP sink, and
    the test's clock (a lease the worker takes is measured against the same time)."""
    env = frozen_env({**os.environ, "TASKS_BACKEND": "django_tasks_db.DatabaseBackend"})
    env |= {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port), "LOG_LEVEL": "ERROR"}
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        env["SQLITE_PATH"] = str(db["NAME"])
    else:
        host = quote(str(db["HOST"]), safe="")  # a socket directory is a path: encode it
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}:{db['PORT']}/{db['NAME']}"
        )
    return env


def start_worker(env: dict[str, str], *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        frozen_command(
            "manage.py",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.1",
            *extra,
        ),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def queue(count: int) -> None:
    for number in range(count):
        queue_email(
            key=f"test:reminder:{number}",
            to=f"person{number}@example.com",
            template="survey_reminder",
            context={
                "first_name": f"P{number}",
                "link": "https://upward.test/s/",
                "closes_on": "soon",
            },
        )


def wait_until(condition: Callable[[], bool], *, what: str, seconds: float = 120) -> None:
    """Poll for something another process does, with a bound (never a guessed sleep)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.005)


def planned(job: ImportJob) -> bool:
    """The worker has taken the apply (it starts again from row 0) and planned every row."""
    job.refresh_from_db()
    applying = job.state == ImportJob.State.APPLYING
    return applying and bool(job.total_rows) and job.processed_rows >= job.total_rows


def writing_people() -> bool:
    """True while another connection holds an open transaction that writes people: on
    PostgreSQL a row-exclusive lock on the table, on SQLite the database's write lock (planning
    is over, so the only writer left is the apply)."""
    if connection.vendor == "sqlite":
        probe = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.rollback()
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = %s AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()",
            [Employee._meta.db_table],
        )
        return cursor.fetchone()[0] > 0


@pytest.fixture
def database_queue(settings, transactional_db) -> None:
    settings.TASKS = DATABASE_TASKS


def test_two_workers_send_each_of_100_reminders_exactly_once(database_queue) -> None:
    queue(100)
    for email_id in OutboundEmail.objects.values_list("pk", flat=True):
        deliver_email.enqueue(email_id)  # the same reminder decided twice is queued twice
    with SmtpSink() as server:
        env = worker_env(server.port)
        workers = [start_worker(env, "--batch") for _ in range(2)]
        for worker in workers:
            _, errors = worker.communicate(timeout=240)
            assert worker.returncode == 0, errors.decode()[-2000:]
        messages = list(server.sink.messages)
    assert len(messages) == 100
    assert len({m["Message-ID"] for m in messages}) == 100
    assert sorted(m["To"] for m in messages) == sorted(f"person{n}@example.com" for n in range(100))
    states = dict(OutboundEmail.objects.values_list("state").annotate(n=Count("pk")))
    assert states == {"sent": 100}


class StallingSink(Sink):
    """Holds the first message's DATA without answering, as a slow mail server would."""

    def __init__(self) -> None:
        super().__init__()
        self.stalled = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if not self.stalled.is_set():
            self.stalled.set()
            await asyncio.sleep(60)  # the worker is killed meanwhile; no 250 ever reaches it
            return "451 Try again later"
        return await super().handle_DATA(server, session, envelope)


def test_a_worker_killed_mid_send_loses_nothing_and_sends_once(
    database_queue, settings, clock
) -> None:
    queue(1)
    email = OutboundEmail.objects.get()
    with SmtpSink() as server:
        server.controller.handler = server.sink = StallingSink()
        env = worker_env(server.port)
        worker = start_worker(env)
        assert server.sink.stalled.wait(timeout=60), "the worker never reached the mail server"
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        email.refresh_from_db()
        assert email.state == OutboundEmail.State.SENDING  # claimed, then the worker died
        assert server.sink.messages == []

        settings.EMAIL_CLAIM_LEASE_SECONDS = 60
        assert release_stuck() == []  # a claim inside its lease is left alone
        clock.shift(61)
        assert release_stuck() == [email.pk]  # the scheduler's retry job
        assert release_stuck() == []  # and only once: the row is pending again, not stuck
        retry = start_worker(env, "--batch")
        _, errors = retry.communicate(timeout=120)
        assert retry.returncode == 0, errors.decode()[-2000:]
        delivered = list(server.sink.messages)
    assert len(delivered) == 1 and delivered[0]["To"] == "person0@example.com"
    email.refresh_from_db()
    assert email.state == OutboundEmail.State.SENT


def test_an_import_killed_mid_way_leaves_nothing_half_written(database_queue) -> None:
    """A worker applying a 4,000-row HRIS file is killed once planning is done (the writes are
    under way): not one person is written. Applied again, the file goes in whole."""
    from tests.factories import UserFactory
    from tests.samples import csv_bytes
    from upward.people.imports import (
        import_job_apply,
        import_job_create,
        import_job_request_apply,
        import_job_validate,
    )

    rows = [
        [
            f"9{n:05d}",
            "Test",
            f"Person{n}",
            f"p{n}@example.org",
            "Analyst",
            f"Dept {n % 40}",
            "Ops",
            "",
            "2022-01-10",
            "Active",
            str(1 + n % 5),
        ]
        for n in range(4000)
    ]
    job = import_job_create(
        user=UserFactory(is_superuser=True),
        filename="hris.csv",
        content=csv_bytes(rows),
        day_first=None,
    )
    import_job_validate(job)  # the check, inline; the worker gets the apply
    job.refresh_from_db()
    before = Employee.objects.count()
    import_job_request_apply(job)
    worker = start_worker(worker_env(smtp_port=9))
    try:
        wait_until(lambda: planned(job), what="the worker to finish planning")
        wait_until(lambda: writing_people(), what="the worker to start writing people")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    job.refresh_from_db()
    assert job.state == ImportJob.State.APPLYING  # it never finished
    assert Employee.objects.count() == before  # and nothing of it was written
    import_job_apply(job)
    assert Employee.objects.count() == before + 4000
