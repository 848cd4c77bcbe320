import socket

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nns_portal.health import worker_problems


class Command(BaseCommand):
    help = (
        "The healthcheck of a Celery worker (docker-compose.yml): it answers, it consumes its "
        "queues, and beat's heartbeat has reached each of them lately. Exit 1 says what is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queues", required=True, help="The worker's queues, comma-separated (as its -Q)."
        )
        parser.add_argument(
            "--hostname",
            default=f"celery@{socket.gethostname()}",
            help="The worker's node name (default: celery@ this host).",
        )
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds to wait.")

    def handle(self, *args: object, **options: object) -> None:
        queues = {queue.strip() for queue in str(options["queues"]).split(",") if queue.strip()}
        problems = worker_problems(
            hostname=str(options["hostname"]), queues=queues, timeout=float(options["timeout"])
        )
        if problems:
            raise CommandError(" ".join(problems))
        self.stdout.write(f"{options['hostname']}: {', '.join(sorted(queues))} OK")
