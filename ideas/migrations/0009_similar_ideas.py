from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# unaccent() is not immutable (its dictionary may change), so it cannot be indexed as is;
# this wrapper names the dictionary and promises PostgreSQL the result depends on the text
# alone, so the trigram index on unaccented titles can be built and used.
CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION ideas_unaccent(text) RETURNS text
AS $$ SELECT unaccent('unaccent'::regdictionary, lower($1)) $$
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
"""


def create_index(apps, schema_editor):
    """PostgreSQL only: the similar-ideas suggestions (ideas.similar) compare titles by
    trigrams on this index. Does nothing on SQLite."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION)
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS idea_title_trigram_gin ON ideas_idea USING gin (ideas_unaccent(title) gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS idea_title_trigram_gin")
    schema_editor.execute("DROP FUNCTION IF EXISTS ideas_unaccent(text)")


class Migration(migrations.Migration):
    """pg_trgm and a trigram index on titles, for the similar-ideas suggestions."""

    dependencies = [("ideas", "0008_challenges_and_name_hiding")]
    operations = [TrigramExtension(), migrations.RunPython(create_index, drop_index)]
