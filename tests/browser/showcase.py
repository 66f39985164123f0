"""A small company with a life, written once per session into the site's database: what
the phone, accessibility and screenshot checks look at. People in every role, ideas at
the main stages, a picture, supports, a thread of comments, notifications and points
(these two follow from the events, as on the real site)."""

import io
from dataclasses import dataclass, field

from PIL import Image

from ideas.models import Stage
from ideas.services import comment_post, vote_cast
from moderation.pipeline import idea_pipeline_step
from tests.browser import people
from tests.factories import IdeaFactory, Role, seeded_theme


@dataclass
class Showcase:
    users: dict = field(default_factory=dict)
    ideas: dict = field(default_factory=dict)
    challenges: dict = field(default_factory=dict)

    def path(self, page: "MainPage") -> str:
        return page.path.format(**{f"{name}_idea": idea.pk for name, idea in self.ideas.items()},
                                **{f"{role}_user": user.pk for role, user in self.users.items()},
                                **{f"{name}_challenge": challenge.pk for name, challenge in self.challenges.items()})


@dataclass(frozen=True)
class MainPage:
    name: str
    role: str | None  # who looks at it (a key of Showcase.users), None: nobody signed in
    path: str


# The main pages, as their usual visitor sees them.
MAIN_PAGES = [
    MainPage("login", None, "/accounts/login/"),
    MainPage("signup", None, "/accounts/signup/"),
    MainPage("idea-list", "employee", "/ideas/"),
    MainPage("idea", "employee", "/ideas/{printers_idea}/"),
    MainPage("deployed-idea", "employee", "/ideas/{expenses_idea}/"),
    MainPage("post-form", "employee", "/ideas/new/"),
    MainPage("my-ideas", "author", "/ideas/mine/"),
    MainPage("profile", "author", "/people/{author_user}/"),
    MainPage("leaderboard", "employee", "/leaderboard/"),
    MainPage("notifications", "author", "/notifications/"),
    MainPage("moderation-console", "community_manager", "/moderation/"),
    MainPage("validation-queue", "correspondent", "/moderation/submitted/"),
    MainPage("pipeline", "executive", "/moderation/pipeline/"),
    MainPage("reports", "community_manager", "/moderation/reports/"),
    MainPage("challenges", "employee", "/ideas/challenges/"),
    MainPage("challenge", "employee", "/ideas/challenges/{paper_challenge}/"),
]


def picture() -> Image.Image:
    """A small drawing: a sky, a floor and a printer-coloured block."""
    image = Image.new("RGB", (480, 320), (214, 228, 250))
    image.paste((90, 96, 110), (0, 230, 480, 320))
    image.paste((31, 79, 209), (170, 120, 310, 230))
    image.paste((255, 255, 255), (195, 140, 285, 170))
    return image


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    picture().save(buffer, format="PNG")
    return SimpleUploadedFile("imprimante.png", buffer.getvalue(), content_type="image/png")


def build(tag: str) -> Showcase:
    show = Showcase()
    group = people.entity(tag, "Groupe Multitude", kind="group")
    sales = people.entity(tag, "Ventes", parent=group)
    support = people.entity(tag, "Fonctions support", parent=group)
    cost_savings, workplace = seeded_theme("cost-savings"), seeded_theme("workplace")

    users = show.users
    users["executive"] = people.person(tag, "Philippe", "Lefèvre", entity=group, roles=[Role.EXECUTIVE])
    users["author"] = people.person(tag, "Alice", "Martin", entity=sales, job_title="Chargée de clientèle")
    users["employee"] = people.person(tag, "Bruno", "Petit", entity=sales)
    users["colleague"] = people.person(tag, "Chloé", "Bernard", entity=support)
    users["community_manager"] = people.person(tag, "Manon", "Roux", entity=support,
                                               roles=[Role.COMMUNITY_MANAGER])
    users["correspondent"] = people.correspondent_for(
        cost_savings, people.person(tag, "Julie", "Picard", entity=support)
    )
    people.correspondent_for(workplace, users["correspondent"])
    moderator, executive = users["community_manager"], users["executive"]
    author, employee, colleague = users["author"], users["employee"], users["colleague"]

    ideas = show.ideas
    ideas["printers"] = IdeaFactory(
        author=author, theme=cost_savings, stage=Stage.PUBLISHED, moderator=moderator, images=[_upload()],
        title="Partager les imprimantes entre les étages",
        body="Chaque étage a **trois** imprimantes à moitié utilisées.\n\n"
             "- une imprimante partagée par étage\n- le papier commandé en une fois\n- moins de contrats de maintenance",
    )
    ideas["carpool"] = IdeaFactory(
        author=colleague, theme=workplace, stage=Stage.PUBLISHED, moderator=moderator,
        title="Covoiturage entre les sites de Lyon et Villeurbanne",
        body="Une page où proposer et trouver un trajet, avec une place réservée sur le parking.",
    )
    ideas["expenses"] = IdeaFactory(
        author=author, theme=cost_savings, stage=Stage.POTENTIAL, moderator=moderator,
        title="Dématérialiser les notes de frais",
        body="Photographier les justificatifs dans l'application au lieu de les envoyer par courrier interne.",
    )
    idea_pipeline_step(idea=ideas["expenses"], to_stage=Stage.ANALYSIS, by=executive,
                       note="Le service comptable chiffre le gain.")
    idea_pipeline_step(idea=ideas["expenses"], to_stage=Stage.PROJECT, by=executive, owner=colleague,
                       note="Projet lancé avec la DSI.")
    idea_pipeline_step(idea=ideas["expenses"], to_stage=Stage.PILOT, by=executive,
                       note="Pilote sur la division Ventes.")
    idea_pipeline_step(idea=ideas["expenses"], to_stage=Stage.DEPLOYED, by=executive, savings_eur=48000,
                       quality="Remboursements en 4 jours au lieu de 21", note="Étendu à tout le groupe.")
    ideas["sorting"] = IdeaFactory(
        author=employee, theme=workplace, stage=Stage.POTENTIAL, moderator=moderator,
        title="Des bacs de tri à chaque étage",
        body="Papier, plastique, piles : trois bacs près des machines à café.",
    )
    ideas["nap"] = IdeaFactory(
        author=colleague, theme=workplace, stage=Stage.SUBMITTED,
        title="Une salle de repos au calme",
        body="Une pièce sans écran pour se reposer vingt minutes après le déjeuner.",
    )
    ideas["paper"] = IdeaFactory(
        author=author, theme=cost_savings, stage=Stage.DRAFT,
        title="Imprimer en recto verso par défaut", body="Un réglage à changer sur tous les postes.",
    )

    # A challenge open for a few more days, answered by an idea posted without its author's name.
    from datetime import timedelta

    from django.utils import timezone

    from ideas.services import challenge_create

    now = timezone.now()
    show.challenges["paper"] = challenge_create(
        by=executive, title="Moins de papier d'ici l'été", themes=[cost_savings, workplace],
        question="Comment diviser par deux le papier que nous imprimons d'ici le 30 juin ?",
        context="Nous imprimons près de **2 millions de pages** par an.",
        opens_at=now - timedelta(days=3), closes_at=now + timedelta(days=11, hours=5),
    )
    ideas["badge_release"] = IdeaFactory(
        author=colleague, theme=cost_savings, stage=Stage.PUBLISHED, moderator=moderator,
        challenge=show.challenges["paper"], author_name_hidden=True,
        title="Libérer les impressions au badge",
        body="Les documents ne sortent qu'au passage du badge : fini les piles oubliées dans le bac.",
    )

    for supporter in (employee, colleague, moderator):
        vote_cast(idea=ideas["printers"], by=supporter)
    vote_cast(idea=ideas["carpool"], by=author)
    vote_cast(idea=ideas["sorting"], by=author)
    first = comment_post(idea=ideas["printers"], by=employee,
                         body="Bonne idée : au 3e étage, deux imprimantes sont en panne la moitié du temps.")
    comment_post(idea=ideas["printers"], by=author, parent=first,
                 body="Merci Bruno ! Je note le 3e étage comme premier pilote.")
    comment_post(idea=ideas["printers"], by=colleague,
                 body="Il faudrait vérifier les badges d'impression avec la DSI.")
    comment_post(idea=ideas["carpool"], by=employee, body="Je fais le trajet tous les jours, partant !")
    return show
