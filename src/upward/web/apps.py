from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "upward.web"
    label = "web"
