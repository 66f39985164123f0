"""`seed_demo --scale eureka`: a programme the size and shape of Eurêka's, written in bulk.

4,573 employees in a group of six divisions and 48 departments; about 3,600 ideas over
eighteen months, of which 207 reached "has potential" (44 deployed, 7 in pilot, 49 in
project, 107 awaiting analysis: 60 at "has potential" and 47 under analysis); over the
programme 60 % of the staff signed in, 20 % posted an idea, 23 % commented and 43 %
supported one (exactly: 2,744, 915, 1,052 and 1,966 people). Most ideas are about cost
savings, then process optimisation, brand value and quality of service.

Rows are planned in Python from one seeded random generator, then written with
`bulk_create`: the services would fire the gamification and notification listeners for
every event (about 33 queries per support), far too slow for 100,000 supports. Derived
data is rebuilt in bulk afterwards by the seed_demo command (gamification_refresh:
badges, ledger, scores, this week's segments); counters are computed from the rows.
"""

import random
from contextlib import contextmanager
from datetime import datetime, timedelta
from itertools import accumulate

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import Entity, RoleAssignment, User
from accounts.services import entity_create
from ideas.models import Comment, Idea, Stage, StageChange, Theme, Vote
from ideas.search import refresh_search_vectors
from moderation.models import CorrespondentAssignment
from reports.models import LoginDay
from reports.rollups import rollups_rebuild

SEED = 20260101
DOMAIN = "eureka.example"
GROUP_CODE = "eureka-groupe"
EXECUTIVE_EMAIL = f"direction@{DOMAIN}"
PEOPLE = 4573
DIVISIONS = 6
DEPARTMENTS = 48
PROGRAMME_DAYS = 540
# People who did each thing at least once over the programme.
CONNECTED, AUTHORS, COMMENTERS, SUPPORTERS = 2744, 915, 1052, 1966
SUPPORTS, COMMENTS = 100_000, 30_000
# Ideas in each stage at the end; published takes the rest of the 3,600.
IDEAS = 3600
STAGES = {
    Stage.DRAFT: 150, Stage.SUBMITTED: 60, Stage.CHANGES_REQUESTED: 30, Stage.REJECTED: 200, Stage.MERGED: 40,
    Stage.POTENTIAL: 60, Stage.ANALYSIS: 47, Stage.PROJECT: 49, Stage.PILOT: 7, Stage.DEPLOYED: 44,
}
PIPELINE = [Stage.POTENTIAL, Stage.ANALYSIS, Stage.PROJECT, Stage.PILOT, Stage.DEPLOYED]
# Days spent before reaching each pipeline stage (from the previous one).
PIPELINE_DAYS = {Stage.POTENTIAL: (5, 25), Stage.ANALYSIS: (7, 30), Stage.PROJECT: (10, 60), Stage.PILOT: (15, 60),
                 Stage.DEPLOYED: (20, 90)}
THEME_WEIGHTS = {"cost-savings": 30, "process-optimisation": 25, "brand-value": 17, "quality-of-service": 14,
                 "workplace": 8, "customer-experience": 6}
FIRST_NAMES = ("Camille Léa Manon Chloé Inès Jade Louise Emma Alice Lina Sarah Zoé Hugo Lucas Louis Gabriel Arthur "
               "Jules Adam Raphaël Nathan Léo Paul Tom Théo Élise Margaux Clément Quentin Agathe").split()
LAST_NAMES = ("Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Leroy Roux David "
              "Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Mercier Blanc").split()
SUBJECTS = ["les impressions", "les déplacements", "les réunions", "la facturation", "l'accueil", "les achats",
            "le stockage", "les licences", "l'éclairage", "le chauffage", "les notes de frais", "le courrier",
            "les archives", "la maintenance", "les formations", "les emballages", "les devis"]
VERBS = ["Mutualiser", "Simplifier", "Automatiser", "Réduire", "Numériser", "Regrouper", "Mesurer", "Standardiser"]
REMARKS = ["Bonne idée, nous avons le même besoin.", "Avez-vous estimé le gain ?", "Testé chez nous : ça marche.",
           "Je peux aider pour le pilote.", "Attention au cadre réglementaire.", "Commençons par un seul site."]


def eureka_exists() -> bool:
    return Entity.objects.filter(code=GROUP_CODE).exists()


@contextmanager
def dates_as_given(*models):
    """bulk_create lets auto_now / auto_now_add fields overwrite the dates we planned:
    switch them off while the programme's history is written."""
    fields = [f for model in models for f in model._meta.concrete_fields
              if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def seed_eureka(*, password: str, now: datetime | None = None, scale: float = 1.0) -> dict | None:
    """Write the Eurêka-size programme in one transaction; None if it is already there.
    `scale` shrinks every count alike (the tests use a twentieth)."""
    with transaction.atomic():
        if eureka_exists():
            return None
        with dates_as_given(Idea, StageChange, Vote, Comment):
            return _Programme(password=password, now=now or timezone.now(), scale=scale).build()


class _Programme:
    def __init__(self, *, password: str, now: datetime, scale: float):
        self.scale = scale
        self.rng = random.Random(SEED)
        self.password = make_password(password)
        self.now = now
        self.start = now - timedelta(days=PROGRAMME_DAYS)

    def n(self, count: int) -> int:
        return round(count * self.scale)

    def moment(self, after: datetime, before: datetime | None = None) -> datetime:
        before = before or self.now - timedelta(minutes=1)
        if before <= after:
            return after
        return after + (before - after) * self.rng.random()

    def build(self) -> dict:
        self._organisation()
        self._people()
        self._roles()
        self._ideas()
        self._supports_and_comments()
        self._sign_ins()
        refresh_search_vectors(Idea.objects.filter(pk__in=[idea.pk for idea in self.ideas]))
        rollups_rebuild()  # written in bulk: the report's summary tables from the rows
        return {"people": len(self.people), "ideas": len(self.ideas), "supports": self.n_supports,
                "comments": self.n_comments, "stage_changes": self.n_changes, "login_days": self.n_login_days}

    # --- organisation and people -----------------------------------------------------------

    def _organisation(self):
        group = entity_create(name="Groupe Eurêka", code=GROUP_CODE, kind=Entity.Kind.GROUP)
        self.divisions = [entity_create(name=f"Eurêka division {d + 1}", code=f"eureka-division-{d + 1}",
                                        kind=Entity.Kind.DIVISION, parent=group) for d in range(DIVISIONS)]
        self.departments = [
            entity_create(name=f"Eurêka département {d + 1}", code=f"eureka-departement-{d + 1}",
                          kind=Entity.Kind.DEPARTMENT, parent=self.divisions[d % DIVISIONS])
            for d in range(DEPARTMENTS)
        ]
        self.group = group

    def _person(self, n: int, entity: Entity, email: str | None = None, **fields) -> User:
        return User(email=email or f"salarie{n}@{DOMAIN}", password=self.password, entity=entity,
                    first_name=self.rng.choice(FIRST_NAMES), last_name=self.rng.choice(LAST_NAMES), language="fr",
                    date_joined=self.start, **fields)

    def _people(self):
        chief = self._person(0, self.group, EXECUTIVE_EMAIL, job_title="Directeur général")
        heads = [self._person(1 + d, division, job_title="Directeur de division")
                 for d, division in enumerate(self.divisions)]
        User.objects.bulk_create([chief, *heads], batch_size=500)
        for head in heads:
            head.management_path = f"/{chief.pk}/"
        User.objects.bulk_update(heads, ["management_path"])
        members = []
        for n in range(len(heads) + 1, self.n(PEOPLE)):
            department = self.departments[n % DEPARTMENTS]
            head = heads[self.departments.index(department) % DIVISIONS]
            members.append(self._person(n, department, manager=head, management_path=f"/{chief.pk}/{head.pk}/",
                                        job_title="Chargé de mission"))
        User.objects.bulk_create(members, batch_size=500)
        self.executives = [chief, *heads]
        self.people = [chief, *heads, *members]
        # Verified addresses, or allauth asks each person to confirm theirs before signing in.
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=p, email=p.email, verified=True, primary=True) for p in self.people], batch_size=1000
        )

    def _roles(self):
        ordinary = self.people[len(self.executives):]
        self.community_managers = ordinary[:3]
        roles = [RoleAssignment(user=p, role=RoleAssignment.Role.EXECUTIVE) for p in self.executives]
        roles += [RoleAssignment(user=p, role=RoleAssignment.Role.COMMUNITY_MANAGER) for p in self.community_managers]
        roles.append(RoleAssignment(user=ordinary[3], role=RoleAssignment.Role.ADMINISTRATOR))
        RoleAssignment.objects.bulk_create(roles)
        self.themes = {theme.slug: theme for theme in Theme.objects.filter(slug__in=THEME_WEIGHTS)}
        self.correspondents = {slug: ordinary[4 + 2 * k: 6 + 2 * k] for k, slug in enumerate(self.themes)}
        CorrespondentAssignment.objects.bulk_create([
            CorrespondentAssignment(user=p, theme=self.themes[slug])
            for slug, people in self.correspondents.items() for p in people
        ])
        # Who did what over the programme: everyone who contributed also signed in.
        connected = self.rng.sample(self.people, self.n(CONNECTED))
        self.connected = connected
        self.authors = self.rng.sample(connected, self.n(AUTHORS))
        self.commenters = self.rng.sample(connected, self.n(COMMENTERS))
        self.supporters = self.rng.sample(connected, self.n(SUPPORTERS))

    # --- ideas and their history ------------------------------------------------------------

    def _ideas(self):
        stages = [stage for stage, n in STAGES.items() for _ in range(self.n(n))]
        stages += [Stage.PUBLISHED] * (self.n(IDEAS) - len(stages))
        self.rng.shuffle(stages)
        # Every author posts (submits) at least one idea; a few post many.
        submitted = [k for k, stage in enumerate(stages) if stage != Stage.DRAFT]
        author_of = {}
        for k, author in zip(submitted, self.authors, strict=False):
            author_of[k] = author
        weights = list(accumulate(1 / (rank + 1) ** 0.8 for rank in range(len(self.authors))))
        slugs = list(self.themes)
        theme_weights = [THEME_WEIGHTS[slug] for slug in slugs]
        ideas, histories = [], []
        for k, stage in enumerate(stages):
            author = author_of.get(k) or self.rng.choices(self.authors, cum_weights=weights)[0]
            theme = self.themes[self.rng.choices(slugs, weights=theme_weights)[0]]
            idea, history = self._plan_idea(stage, author, theme)
            ideas.append(idea)
            histories.append(history)
        published = [idea for idea in ideas if idea.stage == Stage.PUBLISHED]
        Idea.objects.bulk_create(published, batch_size=500)
        others = [idea for idea in ideas if idea.stage != Stage.PUBLISHED]
        for idea in others:
            if idea.stage == Stage.MERGED:
                idea.merged_into = self.rng.choice(published)
        Idea.objects.bulk_create(others, batch_size=500)
        changes = []
        for idea, history in zip(ideas, histories, strict=True):
            before = Stage.DRAFT
            for to_stage, at in history:
                actor = idea.author if to_stage == Stage.SUBMITTED else self._decider(idea, to_stage)
                changes.append(StageChange(idea=idea, from_stage=before, to_stage=to_stage, actor=actor, created_at=at,
                                           owner=idea.owner if to_stage in (Stage.PROJECT, Stage.PILOT,
                                                                            Stage.DEPLOYED) else None))
                before = to_stage
        StageChange.objects.bulk_create(changes, batch_size=1000)
        self.ideas = ideas
        self.n_changes = len(changes)

    def _decider(self, idea: Idea, to_stage: str) -> User:
        if to_stage in (Stage.PUBLISHED, Stage.REJECTED, Stage.CHANGES_REQUESTED, Stage.POTENTIAL):
            return self.correspondents[idea.theme.slug][idea.author.pk % 2]
        if to_stage == Stage.MERGED:
            return self.community_managers[0]
        return self.executives[0] if idea.author != self.executives[0] else self.executives[1]

    def _plan_idea(self, stage: str, author: User, theme: Theme) -> tuple[Idea, list]:
        rng, now = self.rng, self.now
        title = f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)} ({theme.name_fr.lower()})"
        idea = Idea(title=title, body="Proposition issue du programme Eurêka.",
                    body_html="<p>Proposition issue du programme Eurêka.</p>", theme=theme, author=author,
                    author_entity=author.entity, stage=stage)
        # The pipeline needs time: an idea that went far was written early enough.
        steps = PIPELINE[: PIPELINE.index(stage) + 1] if stage in PIPELINE else []
        gaps = [timedelta(days=rng.uniform(*PIPELINE_DAYS[step])) for step in steps]
        span = sum(gaps, timedelta(days=6))
        if stage == Stage.SUBMITTED:
            created = now - timedelta(days=rng.uniform(0.5, 20))
        else:
            latest = now - span - timedelta(days=1)
            created = self.moment(self.start, max(self.start, latest))
        idea.created_at = created
        history = []
        if stage != Stage.DRAFT:
            idea.submitted_at = created + timedelta(hours=rng.uniform(0.1, 48))
            history.append((Stage.SUBMITTED, idea.submitted_at))
        if stage == Stage.REJECTED:
            history.append((Stage.REJECTED, idea.submitted_at + timedelta(days=rng.uniform(1, 5))))
        elif stage == Stage.CHANGES_REQUESTED:
            history.append((Stage.CHANGES_REQUESTED, idea.submitted_at + timedelta(days=rng.uniform(1, 4))))
        elif stage in (Stage.PUBLISHED, Stage.MERGED, *PIPELINE):
            idea.published_at = idea.submitted_at + timedelta(hours=rng.uniform(4, 96))
            history.append((Stage.PUBLISHED, idea.published_at))
            at = idea.published_at
            for step, gap in zip(steps, gaps, strict=True):
                at = min(at + gap, now - timedelta(minutes=5))
                history.append((step, at))
            if stage == Stage.MERGED:
                history.append((Stage.MERGED, self.moment(idea.published_at)))
        idea.stage_changed_at = history[-1][1] if history else created
        idea.updated_at = idea.stage_changed_at
        if stage in (Stage.PROJECT, Stage.PILOT, Stage.DEPLOYED):
            idea.owner = author
        if stage == Stage.DEPLOYED:
            idea.benefit_savings_eur = rng.randrange(5, 400) * 1000
            idea.benefit_quality = rng.choice(["", "Délai de traitement divisé par deux.",
                                               "Satisfaction client en hausse."])
        return idea, history

    # --- supports, comments, sign-ins -------------------------------------------------------

    def _supports_and_comments(self):
        rng = self.rng
        open_ideas = [i for i in self.ideas if i.stage in (Stage.PUBLISHED, *PIPELINE)]
        idea_weights = list(accumulate(1 / (rank + 1) ** 0.7 for rank in range(len(open_ideas))))
        indexes = range(len(open_ideas))
        rng.shuffle(open_ideas)
        pairs = set()
        # Each supporter at least once (never on their own idea), then a long tail.
        for person in self.supporters:
            k = rng.randrange(len(open_ideas))
            while open_ideas[k].author_id == person.pk:
                k = rng.randrange(len(open_ideas))
            pairs.add((k, person.pk))
        person_weights = list(accumulate(1 / (rank + 1) ** 0.5 for rank in range(len(self.supporters))))
        while len(pairs) < self.n(SUPPORTS):
            k = rng.choices(indexes, cum_weights=idea_weights)[0]
            person = rng.choices(self.supporters, cum_weights=person_weights)[0]
            if open_ideas[k].author_id != person.pk:
                pairs.add((k, person.pk))
        votes = []
        for k, person_id in pairs:
            idea = open_ideas[k]
            votes.append(Vote(idea=idea, user_id=person_id, created_at=self.moment(idea.published_at)))
            idea.support_count += 1
        Vote.objects.bulk_create(votes, batch_size=2000)
        comments = []
        commenter_weights = list(accumulate(1 / (rank + 1) ** 0.5 for rank in range(len(self.commenters))))
        for n in range(self.n(COMMENTS)):
            # Each commenter at least once, then a long tail.
            person = (self.commenters[n] if n < len(self.commenters)
                      else rng.choices(self.commenters, cum_weights=commenter_weights)[0])
            idea = open_ideas[rng.choices(indexes, cum_weights=idea_weights)[0]]
            text = rng.choice(REMARKS)
            comments.append(Comment(idea=idea, author=person, body=text, body_html=f"<p>{text}</p>",
                                    created_at=self.moment(idea.published_at)))
            idea.comment_count += 1
        Comment.objects.bulk_create(comments, batch_size=2000)
        Idea.objects.bulk_update(open_ideas, ["support_count", "comment_count"], batch_size=1000)
        self.n_supports, self.n_comments = len(votes), len(comments)

    def _sign_ins(self):
        rng, days = self.rng, []
        for person in self.connected:
            visits = sorted({(self.moment(self.start)).date() for _ in range(rng.randint(1, 12))})
            days += [LoginDay(user=person, day=day) for day in visits]
            person.last_login = timezone.make_aware(datetime.combine(visits[-1], datetime.min.time()).replace(hour=9))
        LoginDay.objects.bulk_create(days, batch_size=2000)
        User.objects.bulk_update(self.connected, ["last_login"], batch_size=1000)
        self.n_login_days = len(days)
