"""Production refuses to start on an unsafe configuration; development needs nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyz"


def check(**env):
    """Run `manage.py check` in a fresh process with only this environment."""
    environment = {"PATH": os.environ["PATH"], "DATABASE_URL": "sqlite:///:memory:", **env}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "api.example.com"}, "SECRET_KEY"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "api.example.com"}, "SECRET_KEY"),
        ({"SECRET_KEY": "django-insecure-" + GOOD_KEY, "ALLOWED_HOSTS": "a.example"}, "SECRET_KEY"),
        ({"SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "a.example", "DEBUG": "true"}, "DEBUG"),
    ],
)
def test_production_refuses_unsafe_settings(env, message):
    result = check(NEWSAPI_ENV="production", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_with_safe_settings_passes_the_deploy_checks():
    result = check(NEWSAPI_ENV="production", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="api.example.com")
    assert result.returncode == 0, result.stderr + result.stdout


def test_unknown_environment_name_is_refused():
    assert check(NEWSAPI_ENV="staging").returncode != 0
