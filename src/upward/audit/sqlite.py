"""SQLite's half of the append-only rule: the triggers call this function, which says no unless
the code holds `audit.log.unlocked()`. A connection that lacks it (the sqlite3 shell) cannot
change the log at all."""

from typing import Any

from django.db.backends.signals import connection_created
from django.dispatch import receiver

from upward.audit.log import is_unlocked


@receiver(connection_created, dispatch_uid="upward.audit.sqlite_function")
def add_unlock_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "upward_audit_unlocked", 0, lambda: int(is_unlocked()), deterministic=False
        )
