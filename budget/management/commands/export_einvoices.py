from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from budget.invoicing.einvoices import einvoices_write
from budget.models import Invoice


class Command(BaseCommand):
    help = (
        "Write one Peppol BIS Billing 3.0 UBL file, <number>.xml, per invoice and credit note "
        "of a fee year into a folder (for upload to a bookkeeping system or access point)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--out", type=Path, required=True)

    def handle(self, *args: object, **options: object) -> None:
        year, folder = options["year"], options["out"]
        if not Invoice.objects.filter(fee_year=year).exists():
            raise CommandError(f"Inga fakturor för avgiftsåret {year}.")
        written = einvoices_write(fee_year=year, folder=folder)
        self.stdout.write(f"{len(written)} e-fakturor skrivna till {folder}.")
