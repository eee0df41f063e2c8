from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "upward.accounts"
    label = "accounts"

    def ready(self) -> None:
        from upward.accounts import sessions  # noqa: F401  (connects the sign-in receiver)
        from upward.accounts.access_links import LINK_KEY, resolve_link
        from upward.notifications.outbox import register_late_value

        register_late_value(LINK_KEY, resolve_link)
