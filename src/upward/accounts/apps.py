from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "upward.accounts"
    label = "accounts"

    def ready(self) -> None:
        from upward.accounts import sessions  # noqa: F401  (connects the sign-in receiver)
