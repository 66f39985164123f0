from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """PostgreSQL's unaccent, for accent-insensitive idea search. Does nothing on SQLite."""

    dependencies = [("ideas", "0002_default_themes")]
    operations = [UnaccentExtension()]
