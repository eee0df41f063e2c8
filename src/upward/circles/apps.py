from django.apps import AppConfig


class CirclesConfig(AppConfig):
    name = "upward.circles"
    label = "circles"
