"""Builds the demo company through the same services the site uses: business units,
people and their line managers, roles, correspondents, then ideas taken through their
lifecycle, with comments and supports. Everything is drawn from one seeded random
generator, so two databases seeded the same way hold the same data; dates are then
spread over the last six months so that the lists look lived in."""

import random
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import Entity, RoleAssignment, User
from accounts.roles import manages, roles_of
from accounts.services import entity_create, role_grant, user_set_manager
from ideas.models import PUBLIC_STAGES, Comment, Idea, Stage, StageChange, Theme, Vote
from ideas.services import comment_post, idea_create, idea_update, vote_cast
from moderation.content import content_flag, content_hide
from moderation.merges import ideas_merge
from moderation.models import CorrespondentAssignment
from moderation.pipeline import OWNER_REQUIRED, idea_pipeline_step
from moderation.sanctions import user_warn
from moderation.scopes import is_moderator, may_moderate
from moderation.services import idea_approve, idea_reject, idea_request_changes
from reports.rollups import rollups_rebuild

from . import content, organisation

SEED = 20240917

# How many ideas end in each stage; the rest are published.
STAGE_COUNTS = {
    Stage.DRAFT: 6,
    Stage.SUBMITTED: 8,
    Stage.CHANGES_REQUESTED: 5,
    Stage.REJECTED: 5,
    Stage.POTENTIAL: 6,
    Stage.ANALYSIS: 4,
    Stage.PROJECT: 3,
    Stage.PILOT: 3,
    Stage.DEPLOYED: 3,
    Stage.NOT_RETAINED: 3,
}
# The steps after publication that lead to each stage.
PIPELINES = {
    Stage.PUBLISHED: [],
    Stage.POTENTIAL: [Stage.POTENTIAL],
    Stage.ANALYSIS: [Stage.POTENTIAL, Stage.ANALYSIS],
    Stage.PROJECT: [Stage.POTENTIAL, Stage.ANALYSIS, Stage.PROJECT],
    Stage.PILOT: [Stage.POTENTIAL, Stage.ANALYSIS, Stage.PROJECT, Stage.PILOT],
    Stage.DEPLOYED: [Stage.POTENTIAL, Stage.ANALYSIS, Stage.PROJECT, Stage.PILOT, Stage.DEPLOYED],
    Stage.NOT_RETAINED: [Stage.POTENTIAL, Stage.ANALYSIS, Stage.NOT_RETAINED],
}
# How long ago (in days) ideas ending in each stage were first written.
AGE_DAYS = {
    Stage.DRAFT: (1, 75),
    Stage.SUBMITTED: (1, 12),
    Stage.CHANGES_REQUESTED: (6, 45),
    Stage.REJECTED: (15, 170),
    Stage.PUBLISHED: (2, 165),
    Stage.POTENTIAL: (40, 150),
    Stage.ANALYSIS: (60, 165),
    Stage.PROJECT: (90, 175),
    Stage.PILOT: (110, 178),
    Stage.DEPLOYED: (140, 180),
    Stage.NOT_RETAINED: (70, 175),
}
# Hours between a stage change and the one before it (or the writing of the idea).
DELAY_HOURS = {
    Stage.SUBMITTED: (0.2, 30),
    Stage.CHANGES_REQUESTED: (4, 96),
    Stage.REJECTED: (4, 120),
    Stage.PUBLISHED: (4, 96),
    Stage.POTENTIAL: (5 * 24, 20 * 24),
    Stage.ANALYSIS: (7 * 24, 20 * 24),
    Stage.PROJECT: (10 * 24, 30 * 24),
    Stage.PILOT: (10 * 24, 25 * 24),
    Stage.DEPLOYED: (15 * 24, 40 * 24),
    Stage.NOT_RETAINED: (7 * 24, 25 * 24),
}
RESUBMITTED_IDEAS = 3
TRENDING_IDEAS = 9


def person_key(first_name: str, last_name: str) -> str:
    """"Émilie", "Lefèvre" → "emilie.lefevre": the local part of the e-mail address."""
    text = f"{first_name}.{last_name}".replace(" ", "-").lower()
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def demo_email(key: str) -> str:
    return f"{key}@{organisation.DOMAIN}"


def demo_data_exists() -> bool:
    return (
        Entity.objects.filter(code=organisation.GROUP_CODE).exists()
        or User.objects.filter(email=demo_email(organisation.ADMINISTRATOR)).exists()
    )


def seed_demo_data(*, password: str, now: datetime | None = None) -> Counter | None:
    """Create the demo company in one transaction. Returns what was created, or None
    (and changes nothing) when the demo data is already there."""
    # The demo company's history happened before anyone arrived: its notifications are
    # kept in-app, but nobody is e-mailed about it.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        with transaction.atomic():
            if demo_data_exists():
                return None
            return _DemoBuilder(password=password, now=now or timezone.now()).build()


# --- Pipeline steps (moderation.pipeline) ----------------------------------------------

# What deployed demo ideas brought, measured: (annual savings in euros or None, indicator).
DEMO_BENEFITS = [
    (48000, "Délai de traitement des demandes réduit de 30 %"),
    (None, "Satisfaction client en hausse de 12 points (enquête trimestrielle)"),
    (125000, ""),
    (17500, "Deux fois moins de réclamations sur le sujet"),
]


def _advance_pipeline(*, idea: Idea, to_stage: str, by: User, reason: str = "") -> Idea:
    """Take a published idea further — potential → analysis → project → pilot → deployed,
    or not retained — through moderation.pipeline, like the console does: a decision
    note at each step, an owner from project on (the author, or their line manager, who
    carries it), and the measured benefit once deployed. No random draw here, so the rest
    of the demo stays the same."""
    owner = None
    if to_stage in OWNER_REQUIRED and idea.owner_id is None:
        manager = idea.author.manager
        owner = manager if idea.pk % 2 and manager is not None and manager.is_active else idea.author
    savings, quality = DEMO_BENEFITS[idea.pk % len(DEMO_BENEFITS)] if to_stage == Stage.DEPLOYED else (None, "")
    return idea_pipeline_step(
        idea=idea, to_stage=to_stage, by=by, note=reason, owner=owner, savings_eur=savings, quality=quality
    )

# --- end of pipeline steps ----------------------------------------------------------------


@dataclass
class _IdeaPlan:
    theme: str
    title: str
    body: str
    author: User
    stage: str
    resubmitted: bool = False
    trending: bool = False
    created_at: datetime | None = None
    # Every stage change, in order: (to stage, when).
    steps: list[tuple[str, datetime]] = field(default_factory=list)
    idea: Idea | None = None

    @property
    def published_at(self) -> datetime | None:
        return next((at for stage, at in self.steps if stage == Stage.PUBLISHED), None)

    @property
    def closed_at(self) -> datetime | None:
        """When the idea stopped taking supports and comments, if it did."""
        return next((at for stage, at in self.steps if stage == Stage.NOT_RETAINED), None)


class _DemoBuilder:
    def __init__(self, *, password: str, now: datetime):
        self.rng = random.Random(SEED)
        self.password = password
        self.now = now
        self.entities: dict[str, Entity] = {}
        self.people: dict[str, User] = {}
        self.themes: dict[str, Theme] = {}
        self.correspondents: dict[str, list[User]] = defaultdict(list)
        self.deciders: list[User] = []
        self.counts: Counter = Counter()
        # Rows whose dates are moved to the past at the end.
        self.comment_dates: list[tuple[Comment, datetime]] = []

    def build(self) -> Counter:
        self._create_entities()
        self._create_people()
        self._grant_roles()
        self._reload_people()
        plans = self._plan_ideas()
        for plan in sorted(plans, key=lambda p: p.created_at):
            self._create_idea(plan)
        self._spread_dates(plans)
        self._moderate(plans)
        self.counts.update(
            users=len(self.people),
            entities=len(self.entities),
            ideas=len(plans),
            comments=Comment.objects.filter(idea__in=[p.idea for p in plans]).count(),
            supports=Vote.objects.filter(idea__in=[p.idea for p in plans]).count(),
            stage_changes=StageChange.objects.filter(idea__in=[p.idea for p in plans]).count(),
        )
        # --- challenges (demo.challenges): one open, one closed with its winners ---
        from .challenges import seed_challenges

        self.counts.update(seed_challenges(now=self.now))
        # --- end challenges ---
        # --- expert evaluation (demo.evaluations): two experts' scores, one evaluation to do ---
        from .evaluations import seed_evaluations

        self.counts.update(seed_evaluations(now=self.now))
        # --- end expert evaluation ---
        # Dates were set behind the services' backs: the report's summary tables from them.
        rollups_rebuild()
        return self.counts

    # --- Organisation ---------------------------------------------------------------

    def _create_entities(self) -> None:
        for code, name, kind, parent in organisation.ENTITIES:
            self.entities[code] = entity_create(name=name, code=code, kind=kind, parent=self.entities.get(parent))

    def _create_people(self) -> None:
        for first_name, last_name, job_title, entity_code, manager_key in organisation.PEOPLE:
            key = person_key(first_name, last_name)
            create = User.objects.create_superuser if key == organisation.ADMINISTRATOR else User.objects.create_user
            user = create(
                demo_email(key), None,
                first_name=first_name, last_name=last_name, job_title=job_title, entity=self.entities[entity_code],
            )
            if manager_key:
                # Managers are listed before their reports, so their own path is final.
                user_set_manager(user=user, manager=self.people[manager_key])
            self.people[key] = user
        # One hash for everybody: hashing the same password sixty times would take most
        # of the run, and the password is printed for all to see anyway.
        User.objects.filter(pk__in=[u.pk for u in self.people.values()]).update(password=make_password(self.password))
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in self.people.values()
        )

    def _grant_roles(self) -> None:
        administrator = self.people[organisation.ADMINISTRATOR]
        role_grant(user=administrator, role=RoleAssignment.Role.ADMINISTRATOR)
        for key in organisation.EXECUTIVES:
            role_grant(user=self.people[key], role=RoleAssignment.Role.EXECUTIVE, by=administrator)
        for key in organisation.COMMUNITY_MANAGERS:
            role_grant(user=self.people[key], role=RoleAssignment.Role.COMMUNITY_MANAGER, by=administrator)
        self.themes = {theme.slug: theme for theme in Theme.objects.all()}
        for key, slug, entity_codes in organisation.CORRESPONDENTS:
            assignment = CorrespondentAssignment.objects.create(user=self.people[key], theme=self.themes[slug])
            if entity_codes:
                assignment.entities.set([self.entities[code] for code in entity_codes])

    def _reload_people(self) -> None:
        """Fresh user objects: management paths final, no role or scope cached before
        the roles were granted."""
        fresh = User.objects.filter(pk__in=[u.pk for u in self.people.values()]).select_related("entity").in_bulk()
        self.people = {key: fresh[user.pk] for key, user in self.people.items()}
        for key, slug, _entities in organisation.CORRESPONDENTS:
            self.correspondents[slug].append(self.people[key])
        # Executives and the administrator take the decisions after "has potential".
        self.deciders = [self.people[key] for key in [*organisation.EXECUTIVES, organisation.ADMINISTRATOR]]

    # --- Ideas ----------------------------------------------------------------------

    def _plan_ideas(self) -> list[_IdeaPlan]:
        rng = self.rng
        stages = [stage for stage, count in STAGE_COUNTS.items() for _ in range(count)]
        stages += [Stage.PUBLISHED] * (len(content.IDEAS) - len(stages))
        rng.shuffle(stages)
        plans = [
            _IdeaPlan(theme=slug, title=title, body=body, author=self._pick_author(slug), stage=stage)
            for (slug, title, body), stage in zip(content.IDEAS, stages)
        ]
        public = [p for p in plans if p.stage in PUBLIC_STAGES]
        for plan in rng.sample(public, RESUBMITTED_IDEAS):
            plan.resubmitted = True
        for plan in plans:
            self._plan_dates(plan)
        # The most recently published ideas, and a few older ones, get fresh supports.
        open_ideas = sorted((p for p in public if p.closed_at is None), key=lambda p: p.published_at, reverse=True)
        for plan in open_ideas[:5] + rng.sample(open_ideas[5:], TRENDING_IDEAS - 5):
            plan.trending = True
        return plans

    def _pick_author(self, theme_slug: str) -> User:
        home = set(organisation.THEME_HOME_ENTITIES.get(theme_slug, ()))
        line_managers = {manager_key for *_rest, manager_key in organisation.PEOPLE}
        keys, weights = [], []
        for first_name, last_name, _job, entity_code, _manager_key in organisation.PEOPLE:
            key = person_key(first_name, last_name)
            # Employees post most; their managers less; the directors now and then.
            weight = {Entity.Kind.GROUP: 0.2, Entity.Kind.DIVISION: 0.5}.get(self.entities[entity_code].kind, 3.0)
            if key in line_managers:
                weight = min(weight, 1.0)
            if key in organisation.PROLIFIC_AUTHORS:
                weight *= 4
            if entity_code in home:
                weight *= 3
            keys.append(key)
            weights.append(weight)
        return self.people[self.rng.choices(keys, weights)[0]]

    def _plan_dates(self, plan: _IdeaPlan) -> None:
        rng = self.rng
        if plan.stage == Stage.DRAFT:
            stages = []
        elif plan.stage in (Stage.SUBMITTED, Stage.CHANGES_REQUESTED, Stage.REJECTED):
            stages = [Stage.SUBMITTED] + ([plan.stage] if plan.stage != Stage.SUBMITTED else [])
        else:
            resubmission = [Stage.CHANGES_REQUESTED, Stage.SUBMITTED] if plan.resubmitted else []
            stages = [Stage.SUBMITTED, *resubmission, Stage.PUBLISHED, *PIPELINES[plan.stage]]
        delays = [timedelta(hours=rng.uniform(*DELAY_HOURS[stage])) for stage in stages]
        age = timedelta(days=rng.uniform(*AGE_DAYS[plan.stage]))
        # The last step happened at least a couple of hours ago: squeeze the steps if needed.
        room = age - timedelta(hours=rng.uniform(2, 36))
        total = sum(delays, timedelta())
        if total > room:
            delays = [delay * (room / total) for delay in delays]
        plan.created_at = self.now - age
        at = plan.created_at
        for stage, delay in zip(stages, delays):
            at += delay
            plan.steps.append((stage, at))

    def _create_idea(self, plan: _IdeaPlan) -> None:
        rng, author = self.rng, plan.author
        theme = self.themes[plan.theme]
        idea = idea_create(by=author, title=plan.title, body=plan.body, theme=theme, submit=plan.stage != Stage.DRAFT)
        plan.idea = idea
        self.counts[f"stage:{plan.stage}"] += 1
        if plan.stage == Stage.DRAFT:
            return
        moderator = self._pick_moderator(idea, self.correspondents[plan.theme])
        for stage, _at in plan.steps[1:]:
            if stage == Stage.CHANGES_REQUESTED:
                idea_request_changes(idea=idea, by=moderator, reason=rng.choice(content.CHANGES_REQUESTED_REASONS))
            elif stage == Stage.REJECTED:
                idea_reject(idea=idea, by=moderator, reason=rng.choice(content.REJECTION_REASONS))
            elif stage == Stage.SUBMITTED:
                body = f"{idea.body}\n\n{rng.choice(content.RESUBMISSION_NOTES)}"
                idea_update(idea=idea, by=author, title=idea.title, body=body, theme=theme, submit=True)
            elif stage == Stage.PUBLISHED:
                idea_approve(idea=idea, by=moderator, reason=rng.choice(content.APPROVAL_NOTES))
                # Colleagues react while the idea is open, before any decision closes it.
                self._discuss(plan)
            elif stage == Stage.POTENTIAL:
                # Spotted by the correspondent who published it.
                _advance_pipeline(idea=idea, to_stage=stage, by=moderator, reason=content.PIPELINE_NOTES[stage])
            else:
                decider = self._pick_decider(idea)
                if stage == Stage.NOT_RETAINED:
                    reason = rng.choice(content.NOT_RETAINED_REASONS)
                else:
                    reason = content.PIPELINE_NOTES[stage]
                _advance_pipeline(idea=idea, to_stage=stage, by=decider, reason=reason)

    def _pick_moderator(self, idea: Idea, candidates: list[User]) -> User:
        allowed = [user for user in candidates if may_moderate(user, idea)]
        if not allowed:
            raise RuntimeError(f"Nobody may moderate “{idea.title}”: fix demo.organisation.CORRESPONDENTS.")
        return self.rng.choice(allowed)

    def _pick_decider(self, idea: Idea) -> User:
        allowed = [user for user in self.deciders if user.pk != idea.author_id and not manages(user, idea.author)]
        return self.rng.choice(allowed)

    def _discuss(self, plan: _IdeaPlan) -> None:
        """Supports and comments from colleagues (never a support from the author)."""
        rng, idea = self.rng, plan.idea
        others = [user for user in self.people.values() if user.pk != plan.author.pk]
        if plan.stage == Stage.PUBLISHED:
            supports, threads = int(rng.triangular(0, 18, 3)), rng.choice([0, 0, 1, 1, 2, 2, 3, 4, 5])
        else:
            supports, threads = rng.randint(10, 30), rng.randint(2, 7)
        if plan.trending:
            supports += rng.randint(6, 12)
        for user in rng.sample(others, min(supports, len(others))):
            vote_cast(idea=idea, by=user)
        start, end = plan.published_at, plan.closed_at or self.now
        for _ in range(threads):
            commenter = rng.choice(others)
            at = start + (end - start) * rng.random() ** 1.5
            comment = comment_post(idea=idea, by=commenter, body=self._say(rng.choice(content.COMMENTS), commenter))
            self.comment_dates.append((comment, at))
            if rng.random() < 0.35:
                if rng.random() < 0.6:
                    replier, text = plan.author, rng.choice(content.AUTHOR_REPLIES)
                else:
                    replier = rng.choice([u for u in others if u.pk != commenter.pk])
                    text = rng.choice(content.REPLIES)
                reply = comment_post(idea=idea, by=replier, body=self._say(text, replier), parent=comment)
                self.comment_dates.append((reply, at + (end - at) * rng.uniform(0.02, 0.3)))

    @staticmethod
    def _say(template: str, user: User) -> str:
        entity = user.entity
        if entity.kind == Entity.Kind.GROUP:
            where = "à la direction générale"
        elif entity.kind == Entity.Kind.DIVISION:
            where = f"à la {entity.name[0].lower()}{entity.name[1:]}"
        else:
            where = f"au service {entity.name}"
        return template.format(where=where)

    # --- Moderation -------------------------------------------------------------------

    def _moderate(self, plans: list[_IdeaPlan]) -> None:
        """A merged duplicate, reports, hidden comments and a warning: what a community
        manager finds in the console, all done through the moderation services."""
        rng = self.rng
        community_manager = self.people[organisation.COMMUNITY_MANAGERS[0]]
        original = next(p.idea for p in plans if p.title == content.DUPLICATE_OF)
        theme_slug, title, body = content.DUPLICATE_IDEA
        author = next(
            u for u in self.people.values()
            if u.pk != original.author_id and not self._is_moderator(u) and u.entity.kind == Entity.Kind.DEPARTMENT
        )
        duplicate = idea_create(by=author, title=title, body=body, theme=self.themes[theme_slug], submit=True)
        moderator = self._pick_moderator(duplicate, self.correspondents[theme_slug])
        idea_approve(idea=duplicate, by=moderator)
        others = [u for u in self.people.values() if u.pk not in (author.pk, original.author_id)]
        for user in rng.sample(others, 6):
            vote_cast(idea=duplicate, by=user)
        merger = moderator if may_moderate(moderator, original) else community_manager
        ideas_merge(source=duplicate, target=original, by=merger, note=content.MERGE_NOTE)
        self.counts.update(merges=1, ideas=1)

        # Two rude comments by the same person on busy ideas: one hidden after reports, one
        # hidden by a community manager; then the person is warned.
        busy = [p.idea for p in plans if p.stage == Stage.PUBLISHED and p.idea.author_id != author.pk][:2]
        rude_author = rng.choice([u for u in others if not self._is_moderator(u)])
        reporters = [u for u in others if u.pk != rude_author.pk and not self._is_moderator(u)]
        for idea, text in zip(busy, content.RUDE_COMMENTS):
            comment = comment_post(idea=idea, by=rude_author, body=text)
            self.counts["reports"] += len(content.FLAG_REASONS)
            for reporter, reason in zip(rng.sample(reporters, len(content.FLAG_REASONS)), content.FLAG_REASONS):
                content_flag(target=comment, by=reporter, reason=reason)
                if idea is busy[1]:
                    break  # one report only: the community manager decides
            if Comment.objects.get(pk=comment.pk).hidden_at is None:
                content_hide(target=comment, by=community_manager, reason=content.HIDE_REASON)
            self.counts["hidden_comments"] += 1
        user_warn(user=rude_author, by=community_manager, reason=content.WARNING_REASON)
        # A report still waiting for review, on an idea.
        target = next(p.idea for p in plans if p.stage == Stage.PUBLISHED and p.idea not in busy)
        reporter = next(u for u in reporters if u.pk != target.author_id)
        content_flag(target=target, by=reporter, reason="Cette idée cite nommément un fournisseur et ses tarifs.")
        self.counts["reports"] += 1

    @staticmethod
    def _is_moderator(user: User) -> bool:
        return is_moderator(user) or bool(roles_of(user))

    # --- Dates ------------------------------------------------------------------------

    def _spread_dates(self, plans: list[_IdeaPlan]) -> None:
        """The services stamp everything with the current time; move each row to the
        moment the plan gave it, so that lists show ideas of every age."""
        rng = self.rng
        by_idea = {plan.idea.pk: plan for plan in plans}
        ideas, stage_changes, votes = [], [], []
        changes_of = defaultdict(list)
        for change in StageChange.objects.filter(idea_id__in=by_idea).order_by("id"):
            changes_of[change.idea_id].append(change)
        for plan in plans:
            idea, steps = plan.idea, plan.steps
            changes = changes_of[idea.pk]
            assert [c.to_stage for c in changes] == [stage for stage, _at in steps], (idea.title, changes, steps)
            for change, (_stage, at) in zip(changes, steps):
                change.created_at = at
                stage_changes.append(change)
            idea.created_at = plan.created_at
            idea.submitted_at = max((at for stage, at in steps if stage == Stage.SUBMITTED), default=None)
            idea.published_at = plan.published_at
            idea.stage_changed_at = steps[-1][1] if steps else None
            idea.updated_at = steps[-1][1] if steps else plan.created_at
            ideas.append(idea)
        for vote in Vote.objects.filter(idea_id__in=by_idea).order_by("id"):
            plan = by_idea[vote.idea_id]
            start, end = plan.published_at, plan.closed_at or self.now
            recent = max(start, self.now - timedelta(days=6, hours=12))
            if plan.trending and plan.closed_at is None and rng.random() < 0.65:
                vote.created_at = recent + (end - recent) * rng.random()
            else:
                # Most supports come in the first days after publication.
                vote.created_at = start + (end - start) * rng.random() ** 2
            votes.append(vote)
        comments = []
        for comment, at in self.comment_dates:
            comment.created_at = at
            comments.append(comment)
        Idea.objects.bulk_update(
            ideas, ["created_at", "submitted_at", "published_at", "stage_changed_at", "updated_at"], batch_size=200
        )
        StageChange.objects.bulk_update(stage_changes, ["created_at"], batch_size=200)
        Vote.objects.bulk_update(votes, ["created_at"], batch_size=200)
        Comment.objects.bulk_update(comments, ["created_at"], batch_size=200)


# --- Notifications as a returning person finds them ------------------------------------------

def demo_notifications_settle(*, now: datetime | None = None) -> int:
    """The demo company's history notified everyone of months of activity at once: keep
    a believable few unread (0 to 6, the newest, varying from one person to the next) and
    mark the rest read, as a person who has been using the site would have. Returns how
    many were marked read."""
    from notifications.models import Notification

    now = now or timezone.now()
    marked = 0
    people = User.objects.filter(email__endswith=f"@{organisation.DOMAIN}").values_list("pk", flat=True)
    for person_id in people:
        keep = person_id % 7
        unread = Notification.objects.filter(recipient_id=person_id, read_at__isnull=True).order_by("-created_at", "-id")
        kept = list(unread.values_list("pk", flat=True)[:keep])
        marked += unread.exclude(pk__in=kept).update(read_at=now)
    return marked
