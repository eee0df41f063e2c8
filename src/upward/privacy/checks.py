from typing import Any

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def encryption_keys_configured(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.FIELD_ENCRYPTION_KEYS:
        return []
    return [
        Warning(
            "FIELD_ENCRYPTION_KEYS is not set: private notes and free-text answers are encrypted "
            "with a key derived from SECRET_KEY.",
            hint="Generate one with Fernet.generate_key() and set FIELD_ENCRYPTION_KEYS.",
            id="upward.W001",
        )
    ]
