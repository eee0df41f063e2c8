from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "upward.governance"
    label = "governance"

    def ready(self) -> None:
        from upward.governance import receivers  # noqa: F401  (connects the design receivers)
