from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "upward.privacy"
    label = "privacy"
    verbose_name = "Personal data"
