from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy


class Entity(models.Model):
    """A business unit. Entities form a tree: group → division → department."""

    class Kind(models.TextChoices):
        GROUP = "group", _("group")
        DIVISION = "division", _("division")
        DEPARTMENT = "department", _("department")

    name = models.CharField(_("name"), max_length=120)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children")
    # Materialised path of ancestor ids ("/1/4/9/"), so "this entity and its sub-entities"
    # is one indexed prefix filter.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("business unit")
        verbose_name_plural = _("business units")
        ordering = ["path"]

    def __str__(self):
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


def avatar_path(instance, filename):
    return f"avatars/{instance.pk or 'new'}/{filename}"


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    entity = models.ForeignKey(
        Entity, models.PROTECT, null=True, blank=True, related_name="members", verbose_name=_("business unit")
    )
    manager = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="reports", verbose_name=_("line manager")
    )
    # Ids of the line managers above this user ("/12/40/"), kept by
    # accounts.services.user_set_manager, so "is X above Y" needs no recursive query.
    management_path = models.CharField(max_length=255, default="/", editable=False)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True, default="")
    avatar = models.ImageField(_("avatar"), upload_to=avatar_path, blank=True)
    avatar_thumbnail = models.ImageField(upload_to=avatar_path, blank=True, editable=False)
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    # Set when the account was erased (accounts.erasure): the person is then shown as a
    # former employee and nothing identifies them any more.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)
    # Set when sync_directory deactivated the account because the person left the company
    # directory; only those accounts are reactivated when the person comes back.
    left_directory_at = models.DateTimeField(_("left the company directory at"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(condition=~Q(manager=models.F("id")), name="user_not_own_manager"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.erased_at is not None:
            return pgettext("erased account", "former employee")
        return self.get_full_name() or self.email.split("@")[0]

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > timezone.now()


class RoleAssignment(models.Model):
    """A platform-wide role given to a user. Everyone is an employee; functional
    correspondents are named per theme in the moderation app."""

    class Role(models.TextChoices):
        COMMUNITY_MANAGER = "community_manager", _("community manager")
        EXECUTIVE = "executive", _("executive")
        ADMINISTRATOR = "administrator", _("administrator")

    user = models.ForeignKey(User, models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)
    granted_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_role_per_user")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"


class ApiToken(models.Model):
    """A personal API token. Only a digest of the secret is stored: the full token is
    shown once, when it is created. `prefix`, public, finds the row; the digest proves it."""

    user = models.ForeignKey(User, models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"], condition=Q(revoked_at__isnull=True), name="unique_active_token_name_per_user"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.name}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class AccountAuditEntry(models.Model):
    """One row per change to an account made for identity or personal-data reasons
    (erasure, directory sync): who acted, on which account, what changed. The free-text
    details are blanked after AUDIT_DETAIL_RETENTION_DAYS (purge_personal_data)."""

    class Action(models.TextChoices):
        ERASE = "erase", pgettext_lazy("account audit action", "erased an account")
        DIRECTORY_DEACTIVATE = "directory_deactivate", pgettext_lazy("account audit action", "deactivated (left the directory)")
        DIRECTORY_REACTIVATE = "directory_reactivate", pgettext_lazy("account audit action", "reactivated (back in the directory)")

    # Empty when a command acted (directory sync run by the scheduler).
    actor = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("actor"))
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    # The account's id only: an erased person's name or address is not kept here.
    subject_id = models.PositiveBigIntegerField(_("account id"))
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("account audit entry")
        verbose_name_plural = _("account audit log")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.actor_id or '-'} {self.action} {self.subject_id}"
