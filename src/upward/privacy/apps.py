from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "upward.privacy"
    label = "privacy"
    verbose_name = "Personal data"

    def ready(self) -> None:
        from upward.privacy import checks  # noqa: F401  (registers the deployment check)
