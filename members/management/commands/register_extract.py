from django.core.management.base import BaseCommand, CommandError

from members.models import Person
from members.privacy.extract import register_extract_json


class Command(BaseCommand):
    help = "Write everything the portal holds about one person, as JSON, to standard output."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")

    def handle(self, *args: object, email: str, **options: object) -> None:
        person = Person.objects.filter(email__iexact=email.strip()).first()
        if person is None:
            raise CommandError(f"Ingen person i registret har adressen {email}.")
        self.stdout.write(register_extract_json(person=person))
