"""Two challenges in the demo company, built through the services: one open, sponsored by
an executive, with a few answers (one posted without its author's name); one closed and
evaluated, sponsored by a community manager, with a shortlist, winners and a note.

Called by demo.seeding once the company and its ideas exist; it adds nothing when its
challenges are already there (seed_demo stays idempotent). No random draw: the rest of
the demo is the same with or without it."""

from collections import Counter
from datetime import datetime, timedelta

from accounts.models import User
from ideas.models import Challenge, Idea, Theme
from ideas.services import (
    challenge_announce_winners,
    challenge_create,
    challenge_shortlist,
    comment_post,
    idea_create,
    vote_cast,
)
from moderation.scopes import may_moderate
from moderation.services import idea_approve

# (sponsor, title, question, context, theme slugs, opened days ago, closes in days (negative: closed))
OPEN_CHALLENGE = (
    "philippe.lefevre",
    "Moins de papier d'ici l'été",
    "Comment diviser par deux le papier que nous imprimons d'ici le 30 juin ?",
    "Nous imprimons près de **2 millions de pages** par an, dont une bonne part est jetée le jour même.\n\n"
    "- ce qui compte : les économies durables, simples à mettre en œuvre ;\n"
    "- hors sujet : le remplacement du parc d'imprimantes, déjà décidé.",
    ["cost-savings", "workplace"], 12, 18,
)
CLOSED_CHALLENGE = (
    "manon.petit",
    "Mieux accueillir les nouveaux arrivants",
    "Que faudrait-il changer pour qu'un nouvel arrivant soit autonome en deux semaines ?",
    "Un tiers des nouveaux arrivants disent avoir attendu leur matériel ou leurs accès plus d'une semaine.",
    ["workplace", "process-optimisation"], 60, -15,
)
# (challenge index, author, theme slug, title, body, posted without the name)
ANSWERS = [
    (0, "hugo.lemaire", "cost-savings", "Des quotas d'impression par service, affichés chaque mois",
     "Afficher chaque mois le nombre de pages imprimées par service, avec un objectif. "
     "Ce qui se mesure s'améliore.", False),
    (0, "nadia.belkacem", "workplace", "Des écrans dans les salles de réunion plutôt que des supports imprimés",
     "Équiper les salles de réunion d'un écran partagé : plus besoin d'imprimer les supports.", False),
    (0, "pauline.morel", "cost-savings", "Libérer les impressions au badge",
     "Les documents ne sortent qu'au passage du badge : fini les piles oubliées dans le bac.", True),
    (1, "aurelie.robin", "workplace", "Un parrain pour chaque nouvel arrivant",
     "Un collègue volontaire accompagne le nouvel arrivant pendant son premier mois.", False),
    (1, "mathieu.arnaud", "process-optimisation", "Commander le matériel dès la signature du contrat",
     "Les Achats déclenchent la commande du poste et des accès dès la signature, pas le jour de l'arrivée.", False),
    (1, "hugo.lemaire", "workplace", "Un livret d'accueil en ligne, tenu à jour par chaque service",
     "Qui fait quoi, où trouver quoi : une page par service, relue chaque trimestre.", True),
]
COMMENTS = [
    (0, "sophie.mercier", "Bonne idée : on pourrait commencer par les services les plus gros consommateurs."),
    (2, "thomas.lambert", "Les imprimantes actuelles le permettent déjà, il suffit de l'activer."),
    (4, "valerie.gautier", "Les Achats peuvent s'en charger sans budget supplémentaire."),
]
SUPPORTERS = ["julie.picard", "francois.boyer", "lucie.vidal", "chloe.faure", "fatou.diallo", "marine.dumont",
              "samir.bouzid", "camille.fontaine"]
SHORTLIST = [3, 4]
WINNERS = [4]
RESULTS_NOTE = (
    "Merci à toutes et à tous pour vos propositions.\n\n"
    "**La commande du matériel dès la signature** est retenue : les Achats et la DSI la mettent en place dès le mois "
    "prochain. Le parrainage sera testé au second semestre."
)


def _person(key: str) -> User:
    return User.objects.get(email=f"{key}@multitude.example")


def _moderator(idea: Idea) -> User:
    """A correspondent of the idea's theme (or a community manager) allowed to approve it."""
    candidates = User.objects.filter(correspondent_assignments__theme=idea.theme).order_by("pk")
    for user in list(candidates) + list(User.objects.filter(role_assignments__role="community_manager").order_by("pk")):
        if may_moderate(user, idea):
            return user
    raise RuntimeError(f"Nobody may approve {idea.title!r}")


def seed_challenges(*, now: datetime) -> Counter:
    counts = Counter()
    specs = [OPEN_CHALLENGE, CLOSED_CHALLENGE]
    if Challenge.objects.filter(title__in=[spec[1] for spec in specs]).exists():
        return counts
    challenges = []
    for sponsor, title, question, context, themes, opened_days_ago, closes_in_days in specs:
        sponsor = _person(sponsor)
        # Posed while open, so that colleagues can answer; the closed one is closed below.
        closes_at = now + timedelta(days=max(closes_in_days, 1))
        challenges.append(challenge_create(
            by=sponsor, title=title, question=question, context=context,
            themes=list(Theme.objects.filter(slug__in=themes)), opens_at=now - timedelta(days=opened_days_ago),
            closes_at=closes_at,
        ))
        counts["challenges"] += 1
    ideas = []
    for index, author, theme, title, body, hidden in ANSWERS:
        idea = idea_create(by=_person(author), title=title, body=body, theme=Theme.objects.get(slug=theme),
                           challenge=challenges[index], author_name_hidden=hidden, submit=True)
        idea_approve(idea=idea, by=_moderator(idea))
        ideas.append(idea)
        counts["challenge_answers"] += 1
    for n, idea in enumerate(ideas):
        for key in SUPPORTERS[: 2 + (n * 3) % len(SUPPORTERS)]:
            supporter = _person(key)
            if supporter.pk != idea.author_id:
                vote_cast(idea=Idea.objects.get(pk=idea.pk), by=supporter)
    for index, author, body in COMMENTS:
        comment_post(idea=Idea.objects.get(pk=ideas[index].pk), by=_person(author), body=body, parent=None)
    # Time passes for the second challenge: it closed two weeks ago, and its answers came
    # in while it was open.
    closed = challenges[1]
    _spec = CLOSED_CHALLENGE
    Challenge.objects.filter(pk=closed.pk).update(opens_at=now - timedelta(days=_spec[5]),
                                                  closes_at=now + timedelta(days=_spec[6]))
    closed.refresh_from_db()
    for n, idea in enumerate(ideas):
        if idea.challenge_id == closed.pk:
            when = closed.opens_at + timedelta(days=5 + 7 * n)
            Idea.objects.filter(pk=idea.pk).update(created_at=when, submitted_at=when, published_at=when,
                                                   stage_changed_at=when, updated_at=when)
    sponsor = closed.sponsor
    challenge_shortlist(challenge=closed, by=sponsor, idea_ids=[ideas[i].pk for i in SHORTLIST])
    challenge_announce_winners(challenge=closed, by=sponsor, idea_ids=[ideas[i].pk for i in WINNERS], note=RESULTS_NOTE)
    counts["challenge_winners"] += len(WINNERS)
    return counts
