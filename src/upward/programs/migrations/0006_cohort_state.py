# Cohorts gain a lifecycle the lead moves on; existing cohorts start where their dates put them.

from django.db import migrations, models
from django.utils import timezone


def state_from_dates(apps, schema_editor):
    Cohort = apps.get_model("programs", "Cohort")
    today = timezone.localdate()
    Cohort.objects.filter(start_date__lte=today, end_date__gte=today).update(state="running")
    Cohort.objects.filter(end_date__lt=today).update(state="closed")


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0005_program_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="cohort",
            name="state",
            field=models.CharField(
                choices=[
                    ("upcoming", "Upcoming"),
                    ("running", "Running"),
                    ("closing", "Closing"),
                    ("closed", "Closed"),
                ],
                default="upcoming",
                max_length=10,
            ),
        ),
        migrations.RunPython(state_from_dates, migrations.RunPython.noop),
    ]
