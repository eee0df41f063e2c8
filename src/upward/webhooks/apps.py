from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "upward.webhooks"
    label = "webhooks"

    def ready(self) -> None:
        from upward.webhooks import receivers  # noqa: F401 (connects to the apps' signals)
