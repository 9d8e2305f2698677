"""Production settings, checked in a fresh interpreter with a clean environment."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The variables settings read; the tests start from none of them.
SETTINGS_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "DATABASE_CONNECT_TIMEOUT",
    "REDIS_URL",
    "ALLOWED_HOSTS",
    "ACCOUNT_EMAIL_VERIFICATION",
    "SECURE_SSL_REDIRECT",
    "EMAIL_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def run_django(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    clean.update(env, DJANGO_SETTINGS_MODULE="kms.settings")
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-for-the-test-0123456789",
    "ALLOWED_HOSTS": "kms.example.org",
}


def test_production_without_secret_key_fails_fast_with_a_clear_message():
    result = run_django("manage.py", "check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_passes_check_deploy_at_warning_level():
    # check --deploy does not connect to Redis: nothing needs to listen there.
    result = run_django(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        REDIS_URL="redis://127.0.0.1:6399/0",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_production_without_redis_fails_check_deploy_with_a_warning():
    result = run_django(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION
    )
    assert result.returncode != 0
    assert "(kms.W001) REDIS_URL is not set while DEBUG is off." in result.stderr
    assert "tasks run inline in the web processes" in result.stderr
    # Only under --deploy: a plain check (run by every management command)
    # stays quiet.
    plain = run_django("manage.py", "check", "--fail-level", "WARNING", **PRODUCTION)
    assert plain.returncode == 0, plain.stderr


def test_production_settings_harden_the_site():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.ACCOUNT_EMAIL_VERIFICATION, s.SESSION_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
        " s.STORAGES['staticfiles']['BACKEND'],"
        " s.DATABASES['default']['CONN_MAX_AGE'],"
        " s.DATABASES['default']['CONN_HEALTH_CHECKS'],"
        " s.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src'])"
    )
    result = run_django("-c", code, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "mandatory",
        "True",
        "True",
        "31536000",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "60",
        "True",
        "[\"'self'\"]",
    ]


def test_embedded_defaults_need_nothing_but_python():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER,"
        " s.CACHES['default']['BACKEND'].rsplit('.', 1)[-1], s.EMAIL_BACKEND)"
    )
    result = run_django("-c", code, DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "LocMemCache",
        "django.core.mail.backends.console.EmailBackend",
    ]


def test_redis_url_switches_cache_and_broker_to_redis():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.CACHES['default']['BACKEND'],"
        " s.CACHES['default']['OPTIONS']['IGNORE_EXCEPTIONS'],"
        " s.CELERY_BROKER_URL, s.CELERY_TASK_ALWAYS_EAGER)"
    )
    result = run_django("-c", code, DEBUG="true", REDIS_URL="redis://127.0.0.1:6379/3")
    assert result.stdout.split() == [
        "kms.core.cache.RedisCache",
        "True",
        "redis://127.0.0.1:6379/3",
        "False",
    ]


CONNECT_TIMEOUT = (
    "from kms import settings as s;"
    "print(s.DATABASES['default'].get('OPTIONS', {}).get('connect_timeout'))"
)
POSTGRES_URL = "postgres://kms@db.example.org:5432/kms"


def test_postgres_connections_time_out_after_database_connect_timeout():
    default = run_django("-c", CONNECT_TIMEOUT, DEBUG="true", DATABASE_URL=POSTGRES_URL)
    assert default.stdout.split() == ["5"], default.stderr
    chosen = run_django(
        "-c",
        CONNECT_TIMEOUT,
        DEBUG="true",
        DATABASE_URL=POSTGRES_URL,
        DATABASE_CONNECT_TIMEOUT="2",
    )
    assert chosen.stdout.split() == ["2"], chosen.stderr


def test_sqlite_has_no_connect_timeout():
    result = run_django("-c", CONNECT_TIMEOUT, DEBUG="true")
    assert result.stdout.split() == ["None"], result.stderr


def test_a_postgres_server_that_never_answers_fails_the_connection():
    code = (
        "import django; django.setup(); from django.db import connection\n"
        "try:\n"
        "    connection.ensure_connection()\n"
        "except Exception as error:\n"
        "    print(type(error).__name__)\n"
    )
    with socket.socket() as server:  # accepts connections, never answers
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        started = time.monotonic()
        result = run_django(
            "-c",
            code,
            DEBUG="true",
            DATABASE_URL=f"postgres://kms@127.0.0.1:{port}/kms",
            DATABASE_CONNECT_TIMEOUT="1",
        )
        elapsed = time.monotonic() - started
    assert result.stdout.split() == ["OperationalError"], result.stderr
    assert elapsed < 30  # without the timeout libpq waits for ever


def test_production_serves_hashed_static_files_and_security_headers(tmp_path):
    env = {**PRODUCTION, "STATIC_ROOT": str(tmp_path / "static")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    collected = run_django("manage.py", "collectstatic", "--no-input", "-v0", **env)
    assert collected.returncode == 0, collected.stderr
    code = (
        "import django; django.setup()\n"
        "from django.templatetags.static import static\n"
        "from django.test import Client\n"
        "c = Client(HTTP_HOST='kms.example.org')\n"
        "css = c.get(static('css/kms.css'), secure=True)\n"
        "print(static('css/kms.css'), css.status_code, css['Cache-Control'])\n"
        "plain = c.get('/healthz')\n"
        "print(plain.status_code, c.get('/nope/').status_code)\n"
        "page = c.get('/healthz', secure=True)\n"
        "print(page['Strict-Transport-Security'])\n"
        "print(page['Content-Security-Policy'])\n"
    )
    result = run_django("-c", code, **env)
    assert result.returncode == 0, result.stderr
    static_line, redirects, hsts, csp = result.stdout.splitlines()
    url, status, cache_control = static_line.split(" ", 2)
    assert url.startswith("/static/css/kms.")
    assert url != "/static/css/kms.css"  # hashed by the manifest storage
    assert (status, cache_control) == ("200", "max-age=315360000, public, immutable")
    # /healthz answers plain http (load balancers); everything else goes https.
    assert redirects == "200 301"
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_migrations_can_be_checked_without_a_secret_key():
    result = run_django("manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
