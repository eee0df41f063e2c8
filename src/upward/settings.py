"""Upward settings: one file, every deployment choice read from the environment.

Defaults suit the embedded single-machine install (SQLite). Production sets SECRET_KEY,
ALLOWED_HOSTS and usually DATABASE_URL; see .env.example.
"""

import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.getenv("UPWARD_VAR_DIR", BASE_DIR / "var"))


def envbool(name: str, default: bool = False) -> bool:
    value = os.getenv(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.getenv(name)
    return int(value) if value else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG")
# Demo mode: a local, throwaway install (make demo). It relaxes only what a laptop needs.
DEMO = envbool("UPWARD_DEMO")
TESTING = envbool("UPWARD_TESTING")


def _local_secret_key() -> str:
    """A random key kept under var/ so a local install keeps its sessions across restarts."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or DEMO or TESTING):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (see .env.example); "
            "only DEBUG=1 or UPWARD_DEMO=1 may run without one."
        )
    SECRET_KEY = _local_secret_key()
SECRET_KEY_FALLBACKS = envlist("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or DEMO else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000")
# The organisation's currency (ISO 4217 code): how money is written on pages and in exports,
# and the default for a new program's ROI assumptions.
CURRENCY = os.getenv("UPWARD_CURRENCY", "USD").strip().upper()[:3] or "USD"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves the API docs page from its own static files, not a CDN
    "django_tasks_db",
    "upward.accounts",
    "axes",
    "upward.people",
    "upward.competencies",
    "upward.programs",
    "upward.matching",
    "upward.governance",
    "upward.recruitment",
    "upward.workspace",
    "upward.notifications",
    "upward.surveys",
    "upward.flags",
    "upward.impact",
    "upward.alumni",
    "upward.circles",
    "upward.talent",
    "upward.integrations",
    "upward.scim",
    "upward.webhooks",
    "upward.audit",
    "upward.privacy",
    "upward.web",
]

MIDDLEWARE = [
    "upward.web.middleware.BodySizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "upward.accounts.middleware.SessionTimeoutMiddleware",
    "upward.accounts.mfa.SecondFactorMiddleware",
    "upward.audit.middleware.AuditDenialsMiddleware",
    "axes.middleware.AxesMiddleware",
    "upward.web.middleware.NoStoreForSignedInMiddleware",
    "upward.web.middleware.BadValueMiddleware",
]

ROOT_URLCONF = "upward.urls"
WSGI_APPLICATION = "upward.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Links to set a password (invitations, "forgot password", a lead's button) work once, for a week:
# an invitation may wait a few days before it is read.
PASSWORD_RESET_TIMEOUT = 7 * 24 * 3600

# Webhooks may post to loopback (http://127.0.0.1) only on a developer's machine and in tests.
WEBHOOK_ALLOW_LOOPBACK = envbool("WEBHOOK_ALLOW_LOOPBACK", default=DEBUG or DEMO or TESTING)

# Single sign-on with OpenID Connect (docs/integrations.md). On when an issuer is configured.
OIDC_ISSUER = os.getenv("OIDC_ISSUER", "")
SSO_ENABLED = bool(OIDC_ISSUER)
# SSO as the only way in: the password form answers 404 and sign-in goes to the provider.
SSO_ONLY = SSO_ENABLED and envbool("SSO_ONLY")
# How a first sign-in finds the person it belongs to: "email" (the verified work e-mail),
# "employee_number" (a claim carrying the HRIS id) or "none" (provisioned by SCIM only).
SSO_LINK_BY = os.getenv("SSO_LINK_BY", "email")
SSO_EMPLOYEE_NUMBER_CLAIM = os.getenv("SSO_EMPLOYEE_NUMBER_CLAIM", "employee_number")
OIDC_RP_CLIENT_ID = os.getenv("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.getenv("OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.getenv("OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.getenv("OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.getenv("OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.getenv("OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.getenv("OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "sso_callback"
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/?sso=failed"
AUTHENTICATION_BACKENDS = [
    # First: refuses every attempt while an account is locked out, and counts failures.
    "axes.backends.AxesStandaloneBackend",
    *([] if SSO_ONLY else ["django.contrib.auth.backends.ModelBackend"]),
    "upward.accounts.sso.SsoBackend",
]

# Sign-in throttling (django-axes): failures are counted in the database, so every worker
# process sees the same count. After 5 failures for a user name, that name is locked for
# 15 minutes, from every address; so is an address after 5 failures, whatever the names (set
# PROXY_COUNT behind a reverse proxy so the address is the client's). A success resets the count.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_IPWARE_PROXY_COUNT = envint("PROXY_COUNT", 0)

# Keys for the fields encrypted at rest (Fernet keys, comma-separated, newest first); see
# upward/core/fields.py and `manage.py rotate_field_keys`.
FIELD_ENCRYPTION_KEYS = envlist("FIELD_ENCRYPTION_KEYS")

# Audit events are kept this long, then the scheduler removes them (the only deletion allowed).
AUDIT_RETENTION_DAYS = envint("AUDIT_RETENTION_DAYS", 730)

# Site admins and program leads who sign in with a password must also enter a TOTP code
# (upward/accounts/mfa.py). Off by default only on a laptop: demo, DEBUG and the test suite.
MFA_REQUIRED = envbool("MFA_REQUIRED", default=not (DEBUG or DEMO or TESTING))

# Sessions end after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after sign-in
# whatever happens (upward.accounts.middleware).
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", 30)
SESSION_MAX_HOURS = envint("SESSION_MAX_HOURS", 12)
if SSO_ONLY:
    LOGIN_URL = "sso_start"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "upward.web.context_processors.navigation",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = os.getenv("DATABASE_URL")
    if url:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
        config["CONN_HEALTH_CHECKS"] = True
        # A query that runs away (a plan chosen for empty tables, say) is cancelled with an
        # error instead of holding a worker for minutes. Off unless set; 30 s in the test suite.
        timeout = envint("DATABASE_STATEMENT_TIMEOUT_SECONDS", 30 if TESTING else 0)
        if timeout and str(config.get("ENGINE", "")).endswith("postgresql"):
            config["OPTIONS"] = {"options": f"-c statement_timeout={timeout * 1000}"}
        return config
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.getenv("SQLITE_PATH", str(VAR_DIR / "upward.sqlite3")),
        "OPTIONS": {
            # WAL lets readers work while one writer commits; IMMEDIATE takes the write lock at
            # BEGIN so two writers queue on the busy timeout instead of failing mid-transaction.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
        # A file, not memory, so the tests can start real task workers against the test database.
        # Per process, so two suites on one machine do not share it.
        "TEST": {"NAME": str(VAR_DIR / f"test-upward-{os.getpid()}.sqlite3")},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": os.getenv("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Hashing cost is a security property of production, not something tests should pay for.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
# Emails go out in the recipient's language when we have it, else in LANGUAGE_CODE.
LANGUAGES = [("en", "English"), ("fr", "Français"), ("de", "Deutsch")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))

# Uploads: an HRIS export is rarely above a few MB; the cap keeps a bad upload from eating memory.
PEOPLE_IMPORT_MAX_BYTES = envint("PEOPLE_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Profile photos: resized on upload and kept outside the web root, served to signed-in people
# who share a program with their owner (accounts/photos.py).
PHOTO_ROOT = Path(
    os.getenv(
        "UPWARD_PHOTO_ROOT",
        # The suite's photos never land in var/ (one folder per test process, removed with /tmp).
        Path(tempfile.gettempdir()) / f"upward-test-photos-{os.getpid()}"
        if TESTING
        else VAR_DIR / "photos",
    )
)
PHOTO_MAX_BYTES = 8 * 1024 * 1024

# Security headers. Inline script is never allowed; the nonce covers the one JSON config block.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 12 * 60 * 60)

SECURE = envbool("SECURE", default=not (DEBUG or DEMO or TESTING))
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
if SECURE:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The preload token does nothing until the domain is submitted to the browsers' list.
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix pins cookies to this exact host over HTTPS with path=/.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

EMAIL_BACKEND_PATH = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")


def _mailer_options(backend: str) -> dict[str, object]:
    if backend.endswith("smtp.EmailBackend"):
        return {
            "host": os.getenv("EMAIL_HOST", "localhost"),
            "port": envint("EMAIL_PORT", 25),
            "username": os.getenv("EMAIL_HOST_USER", ""),
            "password": os.getenv("EMAIL_HOST_PASSWORD", ""),
            "use_tls": envbool("EMAIL_USE_TLS"),
            "timeout": 10,
        }
    if backend.endswith("filebased.EmailBackend"):
        # The demo writes the emails it would send here, one file per message.
        return {"file_path": os.getenv("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))}
    return {}


MAILERS = {
    "default": {"BACKEND": EMAIL_BACKEND_PATH, "OPTIONS": _mailer_options(EMAIL_BACKEND_PATH)}
}
# A claim on an email older than this is a worker that died mid-send: release it and retry.
EMAIL_CLAIM_LEASE_SECONDS = envint("EMAIL_CLAIM_LEASE_SECONDS", 300)

# Surveys: the smallest group whose aggregate of confidential answers may be shown (3-10).
SURVEY_MIN_GROUP_SIZE = envint("SURVEY_MIN_GROUP_SIZE", 5)
if not 3 <= SURVEY_MIN_GROUP_SIZE <= 10:
    raise ImproperlyConfigured("SURVEY_MIN_GROUP_SIZE must be between 3 and 10.")
# Reminders go out this many days after a wave opens, while the member has not answered.
SURVEY_REMINDER_DAYS = (4, 9)
# Every active pair gets a routine check-in from the lead this often (flags use the same one).
ROUTINE_CHECKIN_DAYS = envint("ROUTINE_CHECKIN_DAYS", 42)

DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "Upward <upward@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}
