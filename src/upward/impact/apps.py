from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "upward.impact"
    label = "impact"

    def ready(self) -> None:
        from upward.impact import signals

        signals.connect()  # results go stale when the services that write the inputs say so
