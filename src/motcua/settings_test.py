"""Settings for the test suite: the production settings with a throwaway key and inline tasks."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("TASK_BACKEND", "immediate")

from motcua.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast user creation in tests
