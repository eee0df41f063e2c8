import django.db.models.deletion
from django.db import migrations, models

from upward.domain import checkpoints as checkpoint_plan


def plan_per_cohort(apps, schema_editor):
    """Unrecorded checkpoints move from the program's dates to each cohort's; recorded ones stay
    as they were held."""
    Program = apps.get_model("programs", "Program")
    Checkpoint = apps.get_model("governance", "Checkpoint")
    for program in Program.objects.all():
        Checkpoint.objects.filter(program=program, held_on__isnull=True).delete()
        held = set(
            Checkpoint.objects.filter(program=program).values_list("cohort_id", "kind", "due_date")
        )
        spans = [
            checkpoint_plan.Span(pk, start, end)
            for pk, start, end in program.cohorts.values_list("pk", "start_date", "end_date")
        ]
        planned = checkpoint_plan.plan(
            checkpoint_plan.Span(None, program.start_date, program.end_date), spans
        )
        Checkpoint.objects.bulk_create(
            [
                Checkpoint(program=program, cohort_id=item.cohort, kind=item.kind, due_date=item.due)
                for item in planned
                if (item.cohort, item.kind, item.due) not in held
            ]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_initial"),
        ("programs", "0006_cohort_state"),
    ]

    operations = [
        migrations.AddField(
            model_name="checkpoint",
            name="cohort",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="checkpoints",
                to="programs.cohort",
            ),
        ),
        migrations.AddField(
            model_name="checkpoint",
            name="sponsor_reminded_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(plan_per_cohort, migrations.RunPython.noop),
    ]
