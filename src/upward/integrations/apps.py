from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "upward.integrations"
    label = "integrations"
