"""Create a personal API token for a person, for scripts and integrations:

    manage.py create_api_token alice@multitude.example --name "weekly report"

Prints the token once (only its digest is stored)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from core.errors import Conflict
from accounts.tokens import api_token_create


class Command(BaseCommand):
    help = "Create a personal API token for the person with this e-mail address and print it once."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="command line", help="What will use the token.")

    def handle(self, *args, email, name, **options):
        try:
            user = User.objects.get(email__iexact=email.strip())
        except User.DoesNotExist:
            raise CommandError(f"Nobody has the e-mail address {email!r}.")
        try:
            _token, secret = api_token_create(by=user, name=name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages))
        except PermissionDenied:
            raise CommandError(f"The account {email!r} is not active.")
        except Conflict as error:
            raise CommandError(error.message)
        self.stdout.write(secret)
