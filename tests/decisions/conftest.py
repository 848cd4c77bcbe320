from dataclasses import dataclass

import pytest

from meetings.annual.services import roll_call_check_in
from meetings.decisions import services
from meetings.decisions.models import AgendaItem
from meetings.models import Meeting, MeetingDelegate
from members.models import Association, Person, Role
from tests.factories import AssociationFactory, PersonFactory, RoleFactory, annual_meeting
from tests.scene import NOW


@dataclass
class Voting:
    meeting: Meeting
    c: Association
    chair_c: Person
    items: list[AgendaItem]

    def item(self, title: str) -> AgendaItem:
        exact = [item for item in self.items if item.title == title]
        return (exact or [item for item in self.items if item.title.startswith(title)])[0]


@pytest.fixture
def voting(scene, frozen) -> Voting:
    """Today's annual meeting with its standard agenda. Alfa (its chair), Beta (its director)
    and Gamma Nya (its chair) have named delegates; Alfa and Beta are checked in."""
    meeting = annual_meeting(NOW.date())
    c = AssociationFactory(name="Samordningsförbundet Delta", area=scene.a.area)
    chair_c = PersonFactory(first_name="Cecilia")
    RoleFactory(person=chair_c, kind=Role.Kind.CHAIR, association=c)
    for association, person in (
        (scene.a, scene.chair_a),
        (scene.b, scene.director_b),
        (c, chair_c),
    ):
        MeetingDelegate.objects.create(meeting=meeting, association=association, person=person)
    for association in (scene.a, scene.b):
        roll_call_check_in(
            meeting=meeting, association=association, attendance="on_site", user=None
        )
    services.agenda_template_ensure()  # gone if a test before flushed the database
    items = services.agenda_from_template(meeting=meeting)
    return Voting(meeting=meeting, c=c, chair_c=chair_c, items=items)
