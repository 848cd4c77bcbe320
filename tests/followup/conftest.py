import datetime
from dataclasses import dataclass

import pytest

from meetings.followup import services
from meetings.followup.models import Decision
from meetings.models import Meeting, MeetingType
from tests.decisions.conftest import voting  # noqa: F401  (the annual meeting of today)
from tests.factories import STOCKHOLM, MeetingFactory, meeting_type
from tests.scene import NOW


@dataclass
class Register:
    board_meeting: Meeting
    overdue: Decision  # Kurt (NNS board member), deadline passed
    soon: Decision  # Anna (chair of Alfa), deadline in ten days
    done: Decision  # Kurt, done


@pytest.fixture
def register(scene, frozen) -> Register:
    """A board meeting a month ago with three decisions."""
    meeting = MeetingFactory(
        type=meeting_type(MeetingType.Code.BOARD),
        title="Styrelsemöte",
        starts_at=datetime.datetime(2026, 10, 20, 8, 30, tzinfo=STOCKHOLM),
    )

    def decided(paragraph: int, text: str, days: int, status: str, person) -> Decision:
        return services.decision_save(
            decision=Decision(
                meeting=meeting,
                paragraph=paragraph,
                text=text,
                deadline=NOW.date() + datetime.timedelta(days=days),
                status=status,
            ),
            user=None,
            responsible=[person],
        )

    return Register(
        board_meeting=meeting,
        overdue=decided(5, "Ta fram en rutin för e-fakturor", -3, "pagar", scene.contact_syd),
        soon=decided(6, "Planera områdesträffarna", 10, "ej_paborjat", scene.chair_a),
        done=decided(7, "Uppdatera webbplatsen", -30, "klart", scene.contact_syd),
    )
