import upward.core.fields
from django.db import migrations


def encrypt_existing_rows(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Rows written before: read as plain text (the field accepts it), saved encrypted."""
    flag = apps.get_model("flags", "flag")
    for row in flag._base_manager.only("pk", "evidence").iterator(chunk_size=500):
        row.save(update_fields=["evidence"])


class Migration(migrations.Migration):

    dependencies = [
        ("flags", "0003_flag_resolution"),
    ]

    operations = [
        migrations.AlterField(
            model_name="flag",
            name="evidence",
            field=upward.core.fields.EncryptedTextField(),
        ),
        migrations.RunPython(encrypt_existing_rows, migrations.RunPython.noop),
    ]
