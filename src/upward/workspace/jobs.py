from datetime import timedelta

from upward.notifications.scheduler import job
from upward.workspace.reminders import nudge_quiet_pairs, remind_sessions


@job("session_reminders", every=timedelta(minutes=5))
def session_reminders() -> str:
    return f"{remind_sessions()} reminders queued"


@job("quiet_pair_nudges", daily=True)
def quiet_pair_nudges() -> str:
    return f"{nudge_quiet_pairs()} nudges queued"
