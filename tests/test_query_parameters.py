"""Every query parameter the portal and its own admin filters read, fuzzed: a bad value is the
user's mistake and gets the page without it, or a 400/404, never a 500."""

import pytest
from django.test import Client
from django.urls import reverse

from budget.plan.services import budget_import
from meetings.models import Invitation
from meetings.tokens import rsvp_token
from tests.factories import MeetingFactory

HOSTILE = [
    "²", "①", "٣", "😀", "-1", "0", "99999999999999999999", "1e400", "NaN", "\x00", "\u202e1",
    "' OR 1=1 --", "2026,2027", " 2026", "", "a" * 3000,
]  # fmt: skip

# (who asks, URL name, its arguments' fixture key, the parameters it reads)
PARAMETERS = [
    ("staff", "admin:members_association_changelist", None, ["indicators", "budget_missing",
                                                              "membership"]),
    ("staff", "admin:members_person_changelist", None, ["gallras"]),
    ("staff", "admin:budget_invoice_changelist", None, ["status"]),
    ("board", "budget:budget", None, ["kolumn", "ar"]),
    ("board", "budget:budget_pdf", None, ["kolumn"]),
    ("anonymous", "meetings:rsvp", "rsvp", ["svar"]),
]  # fmt: skip


@pytest.fixture
def clients(invoicing, frozen, send):
    from meetings import services

    scene = invoicing
    scene.staff.is_superuser = True
    scene.staff.save()
    budget_import()
    meeting = MeetingFactory()
    send(services.invitations_send, meeting=meeting)
    invitation = Invitation.objects.get(meeting=meeting, person=scene.chair_a)
    staff, board = Client(), Client()
    staff.force_login(scene.staff)
    board.force_login(scene.nns_chair.user)
    return {"staff": staff, "board": board, "anonymous": Client()}, {
        "rsvp": [invitation.pk, rsvp_token(invitation)]
    }


@pytest.mark.parametrize(("who", "name", "arguments", "parameters"), PARAMETERS)
def test_no_query_parameter_value_gives_a_500(clients, who, name, arguments, parameters):
    by_role, args = clients
    url = reverse(name, args=args.get(arguments, []))
    answers = {}
    for parameter in parameters:
        for value in HOSTILE:
            answers[(parameter, value)] = by_role[who].get(url, {parameter: value}).status_code

    assert {key: status for key, status in answers.items() if status >= 500} == {}
    assert set(answers.values()) <= {200, 302, 400, 404}
