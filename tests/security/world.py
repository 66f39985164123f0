"""The fixture world of the security tests: one person per role and content in every state
that must stay out of sight, each with a title nobody else carries, so that a leak shows
as that title in a response.

Roles (the order of every expectation row in authz_expectations.py):
  anonymous, employee, author, other_correspondent (correspondent of another theme),
  community_manager, executive, suspended.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from accounts.tokens import api_token_create
from ideas.models import Stage
from ideas.services import comment_post
from moderation.content import content_hide
from notifications.models import Kind
from notifications.services import notify
from tests.factories import CorrespondentAssignmentFactory, IdeaFactory, Role, UserFactory, image_upload

ROLES = ("anonymous", "employee", "author", "other_correspondent", "community_manager", "executive", "suspended")

# Words that appear only in content some roles must not see (titles, bodies, comments).
SECRETS = {
    "draft": "Quokka draft about badge readers",
    "submitted": "Narwhal submitted plan for lockers",
    "hidden": "Pangolin hidden proposal for parking",
    "hidden_comment": "Axolotl hidden remark on lunch",
}
# Who may read each secret (everyone else must never receive it).
SECRET_READERS = {
    "draft": {"author"},
    "submitted": {"author", "community_manager"},
    "hidden": {"author", "community_manager"},
    "hidden_comment": {"employee", "community_manager"},
}


@dataclass
class World:
    users: dict
    ideas: dict
    comments: dict
    images: dict
    notification: object
    token: object
    theme: object
    extra: dict = field(default_factory=dict)

    def user(self, role):
        return self.users[role]


def build_world(theme, other_theme, department, sibling_division) -> World:
    author = UserFactory(first_name="Alice", last_name="Author", entity=department)
    employee = UserFactory(first_name="Colin", last_name="Colleague", entity=department)
    other = UserFactory(first_name="Oscar", last_name="Other", entity=sibling_division)
    CorrespondentAssignmentFactory(user=other, theme=other_theme)
    manager = UserFactory(first_name="Camille", last_name="Manager", entity=sibling_division,
                          roles=[Role.COMMUNITY_MANAGER])
    executive = UserFactory(first_name="Eric", last_name="Executive", entity=sibling_division, roles=[Role.EXECUTIVE])
    suspended = UserFactory(first_name="Sue", last_name="Suspended", entity=department,
                            suspended_until=timezone.now() + timedelta(days=3))
    users = {
        "anonymous": None, "employee": employee, "author": author, "other_correspondent": other,
        "community_manager": manager, "executive": executive, "suspended": suspended,
    }

    def idea(stage, title, **options):
        return IdeaFactory(author=author, theme=theme, stage=stage, title=title, moderator=manager,
                           executive=executive, body=f"{title}: the details.", **options)

    ideas = {
        "draft": idea(Stage.DRAFT, SECRETS["draft"], images=[image_upload("draft.png")]),
        "submitted": idea(Stage.SUBMITTED, SECRETS["submitted"]),
        "published": idea(Stage.PUBLISHED, "Published idea: share the printers", images=[image_upload("shown.png")]),
        "hidden": idea(Stage.PUBLISHED, SECRETS["hidden"]),
    }
    published = ideas["published"]
    comments = {
        "comment": comment_post(idea=published, by=employee, body="A visible remark on printers"),
        "hidden_comment": comment_post(idea=published, by=employee, body=SECRETS["hidden_comment"]),
    }
    # The employee followed the idea before it was hidden: their notification names it.
    notification = notify(kind=Kind.COMMENT, recipients=[employee.pk], key="walk-hidden", actor=author,
                          idea=ideas["hidden"])[0]
    content_hide(target=ideas["hidden"], by=manager, reason="Off topic")
    content_hide(target=comments["hidden_comment"], by=manager, reason="Rude")
    token, _raw = api_token_create(by=author, name="walk")
    # A challenge posed by the executive, open now; an idea with potential that the employee
    # is asked to evaluate as an expert.
    from ideas.services.challenges import challenge_create
    from moderation.evaluations import evaluators_assign

    challenge = challenge_create(by=executive, title="Walk challenge: fewer printers", question="How could we share the printers between floors?",
                                 themes=[theme], opens_at=timezone.now() - timedelta(days=1),
                                 closes_at=timezone.now() + timedelta(days=10))
    potential = idea(Stage.POTENTIAL, "Idea with potential: share the scanners")
    evaluation = evaluators_assign(idea=potential, evaluators=[employee], by=manager)[0]
    images = {stage: ideas[stage].images.get() for stage in ("draft", "published")}
    # A chat tool's webhook registered by the community manager (an address of the
    # documentation range: a test send is refused before any connection).
    from webhooks.models import Endpoint

    webhook = Endpoint.objects.create(name="Walk hook", url="https://203.0.113.10/walk", kinds=["idea_published"],
                                      secret="walk-secret-" + "x" * 20, created_by=manager)
    return World(users=users, ideas=ideas, comments=comments, images=images, notification=notification,
                 token=token, theme=theme, extra={"challenge": challenge, "evaluation": evaluation, "webhook": webhook})


def leaks(role: str, text: str) -> list[str]:
    """The secrets `role` may not read that appear in `text`."""
    return [name for name, secret in SECRETS.items() if role not in SECRET_READERS[name] and secret in text]
