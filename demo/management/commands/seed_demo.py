"""manage.py seed_demo: a French company to try Multitude with — business units, sixty
people with their line managers, every role, eighty ideas at every stage, comments and
supports. Safe to run again: once the data is there, it only prints the logins."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from demo.logins import demo_logins
from demo.seeding import seed_demo_data

# Every demo user signs in with this password.
DEMO_PASSWORD = "demo-multitude"

STAGE_ORDER = [
    "draft", "submitted", "changes_requested", "published", "rejected",
    "potential", "analysis", "project", "pilot", "deployed", "not_retained",
]


class Command(BaseCommand):
    help = "Load the demo company (idempotent) and print one login per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", choices=["multitude"], default="multitude",
            help="Size of the data set. Only the default, the Multitude company, exists so far.",
        )

    def handle(self, *args, **options):
        created = seed_demo_data(password=DEMO_PASSWORD)
        if created is None:
            self.stdout.write(_("Demo data already present: nothing was changed."))
        else:
            stages = ", ".join(
                f"{stage} {created[f'stage:{stage}']}" for stage in STAGE_ORDER if created[f"stage:{stage}"]
            )
            self.stdout.write(self.style.SUCCESS(
                _(
                    "Demo data created: %(entities)d business units, %(users)d people, %(ideas)d ideas, "
                    "%(comments)d comments, %(supports)d supports, %(stage_changes)d stage changes."
                ) % created
            ))
            self.stdout.write(_("Ideas by stage: %(stages)s.") % {"stages": stages})
        # --- gamification: points, badges and this week's segments from the data above ---
        from gamification.services import gamification_refresh

        gamification_refresh()
        # --- end gamification ---
        self._print_logins()

    def _print_logins(self):
        logins = demo_logins()
        if not logins:
            return
        self.stdout.write("")
        self.stdout.write(_("Demo logins (password for all: %(password)s)") % {"password": DEMO_PASSWORD})
        width = max(len(login["email"]) for login in logins)
        label_width = max(len(str(login["role_label"])) for login in logins)
        for login in logins:
            email, label = login["email"], str(login["role_label"])
            self.stdout.write(f"  {email:<{width}}  {label:<{label_width}}  {login['entity']}")
