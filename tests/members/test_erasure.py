"""After erasure, nothing in the database names the person but what README lists as kept by
design: issued invoices' frozen snapshots (bookkeeping law) and the texts of motions."""

import datetime

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import models

from budget.models import Invoice
from meetings import services
from meetings.models import MeetingType
from members.models import Person, Role
from members.privacy.retention import person_erase
from members.services import person_save
from tests.factories import MeetingFactory, meeting_type
from tests.invoicing import issue

# What README's "Personal data" says stays after erasure, and why.
KEPT_BY_DESIGN = {
    ("budget", "invoice", "buyer_reference"),  # printed on an issued invoice: bookkeeping
    # The association's own routing code for its invoices, which the association sets.
    ("members", "association", "invoice_reference"),
    ("members", "historicalassociation", "invoice_reference"),
}

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def _where_named(texts: list[str]) -> set[tuple[str, str, str]]:
    found = set()
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS) or model._meta.label_lower == "sessions.session":
                continue
            for text in texts:
                if model._default_manager.filter(**{f"{field.name}__icontains": text}).exists():
                    found.add((model._meta.app_label, model._meta.model_name, field.name))
    return found


@pytest.fixture
def erased(everything, invoicing, scene, send):
    """Officer Olle of Alfa, with the records of ``everything``, an earlier address that was
    sent an invitation, staff's edits in the admin log, and his name as Alfa's buyer
    reference on an issued invoice; then erased on his request."""
    person = everything
    old_address = person.email
    monthly = MeetingFactory(type=meeting_type(MeetingType.Code.MONTHLY), title="Månadsmöte")
    send(services.invitations_send, meeting=monthly)
    person.email = "olle.ny@forbund.example"
    person_save(person=person, changed_by=scene.staff)
    scene.a.invoice_reference = f"{person.first_name} {person.last_name}"
    scene.a.save()
    issue(scene.a)
    LogEntry.objects.log_actions(
        user_id=scene.staff.pk, queryset=[person, *Role.objects.filter(person=person)],
        action_flag=CHANGE, change_message="Ändrade telefon.",
    )  # fmt: skip
    texts = [f"{person.first_name} {person.last_name}", old_address, person.email, person.phone]
    Role.objects.filter(person=person).update(ends_on=datetime.date(2026, 11, 1))
    person.area_contacts.update(ends_on=datetime.date(2026, 11, 1))
    assert len(_where_named(texts)) > 10  # the search finds him before

    person_erase(person=person)

    return texts


def test_after_erasure_no_table_names_the_person_but_what_readme_lists(erased):
    assert _where_named(erased) == KEPT_BY_DESIGN


def test_the_erased_person_s_requests_and_messages_about_them_are_emptied(erased):
    from meetings.models import AreaMeetingRequest
    from nns_portal.models import OutboxMessage

    [request] = AreaMeetingRequest.objects.filter(requested_by__first_name="Anonymiserad")
    sent = OutboxMessage.objects.filter(key__startswith=f"area-request:{request.pk}:")
    assert request.message == ""
    assert sent.exists()
    assert all(m.headers == {} and m.body_text == "" for m in sent)
    assert any(m.to for m in sent)  # the other contact persons keep the record of a message
    assert Invoice.objects.filter(buyer_reference=erased[0]).exists()
    assert Person.objects.filter(first_name="Anonymiserad").count() == 1
