from django.core.management.base import BaseCommand, CommandError, CommandParser

from budget.invoicing.einvoice_rules import RulesMissing, einvoice_rules
from budget.invoicing.einvoices import invoice_ubl
from budget.invoicing.ubl import EinvoiceRefused
from budget.models import Invoice


class Command(BaseCommand):
    help = (
        "Check the e-invoice of every invoice and credit note of a fee year against the "
        "official rules (CEN EN 16931 and Peppol BIS 3.0 with the Swedish rules) in "
        "EINVOICE_RULES_DIR, before they are uploaded. Fails if any has a fatal error."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args: object, **options: object) -> None:
        try:
            rules = einvoice_rules()
        except RulesMissing as error:
            raise CommandError(str(error)) from error
        invoices = Invoice.objects.filter(fee_year=options["year"]).order_by(
            "series_year", "sequence"
        )
        rejected = 0
        for invoice in invoices.select_related("credits"):
            try:
                failures = rules.check(invoice_ubl(invoice=invoice))
            except EinvoiceRefused as error:
                self.stdout.write(str(error))
                rejected += 1
                continue
            for failure in failures:
                self.stdout.write(
                    f"{invoice.number}: {failure.flag} {failure.rule}: {failure.text}"
                )
            rejected += any(failure.flag == "fatal" for failure in failures)
        if rejected:
            total = invoices.count()
            raise CommandError(
                f"{rejected} av {total} e-fakturor har fatala fel eller kunde inte skapas."
            )
        self.stdout.write(f"{invoices.count()} e-fakturor utan fatala fel.")
