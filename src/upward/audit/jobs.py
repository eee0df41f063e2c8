from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from upward.audit.log import purge_before
from upward.notifications.scheduler import job


@job("audit_retention")
def purge_old_audit_events() -> str:
    cutoff = timezone.now() - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    return f"{purge_before(cutoff)} events older than {cutoff:%Y-%m-%d} removed"
