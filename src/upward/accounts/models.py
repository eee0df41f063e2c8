import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models

from upward.core.fields import EncryptedTextField


class User(AbstractUser):
    """A login. The person behind it (HR data) is the linked people.Employee, if any."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        db_table = "accounts_user"

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class LoginSession(models.Model):
    """Which session keys belong to whom, so a person's sessions can be ended at once (when the
    identity provider deactivates them, or a lead asks) without scanning every session."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Session of {self.user} from {self.started_at:%Y-%m-%d %H:%M}"


class SsoIdentity(models.Model):
    """A person's identity at the organisation's OpenID provider: issuer + subject, never the
    e-mail, which people change and providers reuse."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sso_identities")
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    linked_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique"),
            # One identity per provider per account: a second subject cannot take it over.
            models.UniqueConstraint(fields=["issuer", "user"], name="sso_one_identity_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"


class TotpDevice(models.Model):
    """A time-based one-time-password app (RFC 6238) a lead or admin signs in with."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp")
    secret = EncryptedTextField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last time step accepted: a code is good once, never again (ASVS 6.5.1).
    last_step = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Authenticator of {self.user}"


class Profile(models.Model):
    """A few lines a person writes about themselves, in their own words, and an optional photo:
    shown to the people they may be matched or paired with (the shortlist, a mentor's requests,
    the pair page), never used for matching."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    about = models.TextField(blank=True, max_length=600)
    offers = models.TextField(blank=True, max_length=300)  # what they can teach
    wants = models.TextField(blank=True, max_length=300)  # what they want to learn
    # A file name under settings.PHOTO_ROOT (outside the web root), served by accounts.photos.
    photo = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    @property
    def is_empty(self) -> bool:
        return not (self.about or self.offers or self.wants or self.photo)
