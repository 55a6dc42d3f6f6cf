"""PostgreSQL: a stored, GIN-indexed full-text document of each procedure (see search_index.PG_DOCUMENT).
Nothing on other databases."""

from django.db import migrations


def forwards(apps, schema_editor):
    from motcua.procedures import search_index

    search_index.create_document(schema_editor.connection)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from motcua.procedures import search_index

        with schema_editor.connection.cursor() as cursor:
            for sql in search_index.PG_DOCUMENT_DROP:
                cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("procedures", "0002_search_index")]

    operations = [migrations.RunPython(forwards, backwards)]
