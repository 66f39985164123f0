"""Changes to people and business units."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.images import clean_image

from .models import Entity, RoleAssignment, User


@transaction.atomic
def entity_create(*, name: str, code: str, kind: str, parent: Entity | None = None) -> Entity:
    entity = Entity.objects.create(name=name, code=code, kind=kind, parent=parent)
    entity.path = f"{parent.path if parent else '/'}{entity.pk}/"
    entity.save(update_fields=["path"])
    return entity


def entity_and_descendant_ids(entity: Entity) -> list[int]:
    return list(Entity.objects.filter(path__startswith=entity.path).values_list("id", flat=True))


@transaction.atomic
def user_set_manager(*, user: User, manager: User | None) -> None:
    """Name a line manager, refusing loops, and refresh the management path of the user
    and of everyone under them."""
    if manager is not None and (manager.pk == user.pk or f"/{user.pk}/" in manager.management_path):
        raise ValidationError(_("%(user)s cannot report to someone they manage.") % {"user": user})
    old_prefix = f"{user.management_path}{user.pk}/"
    user.manager = manager
    user.management_path = f"{manager.management_path}{manager.pk}/" if manager else "/"
    user.save(update_fields=["manager", "management_path"])
    new_prefix = f"{user.management_path}{user.pk}/"
    if old_prefix != new_prefix:
        for report in User.objects.filter(management_path__startswith=old_prefix).only("pk", "management_path"):
            report.management_path = new_prefix + report.management_path[len(old_prefix):]
            report.save(update_fields=["management_path"])


def role_grant(*, user: User, role: str, by: User | None = None) -> RoleAssignment:
    assignment, _created = RoleAssignment.objects.get_or_create(user=user, role=role, defaults={"granted_by": by})
    user.__dict__.pop("_multitude_roles", None)
    return assignment


@transaction.atomic
def profile_update(*, user: User, first_name: str, last_name: str, job_title: str, language: str, avatar=None) -> User:
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.job_title = job_title.strip()
    user.language = language
    fields = ["first_name", "last_name", "job_title", "language"]
    if avatar is not None:
        cleaned = clean_image(avatar, max_side=512, thumbnail_side=96, square=True)
        old = (user.avatar.name, user.avatar_thumbnail.name)
        user.avatar.save(cleaned.image.name, cleaned.image, save=False)
        user.avatar_thumbnail.save(cleaned.thumbnail.name, cleaned.thumbnail, save=False)
        fields += ["avatar", "avatar_thumbnail"]
        transaction.on_commit(lambda: _delete_files(user.avatar.storage, old))
    user.save(update_fields=fields)
    return user


def _delete_files(storage, names):
    for name in names:
        if name:
            storage.delete(name)
