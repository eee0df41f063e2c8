from upward.notifications.outbox import release_stuck
from upward.notifications.scheduler import job


@job("email_retry")
def retry_emails() -> str:
    return f"{len(release_stuck())} queued again"
