from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "upward.governance"
    label = "governance"
