import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from nns_portal.scale import CHAIR_EMAIL, STAFF_EMAIL, load_scale


class Command(BaseCommand):
    help = "Fill an empty database with a register at national scale, for the benchmarks."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--associations", type=int, default=2000)
        parser.add_argument("--meetings", type=int, default=600, help="meetings this year")

    def handle(self, *args: object, associations: int, meetings: int, **options: object) -> None:
        started = time.perf_counter()
        try:
            made = load_scale(
                associations=associations, meetings=meetings, today=timezone.localdate()
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(f"{n} {what}" for what, n in made.items())
        self.stdout.write(f"Skaldata: {counts} på {time.perf_counter() - started:.1f} s.")
        self.stdout.write(f"Inloggningar: {STAFF_EMAIL} (kansli), {CHAIR_EMAIL} (ordförande).")
