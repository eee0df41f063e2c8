from django.apps import AppConfig


class FlagsConfig(AppConfig):
    name = "upward.flags"
    label = "flags"

    def ready(self) -> None:
        from upward.flags import signals  # noqa: F401 (re-checks flags after the writes)
