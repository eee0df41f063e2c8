from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "upward.workspace"
    label = "workspace"

    def ready(self) -> None:
        from upward.notifications.outbox import register_parts
        from upward.workspace.emails import CALENDAR_KEY, calendar_parts

        register_parts(CALENDAR_KEY, calendar_parts)
