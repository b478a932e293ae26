"""`kurs token create --user EMAIL`: a personal API token, printed once on stdout."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kurs.orgs.actions import do_create_token
from kurs.orgs.models import User


class Command(BaseCommand):
    """API tokens from the command line; `create` prints only the token, for scripts."""

    help = "Manage API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        create = subcommands.add_parser("create", help="create a token and print it")
        create.add_argument("--user", required=True, help="email of the token's owner")
        create.add_argument("--name", default="", help="a name to tell the token apart")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=options["user"].strip().lower()).first()
        if user is None:
            raise CommandError(f"No person with the email {options['user']!r}.")
        try:
            _token, raw = do_create_token(user, options["name"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        # Only the token, so that `TOKEN=$(kurs token create --user ...)` works.
        self.stdout.write(raw)
