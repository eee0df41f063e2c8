from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "upward.impact"
    label = "impact"

    def ready(self) -> None:
        from upward.impact import signals  # noqa: F401 (connects the staleness receivers)
