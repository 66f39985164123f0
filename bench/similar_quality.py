"""How well the similar-ideas suggestions recognise an idea written differently (not part of
the suite, which checks a floor on the tuning part: tests/ideas/test_similar_quality.py).

    .venv/bin/python bench/similar_quality.py --database sqlite [--part tuning|test|both]
    SIMILAR_BENCH_PG_URL=postgres://... .venv/bin/python bench/similar_quality.py --database pg

Builds a scratch database (as bench/similar.py) with the originals and the unrelated ideas
of tests/data/similar_ideas/pairs.json, published, then asks ideas.similar.similar_ideas
(what the idea form's endpoint calls) with each paraphrase's title and description, and
prints how often the original comes first and among the first five, on the part asked
(tuning by default: the test part is measured once a method is chosen, never tuned on).
`--lexicon none` measures the words alone, without the bilingual lexicon.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "data" / "similar_ideas" / "pairs.json"


def kind(pair) -> str:
    original, paraphrase = pair["original"]["lang"], pair["paraphrase"]["lang"]
    return original if original == paraphrase else "fr<->en"


def load(author):
    """The originals and the unrelated ideas, published; returns the originals by pair id."""
    from django.utils import timezone

    from ideas.models import Idea, Stage, Theme

    data = json.loads(DATA.read_text(encoding="utf-8"))
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    now = timezone.now()

    def idea(entry, theme):
        return Idea(title=entry["title"], body=entry["body"], theme=themes[theme], author=author,
                    stage=Stage.PUBLISHED, published_at=now, submitted_at=now, stage_changed_at=now)

    originals = Idea.objects.bulk_create([idea(pair["original"], pair["theme"]) for pair in data["pairs"]])
    Idea.objects.bulk_create([idea(entry, entry["theme"]) for entry in data["unrelated"]])
    return data, {pair["id"]: original.pk for pair, original in zip(data["pairs"], originals)}


def measure(pairs, originals, viewer, *, title_only=False, strict=False) -> dict:
    """{group: (pairs, first, in top 5)} for groups: all, fr, en, fr<->en, no shared word."""
    from ideas.similar import similar_ideas

    results, misses = {}, []
    for pair in pairs:
        found = [idea.pk for idea in similar_ideas(pair["paraphrase"]["title"],
                                                   "" if title_only else pair["paraphrase"]["body"], viewer=viewer)]
        # The same idea posted in the other language is a right answer too, unless `strict`.
        wanted = {originals[pair["id"]]} | ({originals[twin] for twin in pair.get("same_idea_as", [])}
                                             if not strict else set())
        first, top5 = bool(found) and found[0] in wanted, bool(wanted & set(found))
        groups = ["all", kind(pair)] + ([] if pair["shares_a_content_word"] else ["no shared word"])
        for group in groups:
            count, firsts, tops = results.get(group, (0, 0, 0))
            results[group] = (count + 1, firsts + first, tops + top5)
        if not top5:
            misses.append(pair["id"])
    return results, misses


def report(name, results) -> None:
    for group in ("all", "fr", "en", "fr<->en", "no shared word"):
        count, first, top5 = results.get(group, (0, 0, 0))
        if count:
            print(f"  {name:7} {group:15} n={count:3}  first {first / count:6.1%}  top 5 {top5 / count:6.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "pg"], default="sqlite")
    parser.add_argument("--part", choices=["tuning", "test", "both"], default="tuning")
    parser.add_argument("--lexicon", choices=["seeded", "none"], default="seeded")
    parser.add_argument("--title-only", action="store_true")
    parser.add_argument("--strict", action="store_true", help="only the pair's own original is right")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="try another value of a weight of ideas.similar (e.g. CONCEPT_WEIGHT=2)")
    parser.add_argument("--misses", action="store_true", help="list the tuning part's misses")
    args = parser.parse_args()
    from similar import setup  # bench/similar.py: the scratch database

    setup(args.database, name="multitude-bench-similar-quality")
    from django.db import connection

    from accounts.models import User
    from ideas.models import Concept
    from ideas import similar
    from ideas.similar import idea_terms_rebuild

    for assignment in args.set:
        name, _sep, value = assignment.partition("=")
        setattr(similar, name, float(value))

    if args.lexicon == "none":
        Concept.objects.all().delete()
    author = User.objects.create_user(email="quality.author@multitude.example", password="x", first_name="A")
    viewer = User.objects.create_user(email="quality.viewer@multitude.example", password="x", first_name="V")
    data, originals = load(author)
    idea_terms_rebuild()
    print(f"{connection.vendor}, lexicon {args.lexicon}{', title only' if args.title_only else ''}"
          f"{', own original only' if args.strict else ''}:")
    for part in (["tuning", "test"] if args.part == "both" else [args.part]):
        pairs = [pair for pair in data["pairs"] if pair["part"] == part]
        results, misses = measure(pairs, originals, viewer, title_only=args.title_only, strict=args.strict)
        report(part, results)
        if args.misses and part == "tuning":
            by_id = {pair["id"]: pair for pair in pairs}
            for pair_id in misses:
                print(f"    missed {pair_id}: {by_id[pair_id]['paraphrase']['title']!r} -> "
                      f"{by_id[pair_id]['original']['title']!r}")


if __name__ == "__main__":
    main()
