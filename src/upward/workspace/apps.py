from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "upward.workspace"
    label = "workspace"
