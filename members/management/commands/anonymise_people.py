from django.core.management.base import BaseCommand
from django.utils import timezone

from members.privacy.retention import outbox_bodies_clear, people_anonymise_due


class Command(BaseCommand):
    help = "Anonymise the people past the retention limit (what the nightly run does)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="only say who it would be")

    def handle(self, *args: object, dry_run: bool, **options: object) -> None:
        names = people_anonymise_due(today=timezone.localdate(), dry_run=dry_run)
        verb = "Skulle anonymisera" if dry_run else "Anonymiserade"
        self.stdout.write(f"{verb} {len(names)} personer.")
        for name in names:
            self.stdout.write(f"  {name}")
        if not dry_run:
            cleared = outbox_bodies_clear(now=timezone.now())
            self.stdout.write(f"Tömde texten i {cleared} skickade e-postmeddelanden.")
