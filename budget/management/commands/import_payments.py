from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from budget.invoicing.bank_payments import matches_summary
from budget.invoicing.payment_files import (
    payment_file_read,
    payment_file_register,
    payment_file_upload,
)
from budget.management.file_argument import read_file_argument
from budget.templatetags.money import kronor


class Command(BaseCommand):
    help = (
        "Register the payments of the bank's BgMax file (Bankgiro Inbetalningar): each matched "
        "to its invoice by OCR reference. Prints what the file does; with --dry-run registers "
        "nothing. A file already read registers nothing twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        path: Path = options["file"]
        content = read_file_argument(path)
        try:
            if options["dry_run"]:
                matches = payment_file_read(content=content)
            else:
                payment_file = payment_file_upload(name=path.name, content=content, user=None)
                matches = payment_file_register(payment_file_id=payment_file.pk, user=None)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        for match in matches:
            if match.reason:
                self.stdout.write(
                    f"Rad {match.payment.line}: {match.reference or '–'} "
                    f"{kronor(match.amount)}: {match.outcome.label}: {match.reason}"
                )
        for row in matches_summary(matches).values():
            self.stdout.write(f"{row['label']}: {row['count']} ({kronor(row['amount'])})")
        if options["dry_run"]:
            self.stdout.write("Inget registrerat (--dry-run).")
