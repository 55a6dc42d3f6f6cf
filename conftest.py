"""Fixtures for every app's tests."""

import pytest


@pytest.fixture(autouse=True)
def _fresh_agency_tree():
    """The agency tree is cached per process; tests create and roll back agencies, so start each clean."""
    from motcua.accounts.permissions import clear_agency_tree

    clear_agency_tree()
    yield
    clear_agency_tree()
