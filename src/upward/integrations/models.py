"""Integration tokens for the REST API: created by a site admin, shown once, stored hashed."""

import uuid

from django.conf import settings
from django.db import models

from upward.programs.models import Program


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"
        SCIM = "scim", "SCIM provisioning"  # /scim/v2/ only; never the REST API

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=100)
    # The first characters, to tell tokens apart in lists and logs; the rest is only hashed.
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=5, choices=Scope.choices, default=Scope.READ)
    # Optional: the token sees this program only, whatever its creator may see.
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="api_tokens"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class FeedLink(models.Model):
    """The installation's secret link to the showcase's Atom feed, for intranet readers that
    cannot sign in. One live link at a time: making a new one revokes the old. Stored as it is
    (not hashed) so every lead and site admin can see and copy it; it opens published stories
    only, which any signed-in colleague reads anyway."""

    secret = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # True while live, NULL once revoked: unique, so the database holds one live link at most
    # (NULLs never collide, in PostgreSQL and SQLite alike).
    live = models.BooleanField(null=True, default=True, unique=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(live=True, revoked_at__isnull=True)
                | models.Q(live__isnull=True, revoked_at__isnull=False),
                name="feed_link_live_until_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"Showcase feed link of {self.created_at:%Y-%m-%d}"
