"""Alongside settings: one module, driven by the environment, failing loudly.

Nothing set: a development instance on SQLite (``alongside.sqlite3``), DEBUG on, email to a
local SMTP sink on port 1025. Production: set ``DEBUG=0``, ``SECRET_KEY``, ``ALLOWED_HOSTS``,
``DATABASE_URL`` (and ``MIGRATE_DATABASE_URL``), ``FIELD_ENCRYPTION_KEYS`` and ``EMAIL_URL``.
Every variable is listed in docs/configuration.md.
"""

from __future__ import annotations

import base64
from pathlib import Path

import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from alongside.envconf import (
    check_sms_settings,
    database_settings,
    env_bool,
    env_int,
    env_list,
    env_str,
    parse_email_url,
)

# Django's generic classes (ModelAdmin, fields, querysets) accept type arguments at run time too.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)

_DEV_SECRET = "dev-only-insecure-secret-key-never-use-in-production-0123456789"
SECRET_KEY = env_str("SECRET_KEY") or (_DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off")
if not DEBUG and (SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("SECRET_KEY must be a unique value of at least 50 characters in production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list this site's host names when DEBUG is off")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# An expired form (maybe the crisis button) gets a page with the crisis lines and a fresh form.
CSRF_FAILURE_VIEW = "alongside.pages.views.csrf_failure"

# The public address used in emailed links (invitations, password resets).
SITE_URL = (env_str("SITE_URL") or "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r} must start with http:// or https://")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "alongside.core",
    "alongside.audit",
    "alongside.accounts",
    "alongside.websessions",
    "alongside.organizations",
    "alongside.access",
    "alongside.consent",
    "alongside.notifications",
    "alongside.checkins",
    "alongside.coping",
    "alongside.trends",
    "alongside.reminders",
    "alongside.recovery",
    "alongside.goals",
    "alongside.journal",
    "alongside.safety",
    "alongside.contacts",
    "alongside.alerts",
    "alongside.crisis",
    "alongside.crisis_language",
    "alongside.pages",
    "alongside.ops",
    "alongside.supervision",
    "alongside.workspace",
    "alongside.messaging",
    "alongside.signals",
    "alongside.caseload",
    "alongside.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "alongside.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compressed HTML for slow phone connections (Django's gzip adds random padding against BREACH).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "alongside.accounts.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "alongside.accounts.middleware.SessionPolicyMiddleware",
    "alongside.core.middleware.UserLanguageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "alongside.urls"
WSGI_APPLICATION = "alongside.wsgi.application"
ASGI_APPLICATION = "alongside.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "alongside" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "alongside.pages.context_processors.shell",
                "alongside.crisis.context_processors.crisis_lines",
            ],
        },
    }
]

# Web and worker use DATABASE_URL. On PostgreSQL that can be a role that may read and write rows
# but not alter tables nor touch the audit log's history; migrate then runs as the tables' owner,
# MIGRATE_DATABASE_URL (docs/deploy.md, "Database roles").
DATABASES = database_settings(
    database_url=env_str("DATABASE_URL"),
    migrate_database_url=env_str("MIGRATE_DATABASE_URL"),
    sqlite_path=str(BASE_DIR / "alongside.sqlite3"),
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["alongside.accounts.backends.EmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "pages:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT_SECONDS", 60 * 60, minimum=300)

# Sessions: stored in the database so that logging out everywhere and deactivation
# take effect on every web process at once; each row also records whose session it is, so
# one query loads the session, the user and the membership they act as (alongside.websessions).
SESSION_ENGINE = "alongside.websessions.store"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_NAME = "alongside_session"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Idle timeouts: staff (mentors, supervisors, admins) hold other people's data.
STAFF_IDLE_TIMEOUT_MINUTES = env_int("STAFF_IDLE_TIMEOUT_MINUTES", 15, minimum=1)
PARTICIPANT_IDLE_TIMEOUT_MINUTES = env_int("PARTICIPANT_IDLE_TIMEOUT_MINUTES", 60, minimum=1)
SESSION_ABSOLUTE_TIMEOUT_HOURS = env_int("SESSION_ABSOLUTE_TIMEOUT_HOURS", 12, minimum=1)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT_HOURS * 3600

# Login throttling: failures are counted per (account, address) pair and per address,
# never per account alone, so nobody can lock a participant out from elsewhere.
LOGIN_FAILURES_PER_PAIR = env_int("LOGIN_FAILURES_PER_PAIR", 5, minimum=1)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 30, minimum=1)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1)
# Past an address's allowance, each attempt from it waits longer (doubling, up to this) instead of
# being refused, so one guesser on a shared address (a centre's Wi-Fi) cannot lock everyone out.
LOGIN_ADDRESS_DELAY_MAX_SECONDS = env_int("LOGIN_ADDRESS_DELAY_MAX_SECONDS", 5, minimum=1)
# At most this many requests of one web process wait at a time; more are asked to retry in a moment.
LOGIN_DELAYED_AT_ONCE = env_int("LOGIN_DELAYED_AT_ONCE", 2, minimum=1)
# Wrong second-factor codes (TOTP or recovery): per (account, address) and per account; a correct
# password never resets them, they age out after LOGIN_COOLOFF_MINUTES.
SECOND_FACTOR_FAILURES_PER_PAIR = env_int("SECOND_FACTOR_FAILURES_PER_PAIR", 5, minimum=1)
SECOND_FACTOR_FAILURES_PER_ACCOUNT = env_int("SECOND_FACTOR_FAILURES_PER_ACCOUNT", 10, minimum=1)
# Unknown bearer tokens per address before further attempts from it are slowed down.
TOKEN_FAILURES_PER_ADDRESS = env_int("TOKEN_FAILURES_PER_ADDRESS", 20, minimum=1)
# Password-reset emails per account, and reset requests per address, in a window.
PASSWORD_RESETS_PER_ACCOUNT = env_int("PASSWORD_RESETS_PER_ACCOUNT", 3, minimum=1)
PASSWORD_RESETS_PER_ADDRESS = env_int("PASSWORD_RESETS_PER_ADDRESS", 10, minimum=1)
PASSWORD_RESET_WINDOW_MINUTES = env_int("PASSWORD_RESET_WINDOW_MINUTES", 60, minimum=1)
# Set to the number of reverse proxies in front of the app; 0 trusts REMOTE_ADDR only.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)

INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 7, minimum=1)
BREAK_GLASS_MINUTES = env_int("BREAK_GLASS_MINUTES", 60, minimum=5)

# Sensitive free text is encrypted with these keys (comma-separated Fernet keys, newest
# first). Rotate by putting a new key first and running `manage.py rotate_encryption_keys`.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [])
if not FIELD_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS (or FIELD_ENCRYPTION_KEYS_FILE) must be set when DEBUG is off"
        )
    # A fixed development key, so the demo works out of the box. Never used with DEBUG off.
    FIELD_ENCRYPTION_KEYS = ["ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItdXNlISE="]

for _key in FIELD_ENCRYPTION_KEYS:
    try:
        if len(base64.urlsafe_b64decode(_key.encode())) != 32:
            raise ValueError
    except ValueError:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS holds a malformed key; each must be a Fernet key (32 url-safe base64 bytes)"
        ) from None

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Español"))]
LOCALE_PATHS = [BASE_DIR / "alongside" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "alongside_language"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "alongside" / "static", BASE_DIR / "var" / "assets"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_ALLOW_ALL_ORIGINS = False  # public files, but no "*" CORS header inviting every site to read them

# Email: always SMTP. Development defaults to the local sink that `make run` starts.
_email = parse_email_url(env_str("EMAIL_URL") or "smtp://127.0.0.1:1025")
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT_SECONDS", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "Alongside <no-reply@alongside.invalid>"

# Background work: the database task backend, so SQLite alone runs everything.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "notifications"]}}
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 5, minimum=1)
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 120, minimum=10)
WORKER_SWEEP_SECONDS = env_int("WORKER_SWEEP_SECONDS", 15, minimum=1)
# Urgent (crisis) messages: this many quick attempts per channel, this far apart, then the next channel.
OUTBOX_URGENT_ATTEMPTS = env_int("OUTBOX_URGENT_ATTEMPTS", 2, minimum=1)
OUTBOX_URGENT_RETRY_SECONDS = env_int("OUTBOX_URGENT_RETRY_SECONDS", 30, minimum=1)
# What an email or text message says. "none" (default): only that there is something to see,
# and a link — no names, no titles, since a name next to "Alongside" says someone is in a recovery
# program (42 CFR Part 2). "titles": the notification's title and body too (a program's choice).
EXTERNAL_NOTIFICATION_DETAILS = env_str("EXTERNAL_NOTIFICATION_DETAILS", "none")
if EXTERNAL_NOTIFICATION_DETAILS not in {"none", "titles"}:
    raise ImproperlyConfigured(
        f"EXTERNAL_NOTIFICATION_DETAILS={EXTERNAL_NOTIFICATION_DETAILS!r}: use 'none' or 'titles'"
    )

# Text messages through a provider's HTTP API (Twilio-compatible; alongside/notifications/sms.py).
# Off while SMS_API_BASE_URL is empty: text messages are then skipped for the next channel.
SMS_API_BASE_URL = (env_str("SMS_API_BASE_URL") or "").rstrip("/")
SMS_ACCOUNT_SID = env_str("SMS_ACCOUNT_SID") or ""
SMS_AUTH_TOKEN = env_str("SMS_AUTH_TOKEN") or ""
SMS_FROM = env_str("SMS_FROM") or ""
SMS_TIMEOUT_SECONDS = env_int("SMS_TIMEOUT_SECONDS", 10, minimum=1)
check_sms_settings(base_url=SMS_API_BASE_URL, account_sid=SMS_ACCOUNT_SID, auth_token=SMS_AUTH_TOKEN, sender=SMS_FROM)

# Crisis-language detection (messages, check-in notes, journal entries): a dotted path to a
# function ``(text, *, language=None)`` returning a CrisisMatch, None or a bool. The default is a
# deliberately over-sensitive English and Spanish phrase detector (alongside/crisis_language/);
# "alongside.crisis_language.learned_detector" adds a small learned model behind it (opt-in).
# For this long after pressing the crisis button, the participant may say it was by mistake:
# whoever was told hears so, and the escalation stops (the alert keeps its whole history).
CRISIS_MISTAKE_MINUTES = env_int("CRISIS_MISTAKE_MINUTES", 10, minimum=1)
CRISIS_LANGUAGE_DETECTOR = env_str("CRISIS_LANGUAGE_DETECTOR") or "alongside.crisis_language.phrase_detector"

# Security headers. HSTS and SSL redirect are on whenever DEBUG is off; set
# SECURE_SSL_REDIRECT=0 only when a proxy in front already redirects.
SECURE_CONTENT_TYPE_NOSNIFF = True
# same-origin: browsers send Origin on form POSTs (CSRF needs it) but never a referrer to another host.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The task worker logs every poll at INFO; its failures still show.
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        "mail.log": {"level": "WARNING"},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
