from django.apps import AppConfig


class AlumniConfig(AppConfig):
    name = "upward.alumni"
    label = "alumni"
