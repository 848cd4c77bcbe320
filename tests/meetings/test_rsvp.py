"""Answering: by the signed link of the e-mail, or logged in under "Mina möten"."""

import datetime
import re

import pytest
import time_machine
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from meetings import services
from meetings.emails import rsvp_url
from meetings.models import Invitation, MeetingDelegate, MeetingType
from meetings.selectors import substitute_candidates
from meetings.tokens import SALT, rsvp_token
from members.models import Role
from tests.factories import (
    STOCKHOLM,
    MeetingFactory,
    PersonFactory,
    RoleFactory,
    annual_meeting,
    meeting_type,
)


@pytest.fixture
def invited(scene, chairs_meeting, frozen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(meeting=chairs_meeting)
    mail.outbox.clear()
    return Invitation.objects.get(person=scene.chair_a)


def _path(invitation: Invitation, token: str | None = None) -> str:
    return reverse(
        "meetings:rsvp", kwargs={"pk": invitation.pk, "token": token or rsvp_token(invitation)}
    )


def test_the_link_in_the_email_answers_without_logging_in(client, invited):
    assert rsvp_url(invited).endswith(_path(invited))
    page = client.get(_path(invited) + "?svar=coming")
    assert page.status_code == 200
    assert "Ordförandeträff" in page.text
    assert re.search(r'value="coming"[^>]*checked', page.text)
    response = client.post(_path(invited), {"answer": "coming"})
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.answer == Invitation.Answer.COMING and invited.answered_at
    assert "Tack, ditt svar är sparat." in client.get(response.url).text


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(lambda i, other: rsvp_token(i)[:-2] + "xx", id="tampered"),
        pytest.param(lambda i, other: rsvp_token(other), id="another invitation"),
        pytest.param(
            lambda i, other: signing.dumps([i.pk, i.person_id], salt="something.else"),
            id="signed for something else",
        ),
    ],
)
def test_a_bad_link_gets_a_swedish_error_and_changes_nothing(client, scene, invited, make_token):
    other = Invitation.objects.get(person=scene.chair_b)
    path = _path(invited, make_token(invited, other))
    for response in (client.get(path), client.post(path, {"answer": "not_coming"})):
        assert response.status_code == 400
        assert "Länken fungerar inte" in response.text
    invited.refresh_from_db()
    assert invited.answer == ""


def test_a_link_older_than_a_year_has_expired(client, invited):
    with time_machine.travel(datetime.datetime(2025, 11, 1, tzinfo=STOCKHOLM), tick=False):
        old = signing.dumps([invited.pk, invited.person_id], salt=SALT)
    response = client.post(_path(invited, old), {"answer": "coming"})
    assert response.status_code == 400
    invited.refresh_from_db()
    assert invited.answer == ""


def test_answers_close_when_the_meeting_starts(client, invited):
    client.post(_path(invited), {"answer": "coming"})
    with time_machine.travel(datetime.datetime(2026, 12, 14, 17, 31, tzinfo=STOCKHOLM)):
        response = client.post(_path(invited), {"answer": "not_coming"})
    assert response.status_code == 410
    assert "Svaren är stängda" in response.text
    invited.refresh_from_db()
    assert invited.answer == Invitation.Answer.COMING


def test_the_answer_can_be_changed_until_then(client, invited):
    client.post(_path(invited), {"answer": "coming"})
    client.post(_path(invited), {"answer": "not_coming"})
    invited.refresh_from_db()
    assert invited.answer == Invitation.Answer.NOT_COMING


def test_a_chair_names_another_board_representative(
    client, scene, invited, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _path(invited), {"answer": "substitute", "substitute": scene.board_member_a.pk}
        )
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.substitute == scene.board_member_a
    stand_in = Invitation.objects.get(meeting=invited.meeting, person=scene.board_member_a)
    assert stand_in.answer == Invitation.Answer.COMING
    assert [m.to for m in mail.outbox] == [[scene.board_member_a.email]]


def test_a_substitute_who_is_no_longer_named_loses_the_invitation_and_the_papers(
    client, scene, invited, django_capture_on_commit_callbacks
):
    meeting_page = reverse("meetings:meeting", args=[invited.meeting_id])
    stand_in = Client()
    stand_in.force_login(scene.board_member_a.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_path(invited), {"answer": "substitute", "substitute": scene.board_member_a.pk})
    assert stand_in.get(meeting_page).status_code == 200

    client.post(_path(invited), {"answer": "coming"})

    assert not Invitation.objects.filter(meeting=invited.meeting, person=scene.board_member_a)
    assert stand_in.get(meeting_page).status_code == 404
    assert client.get(meeting_page).status_code == 302  # the chair, not logged in here


def test_only_a_board_representative_of_the_same_association_can_stand_in(client, scene, invited):
    for someone in (scene.officer_a, scene.chair_b):
        response = client.post(_path(invited), {"answer": "substitute", "substitute": someone.pk})
        assert response.status_code == 200  # the form again, with the error
    invited.refresh_from_db()
    assert invited.answer == ""
    # A director, invited for information only, has no substitute to name.
    director = Invitation.objects.get(person=scene.director_a)
    assert "substitute" not in client.get(_path(director)).text


def test_my_meetings_lists_invitations_and_changes_the_answer(client, scene, invited):
    client.force_login(scene.chair_a.user)
    page = client.get(reverse("meetings:mine"))
    assert page.status_code == 200
    assert "Ordförandeträff" in page.text and "Inte svarat" in page.text
    detail = reverse("meetings:invitation", kwargs={"pk": invited.pk})
    client.post(detail, {"answer": "coming"})
    assert "Kommer" in client.get(reverse("meetings:mine")).text
    client.post(detail, {"answer": "substitute", "substitute": scene.board_member_a.pk})
    invited.refresh_from_db()
    assert invited.answer == Invitation.Answer.SUBSTITUTE


def test_the_chair_names_the_delegate_for_the_annual_meeting(
    client, scene, frozen, django_capture_on_commit_callbacks
):
    annual = annual_meeting(datetime.date(2027, 1, 4))
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(meeting=annual)
    invitation = Invitation.objects.get(meeting=annual, person=scene.chair_a)
    client.force_login(scene.chair_a.user)
    page = client.get(reverse("meetings:invitation", kwargs={"pk": invitation.pk}))
    assert "Utse ombudet" in page.text
    url = reverse("meetings:delegate", kwargs={"pk": invitation.pk, "association_pk": scene.a.pk})
    client.post(url, {f"d{scene.a.pk}-person": scene.board_member_a.pk})
    assert MeetingDelegate.objects.get(meeting=annual, association=scene.a).person == (
        scene.board_member_a
    )
    # Someone outside the association cannot be named; nor can B's delegate be named by A.
    client.post(url, {f"d{scene.a.pk}-person": scene.chair_b.pk})
    assert MeetingDelegate.objects.get(meeting=annual).person == scene.board_member_a
    other = reverse("meetings:delegate", kwargs={"pk": invitation.pk, "association_pk": scene.b.pk})
    assert client.post(other, {f"d{scene.b.pk}-person": scene.chair_b.pk}).status_code == 404


def test_a_member_asks_for_an_area_meeting_and_the_contacts_are_told(
    client, scene, django_capture_on_commit_callbacks
):
    client.force_login(scene.officer_a.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("meetings:area_request"),
            {"association": scene.a.pk, "message": "Vi vill prata om unga vuxna."},
        )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [scene.contact_syd.email]
    assert message.subject == "Begäran om områdesträff från Samordningsförbundet Alfa"
    assert "Vi vill prata om unga vuxna." in message.body
    assert message.extra_headers["Reply-To"] == scene.officer_a.email


def test_the_personal_calendar_feed_and_its_renewal(client, scene, invited):
    client.force_login(scene.chair_a.user)
    feed = services.calendar_feed_get(person=scene.chair_a)
    url = reverse("meetings:person_calendar", kwargs={"token": feed.token})
    client.logout()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert b"Ordf\xc3\xb6randetr\xc3\xa4ff" in response.content
    renewed = services.calendar_feed_renew(person=scene.chair_a)
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("meetings:person_calendar", kwargs={"token": renewed.token})).status_code
        == 200
    )


def test_the_public_plan_feed_has_open_meetings_only(client, scene, chairs_meeting):
    MeetingFactory(type=meeting_type(MeetingType.Code.BOARD), title="Styrelsemöte")
    body = client.get(reverse("meetings:plan_calendar")).content.decode()
    assert "Ordförandeträff" in body and "Styrelsemöte" not in body


def test_an_ended_role_gives_no_substitute_choice(scene, invited):
    Role.objects.filter(person=scene.board_member_a).update(ends_on=datetime.date(2026, 1, 1))
    newcomer = PersonFactory()
    RoleFactory(person=newcomer, kind=Role.Kind.DEPUTY, association=scene.a)
    assert substitute_candidates(invitation=invited, on=datetime.date(2026, 11, 24)) == [newcomer]


def test_a_chair_who_left_can_no_longer_answer_by_the_link(client, scene, invited):
    Role.objects.filter(person=scene.chair_a).update(ends_on=datetime.date(2026, 11, 23))

    page = client.get(_path(invited))
    answer = client.post(_path(invited), {"answer": "coming"})

    assert page.status_code == answer.status_code == 410
    assert "Du har inte längre något uppdrag som bjuder in dig" in page.text
    invited.refresh_from_db()
    assert invited.answer == ""
    client.force_login(scene.chair_a.user)
    detail = reverse("meetings:invitation", kwargs={"pk": invited.pk})
    assert client.post(detail, {"answer": "coming"}).status_code == 410


def test_the_link_works_again_with_a_new_role(client, scene, invited):
    Role.objects.filter(person=scene.chair_a).update(ends_on=datetime.date(2026, 11, 23))
    RoleFactory(person=scene.chair_a, association=scene.a, starts_on=datetime.date(2026, 11, 24))

    assert client.post(_path(invited), {"answer": "coming"}).status_code == 302


def test_someone_named_to_come_instead_answers_while_on_the_board(
    client, scene, invited, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_path(invited), {"answer": "substitute", "substitute": scene.board_member_a.pk})
    stand_in = Invitation.objects.get(meeting=invited.meeting, person=scene.board_member_a)

    assert client.get(_path(stand_in)).status_code == 200
    Role.objects.filter(person=scene.board_member_a).update(ends_on=datetime.date(2026, 11, 23))
    assert client.get(_path(stand_in)).status_code == 410


def test_the_calendar_of_someone_who_left_stops_and_starts_again(client, scene, frozen):
    url = reverse(
        "meetings:person_calendar",
        kwargs={"token": services.calendar_feed_get(person=scene.officer_a).token},
    )
    assert client.get(url).status_code == 200

    Role.objects.filter(person=scene.officer_a).update(ends_on=datetime.date(2026, 11, 23))
    gone = client.get(url)
    RoleFactory(person=scene.officer_a, association=scene.b, kind=Role.Kind.OFFICER)

    assert gone.status_code == 410
    assert "Den privata kalendern används inte längre" in gone.text
    assert client.get(url).status_code == 200


def test_my_meetings_offers_the_calendar_as_webcal_link_and_copy_button(client, scene, invited):
    client.force_login(scene.chair_a.user)
    feed = services.calendar_feed_get(person=scene.chair_a)
    path = reverse("meetings:person_calendar", kwargs={"token": feed.token})

    page = client.get(reverse("meetings:mine")).text

    assert f'href="webcal://testserver{path}"' in page
    assert 'data-copy="calendar-address"' in page and "js/copy.js" in page
    assert "button-quiet" not in page.split("</header>")[1], "white on white (contrast 1:1)"
