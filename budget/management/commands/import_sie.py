from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from budget.management.file_argument import read_file_argument
from budget.plan.outcome_import import sie_import, sie_preview
from budget.templatetags.money import kronor


class Command(BaseCommand):
    help = (
        "Import the budget's outcome from NNS's bookkeeping: a SIE 4 file of one fiscal year. "
        "Prints what each budget line gets and the accounts no line takes; with --dry-run "
        "imports nothing. Importing a year again replaces its outcome and keeps the earlier."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        path: Path = options["file"]
        content = read_file_argument(path)
        try:
            preview = sie_preview(content=content)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        start, end = preview.sie.fiscal_year
        self.stdout.write(f"Räkenskapsår {start}–{end}, {preview.sie.vouchers} verifikationer.")
        for line in preview.lines:
            self.stdout.write(f"{line.line}: {kronor(line.amount)} ({', '.join(line.accounts)})")
        for account, name, amount in preview.unmapped:
            self.stdout.write(f"Konto utan budgetrad: {account} {name}: {kronor(amount)}")
        if options["dry_run"]:
            self.stdout.write("Inget importerat (--dry-run).")
            return
        imported = sie_import(name=path.name, content=content, user=None)
        self.stdout.write(f"Utfallet för {imported.fiscal_year} är importerat.")
