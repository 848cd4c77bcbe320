import datetime
import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from budget.invoicing import selectors, services

# How often a waiting command looks again whether the run under way has finished.
WAIT_STEP_SECONDS = 5


class Command(BaseCommand):
    help = (
        "Issue a year's invoices to the member associations not invoiced for it yet, as staff "
        "do from the admin. Safe to run again, and alongside another run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="The fee year.")
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="Invoice date, YYYY-MM-DD (default: today).",
        )
        parser.add_argument("--send", action="store_true", help="E-mail each invoice with its PDF.")
        parser.add_argument(
            "--wait",
            type=int,
            default=0,
            metavar="SECONDS",
            help="If a run of the year is under way, wait up to this long for it to finish "
            "(a killed one is resumed by beat) instead of failing at once.",
        )

    def handle(self, *args: object, **options: object) -> None:
        until = time.monotonic() + options["wait"]
        while True:
            try:
                run = services.invoice_run_create(
                    fee_year=options["year"],
                    issued_on=options["date"] or timezone.localdate(),
                    send_by_email=options["send"],
                    user=None,
                )
                break
            except ValidationError as error:
                refused_for_a_run = {e.code for e in error.error_list} == {"run_under_way"}
                if not refused_for_a_run or time.monotonic() >= until:
                    raise CommandError(" ".join(error.messages)) from error
                if selectors.invoice_run_under_way(fee_year=options["year"]):
                    self.stdout.write(f"Väntar på pågående fakturering av {options['year']} …")
                    time.sleep(WAIT_STEP_SECONDS)
                # else the run that refused this one finished meanwhile: try again at once
        services.invoice_run_execute(run_id=run.pk)
        run.refresh_from_db()
        self.stdout.write(f"Fakturor utfärdade: {run.issued} av {run.to_invoice}.")
        for problem in run.problems:
            self.stdout.write(f"  Ej fakturerad: {problem['association']}: {problem['message']}")
