"""Search objects per database: FTS5 table + triggers on SQLite, pg_trgm + trigram indexes on PostgreSQL.

Guarded by vendor, so the same migration runs on both (and does nothing elsewhere). See search_index.py.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from motcua.procedures import search_index

    search_index.create(schema_editor.connection)
    search_index.rebuild_search_index(schema_editor.connection)


def backwards(apps, schema_editor):
    from motcua.procedures import search_index

    search_index.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
