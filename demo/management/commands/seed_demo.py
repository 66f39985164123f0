"""manage.py seed_demo: a French company to try Multitude with — business units, sixty
people with their line managers, every role, eighty ideas at every stage, comments and
supports. Safe to run again: once the data is there, it only prints the logins.

`--scale eureka` writes instead a programme of Eurêka's size and shape in bulk (demo/eureka.py:
4,573 people, about 3,600 ideas, 100,000 supports), for the executive report."""

import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext as _

from demo.logins import demo_logins
from demo.seeding import demo_notifications_settle, seed_demo_data
from ideas.models import Stage

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
            "--scale", choices=["multitude", "eureka"], default="multitude",
            help="multitude: the demo company (default); eureka: a programme of Eurêka's size and shape, "
                 "written in bulk (4,573 people, about 3,600 ideas).",
        )

    def handle(self, *args, **options):
        # The summary speaks the README's language (English), whatever the site's default.
        with translation.override("en"):
            return self._handle(**options)

    def _handle(self, **options):
        if options["scale"] == "eureka":
            return self._eureka()
        created = seed_demo_data(password=DEMO_PASSWORD)
        if created is None:
            self.stdout.write(_("Demo data already present: nothing was changed."))
        else:
            stages = ", ".join(
                f"{Stage(stage).label} {created[f'stage:{stage}']}" for stage in STAGE_ORDER if created[f"stage:{stage}"]
            )
            self.stdout.write(self.style.SUCCESS(
                _(
                    "Demo data created: %(entities)d business units, %(users)d people, %(ideas)d ideas, "
                    "%(comments)d comments, %(supports)d supports, %(stage_changes)d stage changes."
                ) % created
            ))
            self.stdout.write(_("Ideas by stage: %(stages)s.") % {"stages": stages})
            # --- reports: sign-in days, for the executive report's participation ---
            from demo.sign_ins import seed_sign_in_days

            seed_sign_in_days()
        # The supports were dated in bulk: the trending figure is recounted from them.
        from ideas.services.trending import recent_supports_recount

        recent_supports_recount()
        # --- gamification: points, badges and this week's segments from the data above ---
        from gamification.services import gamification_refresh

        gamification_refresh()
        # --- end gamification ---
        if created is not None:
            # Months of history notified everyone at once: leave a believable few unread.
            demo_notifications_settle()
        self._print_logins()

    def _eureka(self):
        from demo.eureka import EXECUTIVE_EMAIL, seed_eureka
        from gamification.services import gamification_refresh

        started = time.perf_counter()
        created = seed_eureka(password=DEMO_PASSWORD)
        if created is None:
            self.stdout.write(_("Eurêka programme already present: nothing was changed."))
            return
        written = time.perf_counter()
        self.stdout.write(self.style.SUCCESS(_(
            "Eurêka programme written in %(seconds).1f s: %(people)d people, %(ideas)d ideas, %(supports)d supports, "
            "%(comments)d comments, %(stage_changes)d stage changes, %(login_days)d sign-in days."
        ) % {**created, "seconds": written - started}))
        # Points, badges, segments and the trending figure rebuilt in bulk from the rows, as
        # after any bulk load.
        from ideas.services.trending import recent_supports_recount

        recent_supports_recount()
        gamification_refresh()
        # Fresh statistics, or PostgreSQL plans the report's queries on empty tables (35 s
        # instead of 6 s for the page, measured).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(_("Points, badges and segments rebuilt in %(seconds).1f s; %(total).1f s in all.") % {
            "seconds": time.perf_counter() - written, "total": time.perf_counter() - started})
        self.stdout.write(_("Executive login: %(email)s (password: %(password)s)") % {
            "email": EXECUTIVE_EMAIL, "password": DEMO_PASSWORD})

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
