"""One demo login per role, read from the database: printed by seed_demo and shown on the
login page when settings.DEMO_MODE is on."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from accounts.models import RoleAssignment, User
from moderation.models import CorrespondentAssignment

from .organisation import DOMAIN

Role = RoleAssignment.Role

# In the order they are listed; the labels are the ones used for these roles elsewhere.
ROLE_LABELS = {
    "employee": _("employee"),
    "correspondent": _("functional correspondent"),
    Role.COMMUNITY_MANAGER: _("community manager"),
    Role.EXECUTIVE: _("executive"),
    Role.ADMINISTRATOR: _("administrator"),
}


def demo_logins() -> list[dict]:
    """[{role, role_label, email, entity}] for each role some demo user holds: the first
    one given the role (by id), so the answer does not change from one call to the next.
    Three queries."""
    demo_users = User.objects.filter(email__iendswith=f"@{DOMAIN}", is_active=True)
    holders: dict[str, User] = {}

    employee = (
        demo_users.filter(is_superuser=False)
        .exclude(Exists(RoleAssignment.objects.filter(user=OuterRef("pk"))))
        .exclude(Exists(CorrespondentAssignment.objects.filter(user=OuterRef("pk"))))
        .exclude(Exists(User.objects.filter(manager=OuterRef("pk"))))  # someone with no team
        .select_related("entity")
        .order_by("id")
        .first()
    )
    if employee is not None:
        holders["employee"] = employee

    correspondent = (
        CorrespondentAssignment.objects.filter(user__in=demo_users)
        .select_related("user__entity")
        .order_by("id")
        .first()
    )
    if correspondent is not None:
        holders["correspondent"] = correspondent.user

    roles = RoleAssignment.objects.filter(user__in=demo_users).select_related("user__entity").order_by("id")
    for assignment in roles:
        holders.setdefault(assignment.role, assignment.user)

    return [
        {
            "role": role,
            "role_label": label,
            "email": holders[role].email,
            "entity": holders[role].entity.name if holders[role].entity_id else "",
        }
        for role, label in ROLE_LABELS.items()
        if role in holders
    ]
