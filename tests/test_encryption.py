"""Fields encrypted at rest: ciphertext in the database and in backups, plain text in the app,
and key rotation that keeps every row readable."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db.models import TextField
from django.db.models.functions import Cast

from tests.conftest import World
from upward.workspace.models import Concern, Session

SECRET = "My leader cancelled again and I feel invisible."


def raw(model, field: str) -> list[str]:
    """What the database holds, read past the field's decryption."""
    return list(model.objects.annotate(raw=Cast(field, TextField())).values_list("raw", flat=True))


@pytest.fixture
def concern(world: World) -> Concern:
    return Concern.objects.create(
        pair=world.pair, raised_by=world.pair.mentee, topic="other", text=SECRET
    )


def test_the_database_holds_ciphertext_and_the_app_reads_text(concern: Concern) -> None:
    (stored,) = raw(Concern, "text")
    assert SECRET not in stored and stored.startswith("gAAAAA")
    assert Concern.objects.get(pk=concern.pk).text == SECRET


def test_a_backup_holds_ciphertext_too(concern: Concern) -> None:
    out = io.StringIO()
    call_command("dumpdata", "workspace.concern", stdout=out)
    assert SECRET not in out.getvalue()


def test_rotation_keeps_old_rows_readable_and_moves_them_to_the_new_key(
    world: World, settings
) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    concern = Concern.objects.create(
        pair=world.pair, raised_by=world.pair.mentee, topic="other", text=SECRET
    )
    settings.FIELD_ENCRYPTION_KEYS = [new, old]  # the new key first: old rows still read
    assert Concern.objects.get(pk=concern.pk).text == SECRET
    call_command("rotate_field_keys", stdout=io.StringIO())
    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key gone
    assert Concern.objects.get(pk=concern.pk).text == SECRET
    (stored,) = raw(Concern, "text")
    assert Fernet(new.encode()).decrypt(stored.encode()).decode() == SECRET


def test_private_notes_and_survey_answers_are_encrypted(world: World) -> None:
    from datetime import timedelta

    from django.utils import timezone

    Session.objects.create(
        pair=world.pair, starts_at=timezone.now() + timedelta(days=1), private_notes=SECRET
    )
    assert SECRET not in " ".join(raw(Session, "private_notes"))


EVIDENCE = "Pulse mean 2.3 (below 4.0); lowest item 1 (Pulse 3)"


def _flag(world: World, evidence: str = EVIDENCE):
    from upward.flags.models import Flag

    return Flag.objects.create(
        key=f"low_safety:{world.pair.pk}:test",
        program=world.program,
        cohort=world.cohort,
        pair=world.pair,
        reason="low_safety",
        evidence=evidence,
        raised_on=world.cohort.start_date,
    )


def test_flag_evidence_is_ciphertext_in_the_database_and_in_backups(world: World) -> None:
    from upward.flags.models import Flag

    flag = _flag(world)
    (stored,) = raw(Flag, "evidence")
    assert EVIDENCE not in stored and "2.3" not in stored and stored.startswith("gAAAAA")
    assert Flag.objects.get(pk=flag.pk).evidence == EVIDENCE
    out = io.StringIO()
    call_command("dumpdata", "flags.flag", stdout=out)
    assert EVIDENCE not in out.getvalue()


def test_the_migration_encrypts_evidence_written_before_it(world: World) -> None:
    from importlib import import_module

    from django.apps import apps
    from django.db import connection

    from upward.flags.models import Flag

    flag = _flag(world)
    with connection.cursor() as cursor:  # as a row written before encryption: plain text
        cursor.execute("UPDATE flags_flag SET evidence = %s WHERE id = %s", [EVIDENCE, flag.pk])
    assert raw(Flag, "evidence") == [EVIDENCE]
    assert Flag.objects.get(pk=flag.pk).evidence == EVIDENCE  # still readable meanwhile
    migration = import_module("upward.flags.migrations.0004_encrypt_flag_evidence")
    migration.encrypt_existing_rows(apps, None)
    (stored,) = raw(Flag, "evidence")
    assert EVIDENCE not in stored and stored.startswith("gAAAAA")
    assert Flag.objects.get(pk=flag.pk).evidence == EVIDENCE
