"""factory_boy factories. Objects with rules attached are made through the services, so a
test starts from a state the application itself could have reached."""

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory
from PIL import Image

from accounts.models import Entity, RoleAssignment, User
from accounts.services import entity_create, role_grant, user_set_manager
from ideas.models import Idea, Stage, Theme
from ideas.services import idea_create, idea_transition
from moderation.models import CorrespondentAssignment
from moderation.services import idea_approve, idea_reject, idea_request_changes

Role = RoleAssignment.Role
PASSWORD = "a-long-test-password-42"


class EntityFactory(DjangoModelFactory):
    class Meta:
        model = Entity

    name = factory.Sequence(lambda n: f"Business unit {n}")
    code = factory.Sequence(lambda n: f"unit-{n}")
    kind = Entity.Kind.DEPARTMENT
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # entity_create sets the materialised path the sub-entity filters rely on.
        return entity_create(**kwargs)


class UserFactory(DjangoModelFactory):
    """`manager=` goes through user_set_manager (management path), `roles=` through role_grant."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@multitude.example")
    first_name = factory.Iterator(["Alice", "Bruno", "Chloé", "David", "Emma", "Farid", "Gaëlle", "Hugo"])
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    entity = factory.SubFactory(EntityFactory)
    password = PASSWORD

    @classmethod
    def _create(cls, model_class, *args, manager=None, roles=(), **kwargs):
        user = User.objects.create_user(**kwargs)
        if manager is not None:
            user_set_manager(user=user, manager=manager)
        for role in roles:
            role_grant(user=user, role=role)
        return user


class ThemeFactory(DjangoModelFactory):
    """Reuses the themes seeded by ideas/0002 when given their slug (a transactional test
    flushes them, so they are created again when missing)."""

    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")
    name_fr = factory.Sequence(lambda n: f"Thème {n}")
    is_active = True


def seeded_theme(slug: str = "cost-savings") -> Theme:
    names = {
        "cost-savings": ("Cost savings", "Recherche d'économies"),
        "workplace": ("Workplace", "Vie au travail"),
        "customer-experience": ("Customer experience", "Expérience client"),
    }
    name_en, name_fr = names[slug]
    return ThemeFactory(slug=slug, name_en=name_en, name_fr=name_fr)


class CorrespondentAssignmentFactory(DjangoModelFactory):
    """Names `user` functional correspondent for `theme`; `entities=[...]` limits the scope."""

    class Meta:
        model = CorrespondentAssignment
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    theme = factory.LazyFunction(seeded_theme)

    @factory.post_generation
    def entities(self, create, extracted, **kwargs):
        if create and extracted:
            self.entities.set(extracted)
        # Scopes are cached on the user object: forget them now that they changed.
        self.user.__dict__.pop("_multitude_scopes", None)


# How an idea reaches each stage, through the same services users go through.
# Each step: (service role, to_stage); "author" submits, "moderator" validates, "executive"
# decides in the pipeline.
STAGE_PATHS = {
    Stage.DRAFT: [],
    Stage.SUBMITTED: [("author", Stage.SUBMITTED)],
    Stage.CHANGES_REQUESTED: [("author", Stage.SUBMITTED), ("moderator", Stage.CHANGES_REQUESTED)],
    Stage.REJECTED: [("author", Stage.SUBMITTED), ("moderator", Stage.REJECTED)],
    Stage.PUBLISHED: [("author", Stage.SUBMITTED), ("moderator", Stage.PUBLISHED)],
    Stage.POTENTIAL: [("author", Stage.SUBMITTED), ("moderator", Stage.PUBLISHED), ("moderator", Stage.POTENTIAL)],
}
_PIPELINE = [Stage.ANALYSIS, Stage.PROJECT, Stage.PILOT, Stage.DEPLOYED]
for _index, _stage in enumerate(_PIPELINE):
    STAGE_PATHS[_stage] = STAGE_PATHS[Stage.POTENTIAL] + [("executive", s) for s in _PIPELINE[: _index + 1]]
STAGE_PATHS[Stage.NOT_RETAINED] = STAGE_PATHS[Stage.POTENTIAL] + [("executive", Stage.NOT_RETAINED)]


def _move(idea: Idea, *, by, to_stage: str) -> None:
    if to_stage == Stage.PUBLISHED:
        idea_approve(idea=idea, by=by)
    elif to_stage == Stage.CHANGES_REQUESTED:
        idea_request_changes(idea=idea, by=by, reason="Please add figures.")
    elif to_stage == Stage.REJECTED:
        idea_reject(idea=idea, by=by, reason="Already done last year.")
    elif to_stage == Stage.NOT_RETAINED:
        idea_transition(idea=idea, to_stage=to_stage, by=by, reason="Not a priority this year.")
    else:
        idea_transition(idea=idea, to_stage=to_stage, by=by)


class IdeaFactory(DjangoModelFactory):
    """`IdeaFactory(stage=Stage.PUBLISHED)` writes a draft with idea_create, then walks it
    through the lifecycle services. Pass `moderator=` / `executive=` to choose who decides
    (by default a community manager and an executive are made for the purpose)."""

    class Meta:
        model = Idea

    title = factory.Sequence(lambda n: f"Idea number {n}: share the printers")
    body = "We could **share** the printers between floors.\n\n- fewer devices\n- less paper"
    theme = factory.LazyFunction(seeded_theme)
    author = factory.SubFactory(UserFactory)
    stage = Stage.DRAFT

    @classmethod
    def _create(cls, model_class, *args, author, title, body, theme, stage=Stage.DRAFT, moderator=None,
                executive=None, images=(), challenge=None, author_name_hidden=False, **kwargs):
        if kwargs:
            raise TypeError(f"IdeaFactory sets these through services only: {sorted(kwargs)}")
        if stage not in STAGE_PATHS:
            raise ValueError(f"No service path leads to {stage!r}.")
        idea = idea_create(by=author, title=title, body=body, theme=theme, images=images, challenge=challenge,
                           author_name_hidden=author_name_hidden)
        actors = {"author": author}
        for who, to_stage in STAGE_PATHS[stage]:
            if who not in actors:
                if who == "moderator":
                    actors[who] = moderator or UserFactory(roles=[Role.COMMUNITY_MANAGER])
                else:
                    actors[who] = executive or UserFactory(roles=[Role.EXECUTIVE])
            _move(idea, by=actors[who], to_stage=to_stage)
        idea.refresh_from_db()
        return idea


# --- Uploaded files ---------------------------------------------------------------------


def image_bytes(*, size=(64, 48), mode="RGB", image_format="PNG", color="teal", **save_options) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=image_format, **save_options)
    return buffer.getvalue()


def image_upload(name="picture.png", **options) -> SimpleUploadedFile:
    image_format = options.pop("image_format", "JPEG" if name.lower().endswith((".jpg", ".jpeg")) else "PNG")
    content_type = "image/jpeg" if image_format == "JPEG" else "image/png"
    return SimpleUploadedFile(name, image_bytes(image_format=image_format, **options), content_type=content_type)
