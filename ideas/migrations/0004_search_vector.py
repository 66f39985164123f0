import django.contrib.postgres.search
from django.db import migrations


def index_and_fill(apps, schema_editor):
    """PostgreSQL only: a GIN index on the stored vector, and the vectors of existing ideas
    (the same expression as ideas.search.search_document)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS idea_search_vector_gin ON ideas_idea USING gin (search_vector)"
    )
    schema_editor.execute(
        "UPDATE ideas_idea SET search_vector = "
        "setweight(to_tsvector('french'::regconfig, COALESCE(unaccent(title), '')), 'A') || "
        "setweight(to_tsvector('french'::regconfig, COALESCE(unaccent(body), '')), 'B') || "
        "setweight(to_tsvector('english'::regconfig, COALESCE(unaccent(title), '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, COALESCE(unaccent(body), '')), 'B')"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS idea_search_vector_gin")


class Migration(migrations.Migration):
    dependencies = [("ideas", "0003_unaccent")]

    operations = [
        migrations.AddField(
            model_name="idea",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(index_and_fill, drop_index),
    ]
