"""Which URLs a webhook may post to: HTTPS, a public address, and for Slack and Teams their own
hosts. Checked when the lead saves the webhook and again before every send (DNS can change)."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

SERVICE_HOSTS = {
    "slack": ("hooks.slack.com",),
    # Teams Workflows ("When a Teams webhook request is received") URLs live on these.
    "teams": (".logic.azure.com", ".powerplatform.com", ".webhook.office.com"),
}


def check_url(url: str, kind: str) -> None:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if settings.WEBHOOK_ALLOW_LOOPBACK and host in {"127.0.0.1", "localhost", "::1"}:
        return  # local development and the test suite's capture server only
    if parts.scheme != "https":
        raise ValidationError("A webhook address must start with https://.")
    if not host or parts.username or parts.password:
        raise ValidationError("Give a plain https:// address, without a user name or password.")
    allowed = SERVICE_HOSTS.get(kind)
    if allowed and not any(host == h or (h.startswith(".") and host.endswith(h)) for h in allowed):
        raise ValidationError(f"This is not a {kind.title()} webhook address ({host}).")
    _check_public(host, parts.port or 443)


def _check_public(host: str, port: int) -> None:
    try:
        found = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise ValidationError(f"The host {host} cannot be found.") from None
    for *_, address in found:
        ip = ipaddress.ip_address(address[0])
        if not ip.is_global or ip.is_multicast:
            raise ValidationError(
                f"The host {host} points to a private or local address; webhooks only go out to "
                "the internet."
            )
