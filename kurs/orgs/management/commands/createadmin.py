"""`kurs createadmin`: create (or promote) an org admin without prompts, e.g. in scripts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from kurs.orgs.actions import do_create_admin, get_or_create_organization


class Command(BaseCommand):
    """Create the organization if needed and an admin in it."""

    help = "Create an org admin (and the organization, if it does not exist yet)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organization name")
        parser.add_argument("--email", required=True, help="the admin's email (their login)")
        parser.add_argument("--password", required=True, help="the admin's password")
        parser.add_argument("--name", default="", help="the admin's name")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            # One transaction: a rejected password must not leave an empty organization.
            with transaction.atomic():
                organization, created = get_or_create_organization(options["org"])
                user = do_create_admin(
                    organization, options["email"], options["password"], name=options["name"]
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if created:
            self.stdout.write(f"Created organization {organization.name!r}.")
        self.stdout.write(f"{user.email} is an org admin of {organization.name!r}.")
