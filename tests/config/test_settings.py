"""Settings come from the environment. Each case starts a fresh interpreter, because settings
are read once at start-up."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3y-" + "x7Qp9LmZ2vR8tW4yB6nD1sF5gH0jK3" * 2

REPORT = """
import json, django
from django.conf import settings
django.setup()
from config.celery import app
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "options": db.get("OPTIONS", {}),
    "eager": app.conf.task_always_eager, "broker": app.conf.broker_url,
    "email": settings.EMAIL_BACKEND, "debug": settings.DEBUG,
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "hsts": settings.SECURE_HSTS_SECONDS,
}))
"""


def run(code_or_args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "DJANGO_ENV",
            "SECRET_KEY",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    clean.update(env)
    args = (
        [sys.executable, "-c", code_or_args]
        if isinstance(code_or_args, str)
        else [sys.executable, *code_or_args]
    )
    return subprocess.run(args, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)


def report(**env):
    result = run(REPORT, DJANGO_SETTINGS_MODULE="config.settings", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_with_nothing_set_it_runs_on_the_embedded_default():
    settings = report()

    assert settings["engine"] == "django.db.backends.sqlite3"
    assert settings["name"] == str(ROOT / "db.sqlite3")
    assert settings["options"]["transaction_mode"] == "IMMEDIATE"
    assert settings["eager"] is True
    assert settings["email"] == "django.core.mail.backends.console.EmailBackend"
    assert settings["debug"] is True


def test_with_database_and_redis_urls_it_uses_postgres_and_a_real_worker():
    settings = report(
        DATABASE_URL="postgres://portal:pw@db.internal:5432/portal",
        REDIS_URL="redis://cache.internal:6379/0",
    )

    assert settings["engine"] == "django.db.backends.postgresql"
    assert settings["name"] == "portal"
    assert settings["eager"] is False
    assert settings["broker"] == "redis://cache.internal:6379/0"


def test_production_turns_debug_off_and_cookies_secure():
    settings = report(
        DJANGO_ENV="production", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="portal.example"
    )

    assert settings["debug"] is False
    assert settings["session_cookie_secure"] is True
    assert settings["csrf_cookie_secure"] is True
    assert settings["hsts"] >= 31536000
    assert settings["email"] == "django.core.mail.backends.smtp.EmailBackend"


def test_production_passes_the_deployment_checks_with_no_warnings():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="portal.example",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_ENV": "production", "ALLOWED_HOSTS": "portal.example"}, "SECRET_KEY must be set"),
        ({"DJANGO_ENV": "production", "SECRET_KEY": STRONG_KEY}, "ALLOWED_HOSTS must name"),
        ({"DJANGO_ENV": "staging"}, "DJANGO_ENV must be development or production"),
        ({"DEBUG": "maybe"}, "DEBUG must be true or false, not 'maybe'"),
        ({"EMAIL_PORT": "twenty-five"}, "EMAIL_PORT must be a whole number"),
        ({"RATE_LIMIT_PUBLIC_FORMS": "10 an hour"}, "RATE_LIMIT_PUBLIC_FORMS must be like 10/h"),
        (
            {
                "DJANGO_ENV": "production",
                "SECRET_KEY": STRONG_KEY,
                "ALLOWED_HOSTS": "x",
                "DEBUG": "true",
            },
            "DEBUG cannot be on",
        ),
    ],
)
def test_a_bad_or_missing_value_stops_start_up_with_a_clear_message(env, message):
    result = run(["manage.py", "check"], **env)

    assert result.returncode != 0
    assert message in result.stderr
