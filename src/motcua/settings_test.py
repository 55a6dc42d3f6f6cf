"""Settings for the test suite: the production settings with a throwaway key and inline tasks."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("TASK_BACKEND", "immediate")

from motcua.settings import *  # noqa: F403

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="motcua-test-media-"))  # uploads of the tests, thrown away
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast user creation in tests

INSTALLED_APPS = [*INSTALLED_APPS, "motcua.core.tests.testapp"]  # noqa: F405

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not shared-cache memory: concurrent tests need SQLite's real locking (WAL + busy timeout).
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
    # One file per test process, so that parallel runs in one checkout do not share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
