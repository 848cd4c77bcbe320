"""Demo meetings: the 2026 and 2027 plans of the seed, a chairs' meeting being invited to, and
two letters from the board (one is the real letter of August 2023 in the seeds)."""

import datetime
from pathlib import Path

from django.urls import reverse
from django.utils import timezone

from nns_portal.emails import absolute_url
from nns_portal.tabular.imports import import_apply

from . import services
from .models import Letter, Meeting, MeetingType
from .plan_file import PLAN_FILE, PLAN_KIND
from .services import meeting_times

DATA = Path(__file__).resolve().parent / "data"
OLD_MINUTES_PAGE = "http://nnsfinsam.se/dokument/protokoll.aspx"
AUTUMN_2026_LETTER = """Hej alla medlemmar!

Styrelsen möttes den 14 oktober. Här är ett kort urval av det vi arbetar med just nu.

## Verksamhetsplan och budget 2027

Förslaget till verksamhetsplan och budget för 2027 är klart och läggs fram på medlemsmötet
den 19 november. Serviceavgiften föreslås vara oförändrad, 3,5 promille av förbundens
totala budget.

## Månadsträffarna

De digitala månadsträffarna fortsätter sista torsdagen i månaden kl. 13–15. Hör gärna av er
med ämnen ni vill ta upp.

Meddela oss gärna om ni har frågor eller tankar om det här brevet.
"""


def load() -> None:
    services.meeting_types_ensure_standard()
    import_apply(kind=PLAN_KIND, content=PLAN_FILE.read_bytes(), filename=PLAN_FILE.name)
    # The next chairs' meeting has its invitations out, so "Mina möten" has something to answer.
    upcoming = Meeting.objects.filter(
        type__code=MeetingType.Code.CHAIRS,
        status=Meeting.Status.PLANNED,
        starts_at__gt=timezone.now(),
    ).first()
    if upcoming is not None:
        services.invitations_send(meeting=upcoming)
    _letters()


def _board_meeting(day: datetime.date) -> Meeting:
    starts_at, ends_at, _all_day = meeting_times(
        first_day=day, start=datetime.time(8, 30), end=datetime.time(12, 0)
    )
    meeting, _created = Meeting.objects.get_or_create(
        type=MeetingType.objects.get(code=MeetingType.Code.BOARD),
        title="Styrelsemöte",
        starts_at=starts_at,
        defaults={"ends_at": ends_at},
    )
    return meeting


def _letters() -> None:
    letters = [
        (
            datetime.date(2023, 8, 17),
            "Brev från NNS styrelse 24 augusti 2023",
            # The minutes it points to are in the portal now.
            (DATA / "brev_2023-08-24.md")
            .read_text()
            .replace(OLD_MINUTES_PAGE, absolute_url(reverse("meetings:minutes"))),
            datetime.datetime(2023, 8, 24, 9, 0, tzinfo=timezone.get_default_timezone()),
        ),
        (
            datetime.date(2026, 10, 14),
            "Brev från NNS styrelse oktober 2026",
            AUTUMN_2026_LETTER,
            datetime.datetime(2026, 10, 21, 9, 0, tzinfo=timezone.get_default_timezone()),
        ),
    ]
    for day, title, body, sent_at in letters:
        # The demo's history: sent before the portal existed, so no e-mails are queued now.
        Letter.objects.update_or_create(
            title=title,
            defaults={
                "board_meeting": _board_meeting(day),
                "body": body,
                "status": Letter.Status.SENT,
                "sent_at": sent_at,
            },
        )
