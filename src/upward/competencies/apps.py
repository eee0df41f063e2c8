from django.apps import AppConfig


class CompetenciesConfig(AppConfig):
    name = "upward.competencies"
    label = "competencies"
