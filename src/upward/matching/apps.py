from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "upward.matching"
    label = "matching"
