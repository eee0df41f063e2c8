from upward.governance.reminders import remind_sponsors_of_checkpoints
from upward.notifications.scheduler import job


@job("checkpoint_reminders", daily=True)
def checkpoint_reminders() -> str:
    return f"{remind_sponsors_of_checkpoints()} sponsor notices queued"
