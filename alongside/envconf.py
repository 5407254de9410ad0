"""Reading configuration from the environment, failing loudly on bad values.

Every setting may also come from a file: ``SECRET_KEY_FILE=/run/secrets/key`` is read
when ``SECRET_KEY`` is not set, so secrets never have to sit in the process environment.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    """The value of ``name``, or of the file named by ``name_FILE``, or ``default``."""
    if name in os.environ:
        return os.environ[name]
    file_var = f"{name}_FILE"
    if file_var in os.environ:
        path = os.environ[file_var]
        try:
            with open(path, encoding="utf-8") as fh:
                return fh.read().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{file_var}={path!r} cannot be read: {exc}") from exc
    return default


def env_bool(name: str, default: bool) -> bool:
    raw = env_str(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no or on/off")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = env_str(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env_str(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def parse_database_url(url: str) -> dict[str, Any]:
    """Turn ``postgres://user:pw@host:port/name?opt=v`` or ``sqlite:///path`` into a DATABASES entry."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured(f"DATABASE_URL {url!r} names no database")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"DATABASE_URL {url!r} has a malformed port") from None
        options: dict[str, Any] = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        options.update(_statement_options(url, options))
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "OPTIONS": options,
            # Keep connections open between requests, but verify them first so a
            # database restart costs one reconnect instead of a failed request.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    if scheme == "sqlite":
        path = unquote(parts.path)
        if parts.netloc:
            raise ImproperlyConfigured(f"DATABASE_URL {url!r}: use sqlite:///relative.db or sqlite:////absolute.db")
        path = path[1:] if path.startswith("/") else path
        if not path:
            raise ImproperlyConfigured(f"DATABASE_URL {url!r} names no database file")
        return sqlite_database(path)
    raise ImproperlyConfigured(f"DATABASE_URL scheme {scheme!r} is not supported; use postgres:// or sqlite:///")


OWNER_DATABASE = "owner"


def database_settings(
    *, database_url: str | None, migrate_database_url: str | None, sqlite_path: str
) -> dict[str, dict[str, Any]]:
    """DATABASES: ``default`` is what the web and worker processes use (``DATABASE_URL``, or SQLite at
    ``sqlite_path``); with ``MIGRATE_DATABASE_URL`` set, ``owner`` is the role that owns the tables,
    which ``migrate`` and ``grant_app_role`` use, so the app itself can run as a role that may not
    alter, truncate or disable triggers on them. Both must name the same PostgreSQL database."""
    default = parse_database_url(database_url) if database_url else sqlite_database(sqlite_path)
    if not migrate_database_url:
        return {"default": default}
    if not database_url:
        raise ImproperlyConfigured("MIGRATE_DATABASE_URL is set, so DATABASE_URL (the app's role) must be set too")
    try:
        owner = parse_database_url(migrate_database_url)
    except ImproperlyConfigured as exc:
        raise ImproperlyConfigured(f"MIGRATE_DATABASE_URL: {exc}") from None
    if "postgresql" not in default["ENGINE"] or "postgresql" not in owner["ENGINE"]:
        raise ImproperlyConfigured("MIGRATE_DATABASE_URL is for PostgreSQL (SQLite has no roles); leave it unset")
    where = ("NAME", "HOST", "PORT")
    if [owner[key] for key in where] != [default[key] for key in where]:
        raise ImproperlyConfigured(
            "MIGRATE_DATABASE_URL and DATABASE_URL must name the same database (host, port and name); "
            "only the role may differ"
        )
    # Migrations run once and exit: no connection to keep.
    return {"default": default, OWNER_DATABASE: {**owner, "CONN_MAX_AGE": 0}}


def migration_database(databases: dict[str, Any]) -> str:
    """The alias schema changes and grants go through: the owner's when configured."""
    return OWNER_DATABASE if OWNER_DATABASE in databases else "default"


def _statement_options(url: str, options: dict[str, Any]) -> dict[str, Any]:
    """How statements reach PostgreSQL: parameters bound on the server (psycopg 3's own way)
    and a statement the connection has run ``prepare_threshold`` times (default 5) prepared,
    so PostgreSQL parses and plans it once per connection instead of on every request (the
    session lookup joins five tables: planning it cost more than running it). Behind a pooler
    in transaction mode without prepared-statement support, add ``?prepare_threshold=none``;
    ``?server_side_binding=false`` returns to Django's default client-side binding."""
    binding = str(options.get("server_side_binding", "true")).strip().lower()
    if binding not in _TRUE | _FALSE:
        raise ImproperlyConfigured(f"DATABASE_URL {url!r}: server_side_binding must be true or false")
    threshold_raw = str(options.get("prepare_threshold", "5")).strip().lower()
    threshold: int | None
    if threshold_raw in {"none", "off"}:
        threshold = None
    else:
        try:
            threshold = int(threshold_raw)
        except ValueError:
            raise ImproperlyConfigured(
                f"DATABASE_URL {url!r}: prepare_threshold must be a whole number or none"
            ) from None
        if threshold < 0:
            raise ImproperlyConfigured(f"DATABASE_URL {url!r}: prepare_threshold must be 0 or more, or none")
    return {"server_side_binding": binding in _TRUE, "prepare_threshold": threshold if binding in _TRUE else None}


def sqlite_database(path: str) -> dict[str, Any]:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            # WAL lets the web process read while the worker writes; IMMEDIATE avoids
            # "database is locked" upgrades in the middle of a write transaction.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        },
    }


def parse_email_url(url: str) -> dict[str, Any]:
    """``smtp://user:pw@host:port`` (plain), ``smtp+tls://`` (STARTTLS) or ``smtps://`` (implicit TLS)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in {"smtp", "smtp+tls", "smtps"}:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme {scheme!r} is not supported; use smtp://, smtp+tls:// or smtps://"
        )
    if not parts.hostname:
        raise ImproperlyConfigured(f"EMAIL_URL {url!r} names no host")
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"EMAIL_URL {url!r} has a malformed port") from None
    return {
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or (465 if scheme == "smtps" else 587 if scheme == "smtp+tls" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": scheme == "smtp+tls",
        "EMAIL_USE_SSL": scheme == "smtps",
    }


_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def check_sms_settings(*, base_url: str, account_sid: str, auth_token: str, sender: str) -> None:
    """SMS is off when ``SMS_API_BASE_URL`` is empty; once it is set, everything else it needs must be.

    The provider is reached over HTTPS (plain HTTP only for a provider on this machine, as in tests).
    """
    if not base_url:
        return
    parts = urlsplit(base_url)
    if not parts.hostname or parts.scheme not in {"https", "http"}:
        raise ImproperlyConfigured(f"SMS_API_BASE_URL={base_url!r} must be an https:// address")
    if parts.scheme == "http" and parts.hostname not in _LOOPBACK:
        raise ImproperlyConfigured(
            f"SMS_API_BASE_URL={base_url!r} must use https:// (http:// only for a provider on this machine)"
        )
    missing = [
        name
        for name, value in (("SMS_ACCOUNT_SID", account_sid), ("SMS_AUTH_TOKEN", auth_token), ("SMS_FROM", sender))
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(f"SMS_API_BASE_URL is set, so {', '.join(missing)} must be set too")
