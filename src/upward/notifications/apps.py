from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "upward.notifications"
    label = "notifications"
