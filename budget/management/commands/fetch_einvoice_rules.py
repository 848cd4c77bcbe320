from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from budget.invoicing.einvoice_rules_files import RulesFetchFailed, rules_fetch, rules_missing


class Command(BaseCommand):
    help = (
        "Make sure the official e-invoice rule sets are in EINVOICE_RULES_DIR: fetch the pinned "
        "releases from their publishers, checked by SHA-256, when they are not there already."
    )
    # Run before the database exists (on a fresh clone, by make test): no checks, which would
    # open it.
    requires_system_checks = []

    def handle(self, *args: object, **options: object) -> None:
        folder = Path(settings.EINVOICE_RULES_DIR)
        missing = rules_missing(folder=folder)
        if not missing:
            self.stdout.write(f"E-fakturareglerna finns i {folder}.")
            return
        self.stdout.write(f"Hämtar e-fakturareglerna till {folder} ({len(missing)} filer saknas).")
        try:
            written = rules_fetch(into=folder)
        except (RulesFetchFailed, OSError) as error:
            raise CommandError(
                f"E-fakturareglerna kunde inte hämtas: {error} Hämta dem för hand (se README, "
                "'The official rules') och sätt EINVOICE_RULES_DIR till mappen."
            ) from error
        self.stdout.write(f"{len(written)} filer hämtade och kontrollerade.")
