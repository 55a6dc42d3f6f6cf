"""Production settings refuse what would be unsafe or ambiguous."""

import os
import subprocess
import sys

import pytest

from motcua import conf
from motcua.conf import ImproperEnv, env


@pytest.fixture(autouse=True)
def _private_registry(monkeypatch):
    """Variables read here must not leak into the generated configuration doc."""
    monkeypatch.setattr(conf, "REGISTRY", {})


def _start(**extra_env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "MOTCUA_DEMO"}}
    clean.update(extra_env, DJANGO_SETTINGS_MODULE="motcua.settings")
    code = "import django; django.setup(); print('started')"
    return subprocess.run([sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=60)


def test_production_refuses_to_start_without_a_secret_key():
    result = _start()
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_starts_with_a_secret_key():
    result = _start(SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_a_boolean_variable_with_a_typo_is_an_error(monkeypatch):
    monkeypatch.setenv("MOTCUA_TEST_FLAG", "ture")
    with pytest.raises(ImproperEnv):
        env("MOTCUA_TEST_FLAG", False, cast=bool, help="test")


def test_a_secret_can_be_read_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.delenv("MOTCUA_TEST_SECRET", raising=False)
    monkeypatch.setenv("MOTCUA_TEST_SECRET_FILE", str(secret))
    assert env("MOTCUA_TEST_SECRET", None, help="test") == "s3cret"
