import pytest

from tests.factories import MeetingFactory


@pytest.fixture
def chairs_meeting(scene):
    return MeetingFactory()
