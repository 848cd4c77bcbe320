from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from budget.invoicing.einvoices import einvoices_write
from budget.models import Invoice


def _folder(value: str) -> Path:
    """The folder to write into: named, and inside a folder that exists (it is made if not)."""
    if not value.strip():
        raise CommandError("Ange en mapp med --out.")
    folder = Path(value)
    if not folder.parent.is_dir():
        raise CommandError(f"Mappen {folder.parent} finns inte; skapa den först.")
    if folder.exists() and not folder.is_dir():
        raise CommandError(f"{folder} är en fil, inte en mapp.")
    return folder


class Command(BaseCommand):
    help = (
        "Write one Peppol BIS Billing 3.0 UBL file, <number>.xml, per invoice and credit note "
        "of a fee year into a folder (for upload to a bookkeeping system or access point)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--out", required=True)

    def handle(self, *args: object, **options: object) -> None:
        year, folder = options["year"], _folder(options["out"])
        if not Invoice.objects.filter(fee_year=year).exists():
            raise CommandError(f"Inga fakturor för avgiftsåret {year}.")
        written, refused = einvoices_write(fee_year=year, folder=folder)
        self.stdout.write(f"{len(written)} e-fakturor skrivna till {folder}.")
        for reason in refused:
            self.stderr.write(reason)
        if refused:
            raise CommandError(f"{len(refused)} e-fakturor kunde inte skapas.")
