"""Backup and restore: a round trip gives back exactly the same records, on SQLite and on
PostgreSQL; a restore refuses a database with data or other migrations, and a broken backup
changes nothing."""

import gzip
import json
from pathlib import Path

import pytest
from django.core import serializers
from django.core.management import call_command

from tests.factories import PairFactory, ProgramFactory
from upward.audit.log import unlocked
from upward.people.models import Employee
from upward.web.backups import BackupError, kept_models, restore_backup, write_backup
from upward.webhooks.models import Webhook

pytestmark = pytest.mark.django_db(transaction=True)


def canonical() -> dict[str, list[object]]:
    """Every kept record, as natural-key JSON, in a stable order."""
    return {
        model._meta.label: json.loads(
            serializers.serialize(
                "json", model._base_manager.order_by("pk"), use_natural_foreign_keys=True
            )
        )
        for model in kept_models()
    }


def some_organisation() -> None:
    program = ProgramFactory(name="Digital Fluency")
    for _ in range(3):
        PairFactory(cohort__program=program)
    Webhook.objects.create(
        program=program,
        name="#mentoring",
        kind="slack",
        url="https://hooks.slack.com/services/T/B/x",
        events=["pairs_published"],
    )


def new_install() -> None:
    """An empty, migrated database, as a restore would find it."""
    with unlocked():  # a new install has no audit log to protect
        call_command("flush", interactive=False, verbosity=0)


def test_a_round_trip_gives_back_every_record(tmp_path: Path) -> None:
    some_organisation()
    before = canonical()
    path = tmp_path / "backup.json.gz"
    header = write_backup(path)
    assert header["records"] > 20
    new_install()
    assert not Employee.objects.exists()
    restore_backup(path)
    assert canonical() == before
    PairFactory()  # and the database goes on: sequences continue after the restored ids


def test_the_commands_write_and_restore(tmp_path: Path) -> None:
    some_organisation()
    before = canonical()
    path = tmp_path / "b.json.gz"
    call_command("backup", output=path, verbosity=0)
    new_install()
    call_command("restore", str(path), verbosity=0)
    assert canonical() == before


def test_a_database_with_data_is_refused(tmp_path: Path) -> None:
    some_organisation()
    path = tmp_path / "b.json.gz"
    write_backup(path)
    with pytest.raises(BackupError, match="already holds data"):
        restore_backup(path)


def test_other_migrations_are_refused(tmp_path: Path) -> None:
    some_organisation()
    path = tmp_path / "b.json.gz"
    write_backup(path)
    with gzip.open(path, "rt") as handle:
        document = json.load(handle)
    document["header"]["migrations"]["people"].append("9999_from_the_future")
    with gzip.open(path, "wt") as handle:
        json.dump(document, handle)
    new_install()
    with pytest.raises(BackupError, match="other migrations"):
        restore_backup(path)


def test_a_broken_backup_changes_nothing(tmp_path: Path) -> None:
    some_organisation()
    path = tmp_path / "b.json.gz"
    write_backup(path)
    with gzip.open(path, "rt") as handle:
        document = json.load(handle)
    pair = next(r for r in document["data"] if r["model"] == "programs.pair")
    pair["fields"]["mentor"] = 999_999  # points at no one
    with gzip.open(path, "wt") as handle:
        json.dump(document, handle)
    new_install()
    seeded = canonical()
    with pytest.raises(BackupError, match="nothing changed"):
        restore_backup(path)
    assert canonical() == seeded


def test_not_a_backup_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.json.gz"
    path.write_bytes(b"hello")
    with pytest.raises(BackupError, match="not an Upward backup"):
        restore_backup(path)
