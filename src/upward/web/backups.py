"""Backups: one consistent snapshot of every record, portable between SQLite and PostgreSQL.

A backup is gzipped JSON: a header (format, creation time, the migrations the data was written
under) and Django's serialisation of every model worth keeping, read inside one transaction
that sees a single moment (REPEATABLE READ on PostgreSQL; SQLite's transaction already does).
Restoring needs a migrated, empty database at the same migrations, and loads everything in one
transaction: it succeeds whole or changes nothing. Sessions, sign-in attempts and the task queue
are left out on purpose: a restore must not bring old logins or half-done jobs back.
"""

import gzip
import io
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from upward.core.database import refresh_planner_statistics

FORMAT = "upward-backup"
VERSION = 1
# Rebuilt by `migrate`, or not worth restoring (see the module's docstring).
EXCLUDED = (
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
    "django_tasks_database",
    "accounts.loginsession",
)
# Tables that must be empty before a restore: the organisation's own data.
MUST_BE_EMPTY = ("people.Employee", "programs.Program", "accounts.User")


class BackupError(Exception):
    """A backup that cannot be restored here, with the reason in words."""


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


@contextmanager
def _snapshot() -> Iterator[None]:
    """A transaction that reads one moment of the database, whatever commits meanwhile."""
    if connection.vendor != "postgresql":
        with transaction.atomic():
            yield
        return
    from psycopg import IsolationLevel

    connection.ensure_connection()
    driver = connection.connection
    previous = driver.isolation_level
    driver.isolation_level = IsolationLevel.REPEATABLE_READ
    try:
        with transaction.atomic():
            yield
    finally:
        driver.isolation_level = previous


def write_backup(path: Path) -> dict[str, Any]:
    """Write a backup to `path`; returns its header (with the number of records)."""
    buffer = io.StringIO()
    with _snapshot():
        migrations = applied_migrations()
        call_command(
            "dumpdata",
            *[],
            exclude=list(EXCLUDED),
            natural_foreign=True,
            format="json",
            stdout=buffer,
            verbosity=0,
        )
    records = json.loads(buffer.getvalue() or "[]")
    header = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "migrations": migrations,
        "records": len(records),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump({"header": header, "data": records}, handle)
    return header


def read_backup(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, ValueError) as error:
        raise BackupError(f"{path} is not an Upward backup: {error}") from None
    header = document.get("header", {}) if isinstance(document, dict) else {}
    if header.get("format") != FORMAT or header.get("version") != VERSION:
        raise BackupError(f"{path} is not an Upward backup (version {VERSION}).")
    return header, document["data"]


def restore_backup(path: Path) -> int:
    """Load a backup into this (migrated, empty) database, all or nothing. The record count."""
    header, records = read_backup(path)
    if header["migrations"] != applied_migrations():
        raise BackupError(
            "The backup was written under other migrations than this database has. Install the "
            "Upward version that wrote it (or migrate this database to the same point) first."
        )
    for label in MUST_BE_EMPTY:
        if apps.get_model(label).objects.exists():
            raise BackupError(
                "This database already holds data. Restore into a new, migrated database."
            )
    with tempfile.TemporaryDirectory() as folder:
        fixture = Path(folder) / "backup.json"
        fixture.write_text(json.dumps(records), encoding="utf-8")
        try:
            with transaction.atomic():
                _clear_reference_data()
                # loaddata resolves forward references and resets PostgreSQL's sequences.
                call_command("loaddata", str(fixture), verbosity=0)
                refresh_planner_statistics(kept_models())
        except (DeserializationError, DatabaseError, ValueError) as error:
            raise BackupError(
                f"The backup could not be loaded ({error}); nothing changed."
            ) from None
    return len(records)


def kept_models() -> list[type[models.Model]]:
    excluded = {label.lower() for label in EXCLUDED}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in excluded
        and model._meta.label_lower not in excluded
        and model._meta.managed
        and not model._meta.proxy
    ]


def _clear_reference_data() -> None:
    """`migrate` seeds reference data (the built-in survey instruments, say); the backup holds
    the organisation's own copy of it, which replaces the seeded one."""
    ordered = serializers.sort_dependencies([(None, kept_models())])
    for model in reversed(ordered):
        model._base_manager.all().delete()
