import datetime

import pytest

from meetings.models import Letter, MeetingType
from tests.factories import STOCKHOLM, MeetingFactory, meeting_type


@pytest.fixture
def board_meeting(scene):
    return MeetingFactory(
        type=meeting_type(MeetingType.Code.BOARD),
        title="Styrelsemöte",
        starts_at=datetime.datetime(2026, 10, 14, 8, 30, tzinfo=STOCKHOLM),
        ends_at=datetime.datetime(2026, 10, 14, 12, 0, tzinfo=STOCKHOLM),
    )


@pytest.fixture
def letter(board_meeting):
    return Letter.objects.create(
        board_meeting=board_meeting,
        title="Brev från NNS styrelse oktober 2026",
        body="Hej alla medlemmar!\n\n## Budget 2027\n\n- Serviceavgiften: **3,5 promille**\n",
    )
