"""The bilingual lexicon's first entries, from ideas/data/lexicon.txt (community managers
extend it in the admin afterwards)."""

from pathlib import Path

from django.db import migrations

LEXICON = Path(__file__).resolve().parent.parent / "data" / "lexicon.txt"


def entries():
    for line in LEXICON.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _sep, listed = line.partition(":")
            yield name.strip(), ", ".join(word.strip() for word in listed.split(",") if word.strip())


def seed(apps, schema_editor):
    Concept = apps.get_model("ideas", "Concept")
    for name, listed in entries():
        Concept.objects.update_or_create(name=name, defaults={"words": listed})


class Migration(migrations.Migration):
    dependencies = [("ideas", "0013_similar_meaning")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
