from upward.notifications.scheduler import job
from upward.webhooks.services import retry_due


@job("webhook_retry")
def retry_webhooks() -> str:
    return f"{len(retry_due())} queued again"
