from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "upward.programs"
    label = "programs"

    def ready(self) -> None:
        from upward.core.viewer import build_viewers_with
        from upward.programs import receivers  # noqa: F401  (records role changes)
        from upward.programs.access import viewer_for

        # Roles and pair memberships are kept here; core asks us to build each request's Viewer.
        build_viewers_with(viewer_for)
