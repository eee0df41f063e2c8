"""Health check, settings safety and the demo data, run as separate processes where it matters."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "UPWARD_DEMO", "UPWARD_TESTING", "DATABASE_URL"}
    }
    clean.update(env, PYTHONPATH=str(ROOT / "src"), DJANGO_SETTINGS_MODULE="upward.settings")
    return subprocess.run(
        [sys.executable, "-c", code],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = run_python("import django; django.setup()")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_pass_the_deployment_checklist(tmp_path) -> None:
    result = run_python(
        "import django, sys; django.setup();"
        "from django.core.management import call_command;"
        "call_command('check', '--deploy', '--fail-level', 'WARNING')",
        SECRET_KEY="x" * 60 + "-not-a-real-key-but-long-and-random-enough-5$Kq",
        ALLOWED_HOSTS="upward.example.com",
        UPWARD_VAR_DIR=str(tmp_path),
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
    )
    assert result.returncode == 0, result.stderr


def test_the_deployment_check_asks_for_field_encryption_keys(tmp_path) -> None:
    result = run_python(
        "import django, sys; django.setup();"
        "from django.core.management import call_command;"
        "call_command('check', '--deploy', '--fail-level', 'WARNING')",
        SECRET_KEY="x" * 60 + "-not-a-real-key-but-long-and-random-enough-5$Kq",
        ALLOWED_HOSTS="upward.example.com",
        UPWARD_VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "upward.W001" in result.stderr


@pytest.mark.django_db
def test_healthz_answers_ok_with_a_database(client) -> None:
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable() -> None:
    # A real PostgreSQL URL on a port where nothing listens.
    result = run_python(
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))",
        DEBUG="1",
        DATABASE_URL="postgres://nobody@127.0.0.1:9/none",
        ALLOWED_HOSTS="testserver",
    )
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer == {"status": 503, "body": {"status": "unavailable", "database": "unreachable"}}


def test_a_lost_database_is_a_clean_503_and_the_next_request_recovers(tmp_path) -> None:
    # A real failure: the SQLite file's folder does not exist yet. Then it does, migrated.
    database = tmp_path / "later" / "upward.sqlite3"
    result = run_python(
        "import django, json, os; django.setup();"
        "from django.core.management import call_command;"
        "from django.test import Client;"
        "c = Client(raise_request_exception=False); c.cookies['sessionid'] = 'x' * 32;"
        "down, api = c.get('/me/'), c.get('/api/v1/programs/', HTTP_AUTHORIZATION='Bearer upw_x');"
        f"os.makedirs({str(database.parent)!r});"
        "call_command('migrate', verbosity=0);"
        "up = c.get('/me/');"
        "print(json.dumps({'down': down.status_code, 'retry': down.get('Retry-After'),"
        " 'page': down.content.decode(), 'api': api.status_code, 'api_body': api.json(),"
        " 'up': up.status_code}))",
        SECRET_KEY="x" * 60 + "-not-a-real-key-but-long-and-random-enough-5$Kq",
        ALLOWED_HOSTS="testserver",
        SECURE="0",
        SQLITE_PATH=str(database),
        UPWARD_VAR_DIR=str(tmp_path),
        LOG_LEVEL="CRITICAL",
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert (outcome["down"], outcome["retry"]) == (503, "30")
    assert "cannot reach its database" in outcome["page"] and "Traceback" not in outcome["page"]
    assert outcome["api"] == 503 and "database" in outcome["api_body"]["detail"]
    assert outcome["up"] == 302  # back: the session is unknown, so to the sign-in page


def test_the_demo_links_point_at_the_port_it_serves_on() -> None:
    """`make demo PORT=8123`: the emails' and calendar files' links open that server."""
    dry_run = subprocess.run(
        ["make", "--dry-run", "--always-make", "serve", "PORT=8123"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    servers = [line for line in dry_run.stdout.splitlines() if "runserver" in line]
    assert servers and "SITE_URL=http://127.0.0.1:8123" in servers[0]
    assert "127.0.0.1:8123" in servers[0].split("runserver")[1]
