from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "upward.audit"
    label = "audit"

    def ready(self) -> None:
        from upward.audit import receivers, sqlite  # noqa: F401  (connects the signal receivers)
