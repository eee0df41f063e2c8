from upward.notifications.scheduler import job
from upward.privacy.retention import purge


@job("retention_purge", daily=True)
def scheduled_purge() -> str:
    counts = purge()
    return ", ".join(f"{kind}: {n}" for kind, n in counts.items() if n) or "nothing due"
