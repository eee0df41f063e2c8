from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "upward.talent"
    label = "talent"
