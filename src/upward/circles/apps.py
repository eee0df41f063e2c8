from django.apps import AppConfig


class CirclesConfig(AppConfig):
    name = "upward.circles"
    label = "circles"

    def ready(self) -> None:
        from upward.circles.emails import CALENDAR_KEY, calendar_parts
        from upward.notifications.outbox import register_parts

        register_parts(CALENDAR_KEY, calendar_parts)
