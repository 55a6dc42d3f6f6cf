"""The dossier world of the dossier tests, reused for the portal pages."""

from motcua.dossiers.tests.conftest import dw  # noqa: F401
