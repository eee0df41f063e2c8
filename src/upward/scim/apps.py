from django.apps import AppConfig


class ScimConfig(AppConfig):
    name = "upward.scim"
    label = "scim"
    verbose_name = "SCIM provisioning"
