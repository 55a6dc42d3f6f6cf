"""Fixtures for every app's tests."""

import pytest


@pytest.fixture(autouse=True)
def _fresh_agency_tree():
    """The agency tree and Django's cache are per process; tests create and roll back data, so start each
    clean."""
    from django.core.cache import cache

    from motcua.accounts.permissions import clear_agency_tree

    clear_agency_tree()
    cache.clear()
    yield
    clear_agency_tree()
