from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from upward.core.fields import EncryptedJSONField, EncryptedTextField


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field under the first of FIELD_ENCRYPTION_KEYS. Put the new "
        "key first, run this, then drop the old key."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model in apps.get_models():
            fields = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, EncryptedTextField | EncryptedJSONField)
            ]
            if not fields:
                continue
            with transaction.atomic():
                # Reading decrypts with any key; saving encrypts with the first.
                for row in model._base_manager.select_for_update().iterator(chunk_size=500):
                    row.save(update_fields=fields)
                    total += 1
            self.stdout.write(f"{model._meta.label}: {', '.join(fields)}")
        self.stdout.write(f"{total} rows re-encrypted under the first key.")
