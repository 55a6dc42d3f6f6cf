import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder


def test_it_answers_healthz_without_touching_the_database(client):
    # No django_db mark: any database access here would raise.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ok_when_database_is_migrated(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content


@pytest.mark.django_db(transaction=True)
def test_readyz_reports_unapplied_migrations(client):
    recorder = MigrationRecorder(connection)
    last = recorder.migration_qs.filter(app="accounts").order_by("-id").first()
    last.delete()
    try:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["reason"] == "migrations"
    finally:
        recorder.record_applied(last.app, last.name)


@pytest.mark.django_db
def test_the_api_docs_are_served_without_a_cdn(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn." not in html and "unpkg" not in html


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
