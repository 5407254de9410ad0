from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from alongside.envconf import env_bool, env_int, parse_database_url, parse_email_url

ROOT = Path(__file__).resolve().parents[3]
PROD_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "production-secret-key-with-enough-entropy-0123456789",
    "ALLOWED_HOSTS": "alongside.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://alongside.example.org",
    "FIELD_ENCRYPTION_KEYS": "M2JmZTFlYzY3YjQxNGRhZjk4NjIzMzA1ZGJlNWE5ZDA=",
    "EMAIL_URL": "smtp+tls://mailer:pw@smtp.example.org:587",
    "SITE_URL": "https://alongside.example.org",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG", "SECRET_KEY", "DATABASE_URL"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_database_urls_are_parsed_with_health_checks() -> None:
    db = parse_database_url("postgres://postgres:s%40cret@127.0.0.1:5432/test")
    assert (db["ENGINE"], db["NAME"], db["PASSWORD"], db["PORT"]) == (
        "django.db.backends.postgresql",
        "test",
        "s@cret",
        "5432",
    )
    assert db["CONN_HEALTH_CHECKS"] is True
    assert parse_database_url("sqlite:///var/app.db")["NAME"] == "var/app.db"


def test_postgres_statements_are_bound_on_the_server_and_prepared_when_repeated() -> None:
    options = parse_database_url("postgres://postgres@127.0.0.1:5432/test?sslmode=require")["OPTIONS"]
    assert options == {"sslmode": "require", "server_side_binding": True, "prepare_threshold": 5}
    # Behind a pooler in transaction mode: no prepared statements, still server-side binding.
    assert parse_database_url("postgres://h/db?prepare_threshold=none")["OPTIONS"]["prepare_threshold"] is None
    assert parse_database_url("postgres://h/db?prepare_threshold=0")["OPTIONS"]["prepare_threshold"] == 0
    # Django's default client-side binding, where nothing is prepared.
    plain = parse_database_url("postgres://h/db?server_side_binding=false&prepare_threshold=3")["OPTIONS"]
    assert (plain["server_side_binding"], plain["prepare_threshold"]) == (False, None)


@pytest.mark.parametrize("query", ["server_side_binding=maybe", "prepare_threshold=often", "prepare_threshold=-1"])
def test_bad_statement_options_fail_at_start(query: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=query.split("=")[0]):
        parse_database_url(f"postgres://h/db?{query}")


@pytest.mark.parametrize("url", ["mysql://x/y", "postgres://host:notaport/db", "postgres://host/", "sqlite://"])
def test_malformed_database_urls_fail_at_start(url: str) -> None:
    with pytest.raises(ImproperlyConfigured):
        parse_database_url(url)


def test_email_urls_are_parsed() -> None:
    assert parse_email_url("smtps://u:p@mail.example.org")["EMAIL_PORT"] == 465
    assert parse_email_url("smtp+tls://mail.example.org")["EMAIL_USE_TLS"] is True
    with pytest.raises(ImproperlyConfigured):
        parse_email_url("http://mail.example.org")


def test_malformed_numbers_and_booleans_fail_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_BOOL", "maybe")
    monkeypatch.setenv("X_INT", "ten")
    with pytest.raises(ImproperlyConfigured, match="X_BOOL"):
        env_bool("X_BOOL", False)
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        env_int("X_INT", 1)


def test_secrets_can_come_from_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from alongside.envconf import env_str

    secret = tmp_path / "key"
    secret.write_text("from-a-file\n")
    monkeypatch.delenv("MY_SECRET", raising=False)
    monkeypatch.setenv("MY_SECRET_FILE", str(secret))
    assert env_str("MY_SECRET") == "from-a-file"


def test_production_settings_refuse_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in PROD_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_refuse_a_malformed_encryption_key() -> None:
    result = run_manage("check", env={**PROD_ENV, "FIELD_ENCRYPTION_KEYS": "not-a-key"})
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS" in result.stderr


def test_the_deploy_check_reports_nothing_with_production_settings() -> None:
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
