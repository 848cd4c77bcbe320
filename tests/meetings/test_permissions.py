"""Every meetings URL × every role → the expected status (someone else's object is a 404)."""

import datetime

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import Invitation
from meetings.tokens import rsvp_token
from tests.factories import MeetingFactory, annual_meeting

ROLES = ["anonymous", "officer_a", "chair_a", "chair_b", "staff"]


@pytest.fixture
def urls(scene, frozen, django_capture_on_commit_callbacks):
    scene.staff.is_superuser = True
    scene.staff.save()
    chairs = MeetingFactory()
    annual = annual_meeting(datetime.date(2027, 1, 4))
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(meeting=chairs)
        services.invitations_send(meeting=annual)
    mine = Invitation.objects.get(meeting=chairs, person=scene.chair_a)
    annual_mine = Invitation.objects.get(meeting=annual, person=scene.chair_a)
    feed = services.calendar_feed_get(person=scene.chair_a)
    return {
        "plan": ("get", reverse("meetings:plan")),
        "plan_year": ("get", reverse("meetings:plan_year", kwargs={"year": 2026})),
        "plan_calendar": ("get", reverse("meetings:plan_calendar")),
        "mine": ("get", reverse("meetings:mine")),
        "invitation": ("get", reverse("meetings:invitation", kwargs={"pk": mine.pk})),
        "answer": ("post", reverse("meetings:invitation", kwargs={"pk": mine.pk})),
        "delegate": (
            "post",
            reverse(
                "meetings:delegate", kwargs={"pk": annual_mine.pk, "association_pk": scene.a.pk}
            ),
        ),
        "rsvp": (
            "get",
            reverse("meetings:rsvp", kwargs={"pk": mine.pk, "token": rsvp_token(mine)}),
        ),
        "rsvp_bad": ("get", reverse("meetings:rsvp", kwargs={"pk": mine.pk, "token": "x:y:z"})),
        "area_request": ("get", reverse("meetings:area_request")),
        "person_calendar": (
            "get",
            reverse("meetings:person_calendar", kwargs={"token": feed.token}),
        ),
        "person_calendar_bad": (
            "get",
            reverse("meetings:person_calendar", kwargs={"token": "not-a-token"}),
        ),
        "calendar_renew": ("post", reverse("meetings:calendar_renew")),
        "admin_attendance": (
            "get",
            reverse("admin:meetings_meeting_attendance", args=[chairs.pk]),
        ),
        "admin_attendance_csv": (
            "get",
            reverse("admin:meetings_meeting_attendance_csv", args=[chairs.pk]),
        ),
        "admin_delegates": ("get", reverse("admin:meetings_meeting_delegates", args=[annual.pk])),
        "admin_meeting": ("get", reverse("admin:meetings_meeting_change", args=[chairs.pk])),
    }


LOGIN = 302
EXPECTED = {
    #                     anonymous officer_a chair_a chair_b staff
    "plan":                 (200, 200, 200, 200, 200),
    "plan_year":            (200, 200, 200, 200, 200),
    "plan_calendar":        (200, 200, 200, 200, 200),
    "mine":                 (LOGIN, 200, 200, 200, 200),
    "invitation":           (LOGIN, 404, 200, 404, 404),
    "answer":               (LOGIN, 404, 200, 404, 404),  # 200: the form with "choose an answer"
    "delegate":             (LOGIN, 404, 302, 404, 404),
    "rsvp":                 (200, 200, 200, 200, 200),  # the link itself is the key
    "rsvp_bad":             (400, 400, 400, 400, 400),
    "area_request":         (LOGIN, 200, 200, 200, 404),  # staff belong to no association
    "person_calendar":      (200, 200, 200, 200, 200),
    "person_calendar_bad":  (404, 404, 404, 404, 404),
    "calendar_renew":       (LOGIN, 302, 302, 302, 404),
    "admin_attendance":     (LOGIN, LOGIN, LOGIN, LOGIN, 200),
    "admin_attendance_csv": (LOGIN, LOGIN, LOGIN, LOGIN, 200),
    "admin_delegates":      (LOGIN, LOGIN, LOGIN, LOGIN, 200),
    "admin_meeting":        (LOGIN, LOGIN, LOGIN, LOGIN, 200),
}  # fmt: skip


@pytest.mark.parametrize("name", EXPECTED)
def test_permission_matrix(client, scene, urls, name):
    method, url = urls[name]
    for role, expected in zip(ROLES, EXPECTED[name], strict=True):
        client.logout()
        if role == "staff":
            client.force_login(scene.staff)
        elif role != "anonymous":
            client.force_login(getattr(scene, role).user)
        response = getattr(client, method)(url)
        assert response.status_code == expected, f"{name} as {role}"
