"""The seeded lexicon's later entries (ideas/data/lexicon.txt): seeding again adds and updates
the concepts it names, leaving those added in the admin alone."""

import importlib

from django.db import migrations

seed = importlib.import_module("ideas.migrations.0014_seed_lexicon").seed


class Migration(migrations.Migration):
    dependencies = [("ideas", "0014_seed_lexicon")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
