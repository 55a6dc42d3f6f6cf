from motcua.dossiers.tests.conftest import dw  # noqa: F401 — the dossier world, for the desk's pages
