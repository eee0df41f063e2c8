from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load_built_in(sender: AppConfig, **kwargs: Any) -> None:
    from upward.surveys.loading import load_built_in

    load_built_in()


class SurveysConfig(AppConfig):
    name = "upward.surveys"
    label = "surveys"

    def ready(self) -> None:
        # Every install has the shipped instruments, including test databases after a flush.
        post_migrate.connect(_load_built_in, sender=self, dispatch_uid="surveys-built-in")
        from upward.programs.lifecycle import cohort_moved
        from upward.surveys.lifecycle import open_close_wave

        cohort_moved.connect(open_close_wave, dispatch_uid="surveys-close-wave")
