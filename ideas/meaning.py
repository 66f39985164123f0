"""What an idea's text is about, as terms that the similar-ideas engine (ideas.similar)
compares: its significant words, folded and lightly stemmed, plus the concepts of the
bilingual lexicon (the `Concept` table, editable in the admin) that its words and phrases
name. "Mentor" and "parrainage", "nap room" and "salle de sieste" share a concept, so ideas
written with different words, or in the other language, still meet.

Concept terms start with "~"; word terms are the stems themselves.
"""

import hashlib
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

STOP_WORDS = frozenset("""
a au aux avec ce ces cela celle celles celui ceux chaque comme dans de des du elle elles en
entre est et etre eux il ils je la le les leur leurs lui mais meme mes moi mon ne nos notre
nous on ou par pas peu plus pour qu que qui sa sans se ses si son sont sous sur ta te tes toi
ton tous tout toute toutes tres tu un une vos votre vous y ete etait sera serait seraient
faire fait ferait feraient permettrait permettraient aurait pourrait cette afin ainsi alors
aussi autre autres avant apres bien car deja donc dont encore enfin ici jamais la lors moins
parce parfois plusieurs souvent trop puis quand quelques selon tant tel telle toujours
a about above after again all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers him his how i if in into is it its itself just me more
most my no nor not now of off on once only or other our ours out over own same she should
so some such than that the their theirs them then there these they this those through to
too under until up very was we were what when where which while who whom why will with
would you your yours instead every many much one would make made new use using get
d l qu s n c j m t
""".split())

WORD = re.compile(r"[a-z0-9]+")
# Light stemming shared by French and English: the longest matching ending goes (twice), as
# long as four letters remain; then words are cut to their first seven letters.
SUFFIXES = sorted("""
ations ation ements ement ments ment euses euse eurs eur ites ite iques ique ives ive ifs if
ables able ibles ible ances ance ences ence ismes isme istes iste ages age ees ee es er ez
ait aient ant ants ante antes ions ing ings ed ly ness s x e
""".split(), key=len, reverse=True)
STEM_LENGTH = 7
CONCEPT = "~"

LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "’": "'"})


def fold(text: str) -> str:
    """Lower case without accents: "Cœur d'Été" → "coeur d'ete" (as PostgreSQL's unaccent)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").lower().translate(LIGATURES))
    return decomposed.encode("ascii", "ignore").decode("ascii")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    # Twice, so that a plural and its singular meet ("printers", "printer" → "print").
    for _round in range(2):
        for suffix in SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
    return word[:STEM_LENGTH]


def tokens(text: str) -> list[str]:
    """Every folded word of `text`, in order (stop words too: phrases span them)."""
    return WORD.findall(fold(text))


def significant(word: str) -> bool:
    return len(word) > 2 and word not in STOP_WORDS and not word.isdigit()


def words(text: str) -> list[str]:
    """The significant words of `text`, folded, in order, each once."""
    return list(dict.fromkeys(word for word in tokens(text) if significant(word)))


def stems(text: str) -> set[str]:
    return {stem(word) for word in words(text)}


# --- The lexicon ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Lexicon:
    """Phrases (tuples of stems) → concept names. `version` names its content, so terms
    computed with another lexicon are known to be stale."""

    phrases: dict
    longest: int
    version: str

    @classmethod
    def from_entries(cls, entries) -> "Lexicon":
        """`entries`: (concept name, its words and phrases separated by commas)."""
        phrases: dict[tuple, set] = {}
        digest = hashlib.sha256()
        for name, listed in sorted(entries):
            digest.update(f"{name}\x00{listed}\x01".encode())
            concept = CONCEPT + "_".join(tokens(name))
            for phrase in listed.replace("\n", ",").split(","):
                if not any(significant(word) for word in tokens(phrase)):
                    continue  # "moins", "less": too common to say what an idea is about
                key = tuple(stem(word) for word in tokens(phrase) if word not in STOP_WORDS or len(word) > 3)
                if key:
                    phrases.setdefault(key, set()).add(concept)
        longest = max((len(key) for key in phrases), default=1)
        return cls(phrases={key: frozenset(names) for key, names in phrases.items()}, longest=longest,
                   version=digest.hexdigest()[:16])

    def concepts(self, stemmed: list[str]) -> set[str]:
        found = set()
        for start in range(len(stemmed)):
            for length in range(1, min(self.longest, len(stemmed) - start) + 1):
                names = self.phrases.get(tuple(stemmed[start:start + length]))
                if names:
                    found |= names
        return found


EMPTY_LEXICON = Lexicon(phrases={}, longest=1, version="empty")


def analyse(text: str, lexicon: Lexicon) -> set[str]:
    """The terms of `text`: stems of its significant words and the concepts it names."""
    # Phrases are matched on the stems of every word but the short stop words ("salle de
    # sieste" → salle, sieste), so that "de" or "the" never break a phrase.
    stemmed = [stem(word) for word in tokens(text) if word not in STOP_WORDS or len(word) > 3]
    found = {stem(word) for word in words(text)}
    return found | lexicon.concepts(stemmed)


def idea_terms(title: str, body: str, lexicon: Lexicon) -> tuple[list[str], list[str]]:
    """(title terms, description terms), sorted: what is stored for an idea."""
    return sorted(analyse(title, lexicon)), sorted(analyse(body, lexicon))


_lexicon_lock = threading.Lock()
_lexicon_cache: dict = {}


def current_lexicon() -> Lexicon:
    """The lexicon of the Concept table, read again only when the table changed (one
    aggregate query a call)."""
    from django.db.models import Count, Max

    from .models import Concept

    signature = tuple(Concept.objects.aggregate(count=Count("pk"), last=Max("updated_at")).values())
    with _lexicon_lock:
        if _lexicon_cache.get("signature") != signature:
            entries = list(Concept.objects.values_list("name", "words"))
            _lexicon_cache.update(signature=signature, lexicon=Lexicon.from_entries(entries))
        return _lexicon_cache["lexicon"]
