from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "upward.webhooks"
    label = "webhooks"
