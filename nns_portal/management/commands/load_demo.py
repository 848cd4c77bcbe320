import contextlib
import logging
from collections.abc import Iterator

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from budget import demo as budget_demo
from meetings import demo as meetings_demo
from meetings.adjusting import demo as adjusting_demo
from meetings.annual import demo as annual_demo
from meetings.decisions import demo as decisions_demo
from meetings.followup import demo as followup_demo
from members import demo as members_demo
from nns_portal.settings.mail import FILEBASED


@contextlib.contextmanager
def _quiet(*names: str) -> Iterator[None]:
    """The tasks run in-process here: their log lines would bury the logins printed below."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = "Load realistic demo data. Safe to run again: it updates what is already there."

    def handle(self, *args: object, **options: object) -> None:
        with _quiet("celery", "kombu"), transaction.atomic():
            logins = members_demo.load()
            meetings_demo.load()
            budget_demo.load()
            annual_demo.load()  # its papers include the budget
            decisions_demo.load()  # the annual cycle's meetings decide
            followup_demo.load()  # and their decisions are followed up
            adjusting_demo.load()  # a board meeting's minutes adjusted online and sealed
        self.stdout.write(self.style.SUCCESS("Demodata laddad."))
        self.stdout.write(f"Logga in på {settings.PORTAL_URL}/konto/login/code/ med en av:")
        for line in logins:
            self.stdout.write(f"  {line}")
        if settings.STAFF_SECOND_FACTOR_REQUIRED:
            self.stdout.write(
                "Kansliets inloggning lägger till en andra faktor (autentiseringsapp eller "
                "nyckel) vid första inloggningen."
            )
        else:
            self.stdout.write(
                "Andra faktor för kansliet är avstängd i utvecklingsinställningarna "
                "(STAFF_SECOND_FACTOR_REQUIRED); produktionen startar inte så."
            )
        mailer = settings.MAILERS["default"]
        if mailer["BACKEND"] == FILEBASED:
            self.stdout.write(
                f"Koden skickas med e-post, som här skrivs till {mailer['OPTIONS']['file_path']}/"
                " (den senaste filen)."
            )
