from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from budget.plan.services import PLAN_FILE, budget_import


class Command(BaseCommand):
    help = (
        "Load NNS's budget table (lines, columns, amounts) from a JSON file; by default the "
        "business plan's table that ships with the portal. The whole file or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, default=PLAN_FILE)

    def handle(self, *args: object, **options: object) -> None:
        try:
            count = budget_import(path=options["file"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Budgettabellen laddad: {count} belopp.")
