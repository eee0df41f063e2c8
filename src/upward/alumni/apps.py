from django.apps import AppConfig


class AlumniConfig(AppConfig):
    name = "upward.alumni"
    label = "alumni"

    def ready(self) -> None:
        from upward.alumni import receivers  # noqa: F401 (graduated pairs make alumni)
