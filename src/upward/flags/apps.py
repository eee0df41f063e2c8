from django.apps import AppConfig


class FlagsConfig(AppConfig):
    name = "upward.flags"
    label = "flags"
