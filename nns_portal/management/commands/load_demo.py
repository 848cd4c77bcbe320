from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from budget import demo as budget_demo
from meetings import demo as meetings_demo
from members import demo as members_demo
from nns_portal.settings.mail import FILEBASED


class Command(BaseCommand):
    help = "Load realistic demo data. Safe to run again: it updates what is already there."

    def handle(self, *args: object, **options: object) -> None:
        with transaction.atomic():
            logins = members_demo.load()
            meetings_demo.load()
            budget_demo.load()
        self.stdout.write(self.style.SUCCESS("Demodata laddad."))
        self.stdout.write("Logga in på http://127.0.0.1:8000/konto/login/code/ med en av:")
        for line in logins:
            self.stdout.write(f"  {line}")
        mailer = settings.MAILERS["default"]
        if mailer["BACKEND"] == FILEBASED:
            self.stdout.write(
                f"Koden skickas med e-post, som här skrivs till {mailer['OPTIONS']['file_path']}/"
                " (den senaste filen)."
            )
