from django.core.management.base import BaseCommand, CommandError, CommandParser

from members.models import User
from members.second_factor import second_factor_reset


class Command(BaseCommand):
    help = (
        "Remove every second factor of a login (a lost phone or key) when no superuser can do "
        "it in the admin: the last superuser's own. They add a new one at their next login; "
        "they are told by e-mail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: object, email: str, **options: object) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"Ingen inloggning har adressen {email}.")
        removed = second_factor_reset(user=user, by=None)
        self.stdout.write(
            f"{user.email}: {removed} faktorer borttagna; en ny läggs till vid nästa inloggning."
        )
