"""The sponsor hears a week ahead that a checkpoint is coming (run daily by the scheduler).

The charter asks the sponsor to open the kickoff, attend the mid-pilot review and recognise the
pairs at the close; a week's notice is what a senior calendar needs. Each checkpoint is
announced once (moved dates make a new checkpoint, announced again)."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from upward.governance.models import Checkpoint
from upward.notifications.outbox import queue_email
from upward.programs.models import Program, ProgramRole

NOTICE = timedelta(days=7)


def remind_sponsors_of_checkpoints() -> int:
    """Queue the notice for every checkpoint due within a week; returns how many were queued."""
    today = timezone.localdate()
    coming = Checkpoint.objects.filter(
        held_on__isnull=True,
        sponsor_reminded_at__isnull=True,
        due_date__gte=today,
        due_date__lte=today + NOTICE,
    ).exclude(program__state=Program.State.CLOSED)
    queued = 0
    for checkpoint in coming.select_related("program", "cohort"):
        queued += _tell_sponsors(checkpoint)
        checkpoint.sponsor_reminded_at = timezone.now()
        checkpoint.save(update_fields=["sponsor_reminded_at"])
    return queued


def _tell_sponsors(checkpoint: Checkpoint) -> int:
    program = checkpoint.program
    link = settings.SITE_URL.rstrip("/") + reverse(
        "governance:governance", args=[program.public_id]
    )
    sponsors = ProgramRole.objects.filter(
        program=program, role=ProgramRole.Role.SPONSOR, user__is_active=True
    ).select_related("user")
    queued = 0
    for grant in sponsors:
        if not grant.user.email:
            continue
        email = queue_email(
            key=f"checkpoint_coming:{checkpoint.public_id}:{grant.user_id}",
            to=grant.user.email,
            template="checkpoint_coming",
            context={
                "first_name": grant.user.first_name or "there",
                "program": program.name,
                "checkpoint": checkpoint.label,
                "kind": checkpoint.kind,
                "due": f"{checkpoint.due_date:%A %d %B %Y}",
                "link": link,
            },
        )
        queued += email is not None
    return queued
