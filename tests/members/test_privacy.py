"""Personal data: the register extract, retention and anonymisation, erasure on request."""

import datetime
import json
import re
from io import StringIO

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse

from budget.models import Invoice
from meetings import services
from meetings.models import AreaMeetingRequest, Invitation
from members.models import LoginAddressChange, Person, Role, User
from members.privacy.extract import register_extract
from members.privacy.registry import extract_sources, not_personal
from members.privacy.retention import (
    outbox_bodies_clear,
    people_anonymise_due,
    people_due_for_anonymisation,
    person_erase,
)
from nns_portal.models import OutboxMessage
from tests.factories import (
    STOCKHOLM,
    MeetingFactory,
)
from tests.invoicing import issue


def _names_a_person(model: type[models.Model]) -> bool:
    for field in model._meta.get_fields():
        if field.name == "history_user" or not getattr(field, "concrete", False):
            continue  # history_user: staff's own edits, recorded with every version
        if field.is_relation and field.related_model in (Person, User):
            return True
        if isinstance(field, models.EmailField) or field.name in ("email", "to"):
            return True
    return False


def test_every_model_that_names_a_person_is_in_the_extract_or_explained():
    covered = {source.model._meta.label_lower for source in extract_sources()} | set(not_personal())

    uncovered = {
        model._meta.label_lower
        for model in apps.get_models()
        if _names_a_person(model) and model._meta.label_lower not in covered
    }

    assert uncovered == set()


# What only staff do: a member's extract has none of these.
STAFF_ACTIONS = {
    "budget.invoicerun",
    "budget.payment",
    "budget.historicalpayment",
    "budget.paymentfile",
    "budget.sieimport",
    "meetings.meetingmessage",
    "meetings.poll",
}


def test_the_extract_holds_every_kind_of_record(everything):
    sections = register_extract(person=everything)

    empty = [section.model for section in sections if not section.rows]

    assert len(sections) == len(extract_sources())
    assert set(empty) <= STAFF_ACTIONS


def test_a_person_gets_their_own_extract_and_the_file(client, everything):
    client.force_login(everything.user)

    profile = client.get(reverse("members:my_data")).text
    page = client.get(reverse("members:my_extract"))
    document = json.loads(client.get(reverse("members:my_data_json")).content)

    assert str(everything) in profile and "070-111 22 33" in profile
    assert "Tjänsteperson, <a href=" in profile and ">Samordningsförbundet Alfa</a>" in profile
    assert reverse("members:my_extract") in profile
    assert page.status_code == 200
    assert "Registerutdrag" in page.text and "070-111 22 33" in page.text
    assert "Träff om unga vuxna" in page.text
    assert "history" not in page.text.lower()  # Swedish column names, readable times
    assert "när ändrad" in page.text.lower()
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:", page.text)
    assert document["person_id"] == everything.pk
    rows = [row for record in document["records"].values() for row in record["rows"]]
    assert any(row.get("phone") == "070-111 22 33" for row in rows)


def test_staff_produce_the_extract_and_the_command_writes_it(client, everything, scene):
    scene.staff.is_superuser = True
    scene.staff.save()
    client.force_login(scene.staff)

    page = client.get(reverse("admin:members_person_extract", args=[everything.pk]))
    out = StringIO()
    call_command("register_extract", everything.email.upper(), stdout=out)

    assert page.status_code == 200 and "Träff om unga vuxna" in page.text
    assert json.loads(out.getvalue())["person_id"] == everything.pk


def _ended(person: Person, day: datetime.date) -> None:
    Role.objects.filter(person=person).update(ends_on=day)
    person.area_contacts.update(ends_on=day)


def test_people_are_anonymised_24_months_after_their_last_role(everything, invoicing, send):
    scene = invoicing
    invoice = issue(scene.a)
    _ended(everything, datetime.date(2024, 11, 1))
    _ended(scene.board_member_a, datetime.date(2025, 1, 1))  # 23 months: kept
    invitations = Invitation.objects.filter(person=everything).count()
    login, email = everything.user_id, everything.email
    assert list(people_due_for_anonymisation(today=datetime.date(2026, 11, 24))) == [everything]

    names = people_anonymise_due(today=datetime.date(2026, 11, 24))

    assert names == [f"{everything} <{email}>"]
    everything.refresh_from_db()
    assert (everything.first_name, everything.email, everything.phone) == ("Anonymiserad", "", "")
    assert everything.anonymised_at is not None
    assert not Person.history.filter(id=everything.pk).exists()
    assert not Person.objects.filter(email__iexact=email).exists()
    assert not User.objects.filter(pk=login).exists()
    assert not EmailAddress.objects.filter(email__iexact=email).exists()
    assert not OutboxMessage.objects.filter(to__iexact=email).exists()
    assert not LoginAddressChange.objects.filter(old_email=email).exists()
    assert Invitation.objects.filter(person=everything).count() == invitations
    assert AreaMeetingRequest.objects.filter(requested_by=everything).exists()
    assert Invoice.objects.get(pk=invoice.pk).buyer_name == scene.a.name
    scene.board_member_a.refresh_from_db()
    assert scene.board_member_a.anonymised_at is None
    # The next night finds nothing more to do.
    assert people_anonymise_due(today=datetime.date(2026, 11, 25)) == []


def test_the_dry_run_names_who_and_changes_nothing(everything):
    _ended(everything, datetime.date(2024, 11, 1))
    out = StringIO()

    call_command("anonymise_people", "--dry-run", stdout=out)

    assert "Skulle anonymisera 1 personer." in out.getvalue()
    everything.refresh_from_db()
    assert everything.anonymised_at is None


def test_erasure_is_refused_while_a_role_lasts(everything):
    with pytest.raises(ValidationError, match="har fortfarande ett uppdrag"):
        person_erase(person=everything)
    _ended(everything, datetime.date(2026, 11, 1))

    person_erase(person=everything)

    everything.refresh_from_db()
    assert everything.first_name == "Anonymiserad"


def test_sent_e_mail_texts_are_cleared_after_90_days(db):
    sent = datetime.datetime(2026, 8, 1, 12, 0, tzinfo=STOCKHOLM)
    OutboxMessage.objects.create(
        key="t:old", category="test", to="a@forbund.example", subject="Hej", body_text="Gammal",
        message_id="<2@nns.example>", status="sent", sent_at=sent,
    )  # fmt: skip

    with time_machine.travel(sent + datetime.timedelta(days=91)):
        assert outbox_bodies_clear(now=sent + datetime.timedelta(days=91)) == 1

    message = OutboxMessage.objects.get(key="t:old")
    assert (message.to, message.status, message.body_text) == ("a@forbund.example", "sent", "")


def test_every_e_mail_tells_where_personal_data_is_explained(scene, frozen, send, mailoutbox):
    send(services.invitations_send, meeting=MeetingFactory())
    Client().post(reverse("account_request_login_code"), {"email": scene.chair_a.email})

    assert mailoutbox
    for message in mailoutbox:
        assert "/personuppgifter/" in message.body, message.subject


def test_the_privacy_page_and_the_footer(client, db):
    page = client.get(reverse("privacy"))

    assert page.status_code == 200
    assert "24 månader" in page.text and "90 dagar" in page.text
    assert f'href="{reverse("privacy")}"' in client.get(reverse("home")).text


def test_the_nightly_task_is_scheduled_and_runs_the_retention(everything, settings):
    from members.tasks import apply_retention
    from nns_portal.celery import app

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    _ended(everything, datetime.date(2024, 11, 1))

    apply_retention.delay()

    assert "members.tasks.apply_retention" in scheduled
    assert "members.tasks.apply_retention" in app.tasks
    everything.refresh_from_db()
    assert everything.anonymised_at is not None


def test_staff_see_who_the_next_run_anonymises(client, everything, scene):
    scene.staff.is_superuser = True
    scene.staff.save()
    client.force_login(scene.staff)
    _ended(everything, datetime.date(2024, 11, 1))

    listing = client.get(reverse("admin:members_person_changelist") + "?gallras=ja").text

    assert everything.email in listing
    assert scene.chair_a.email not in listing


def test_the_extract_takes_the_same_queries_however_many_records(
    everything, scene, django_assert_num_queries
):
    few = len(_queries_of(lambda: register_extract(person=scene.director_b)))

    with django_assert_num_queries(few):
        register_extract(person=everything)


def _queries_of(function) -> list:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function()
    return captured.captured_queries
