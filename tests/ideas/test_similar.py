"""Similar ideas while typing: the measure on a committed set of duplicates, what the
suggestions may show, the JSON endpoint, the idea form and the moderation queue."""

import json
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from ideas.models import Idea, Stage, Theme
from ideas.search import refresh_search_vectors
from ideas.similar import similar_ideas, stem, words
from tests.factories import IdeaFactory, UserFactory

DATA = json.loads((Path(__file__).parent / "data" / "similar_pairs.json").read_text(encoding="utf-8"))
REQUIRED_HIT_RATE = 0.8


def _load_measure_set(author) -> dict[int, Idea]:
    """Every original and distractor as a published idea (bulk: this is data, not a
    journey); the paraphrases are what authors type. Returns the originals by pair."""
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    now = timezone.now()

    def idea(entry):
        return Idea(title=entry["title"], body=entry["body"], theme=themes[entry["theme"]], author=author,
                    stage=Stage.PUBLISHED, published_at=now, submitted_at=now, stage_changed_at=now)

    originals = Idea.objects.bulk_create([idea({**pair["original"], "theme": pair["theme"]}) for pair in DATA["pairs"]])
    Idea.objects.bulk_create([idea(entry) for entry in DATA["distractors"]])
    refresh_search_vectors()
    return dict(enumerate(originals))


def test_the_measure_set_is_large_enough_and_bilingual():
    pairs = DATA["pairs"]
    assert len(pairs) >= 60
    assert {pair["lang"] for pair in pairs} == {"fr", "en"}
    assert min(sum(p["lang"] == lang for p in pairs) for lang in ("fr", "en")) >= 30
    assert len(DATA["distractors"]) >= 300
    # A paraphrase is not its original with a word changed.
    assert all(pair["paraphrase"]["title"] != pair["original"]["title"] for pair in pairs)


@pytest.mark.django_db
def test_the_original_is_among_the_first_five_for_at_least_80_percent_of_paraphrases(capsys):
    author = UserFactory()
    viewer = UserFactory()
    originals = _load_measure_set(author)
    hits, misses = 0, []
    for index, pair in enumerate(DATA["pairs"]):
        found = similar_ideas(pair["paraphrase"]["title"], pair["paraphrase"]["body"], viewer=viewer)
        if originals[index].pk in [idea.pk for idea in found]:
            hits += 1
        else:
            misses.append(pair["paraphrase"]["title"])
    rate = hits / len(DATA["pairs"])
    with capsys.disabled():
        print(f"\nsimilar ideas on {connection.vendor}: {hits}/{len(DATA['pairs'])} paraphrases find their "
              f"original in the top 5 ({rate:.0%}) among {Idea.objects.count()} ideas; missed: {misses}")
    assert rate >= REQUIRED_HIT_RATE, misses


@pytest.mark.django_db
def test_the_title_alone_finds_the_original_for_most_paraphrases(capsys):
    """As the author types: the title comes first, the description later."""
    originals = _load_measure_set(UserFactory())
    viewer = UserFactory()
    hits = sum(
        originals[index].pk in [idea.pk for idea in similar_ideas(pair["paraphrase"]["title"], viewer=viewer)]
        for index, pair in enumerate(DATA["pairs"])
    )
    with capsys.disabled():
        print(f"\nsimilar ideas on {connection.vendor}, title only: {hits}/{len(DATA['pairs'])}")
    assert hits / len(DATA["pairs"]) >= 0.6
