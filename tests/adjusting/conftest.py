import datetime
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile

from meetings.documents.services import document_add
from meetings.models import Meeting, MeetingDocument, MeetingType
from members.models import Person
from nns_portal.pdf import render_pdf
from tests.factories import STOCKHOLM, MeetingFactory, meeting_type


def minutes_pdf(text: str) -> bytes:
    return render_pdf(f'<html lang="sv"><body><h1>Protokoll</h1><p>{text}</p></body></html>')


@dataclass
class Board:
    meeting: Meeting
    minutes: MeetingDocument
    chair: Person  # Nina, NNS's chair
    adjusters: list[Person]  # Kurt (board member) and Stina (NNS staff)


@pytest.fixture
def board(scene, frozen) -> Board:
    """A board meeting a month ago, with its draft minutes."""
    meeting = MeetingFactory(
        type=meeting_type(MeetingType.Code.BOARD),
        title="Styrelsemöte",
        starts_at=datetime.datetime(2026, 10, 20, 8, 30, tzinfo=STOCKHOLM),
    )
    minutes = document_add(
        meeting=meeting,
        kind="protokoll",
        title="Protokoll styrelsemöte 20 oktober",
        upload=ContentFile(minutes_pdf("§ 1 Mötet öppnades."), "protokoll.pdf"),
        user=None,
    )
    return Board(
        meeting=meeting,
        minutes=minutes,
        chair=scene.nns_chair,
        adjusters=[scene.contact_syd, scene.nns_staff],
    )
