"""Staff with only the view permission read the admin but cannot make it send anything.

The every-URL test covers the custom admin pages; these are the changelist actions, which
post to the list page itself.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from nns_portal.models import OutboxMessage
from tests.factories import StaffFactory
from tests.invoicing import issue


@pytest.fixture
def viewer(db) -> Client:
    user = StaffFactory()
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    client = Client()
    client.force_login(user)
    return client


def test_a_viewer_cannot_e_mail_invoices(viewer, invoicing, send):
    invoice = issue(invoicing.a)

    response = send(
        viewer.post,
        path=reverse("admin:budget_invoice_changelist"),
        data={
            "action": "email_invoices",
            admin.helpers.ACTION_CHECKBOX_NAME: [invoice.pk],
            "confirmed": "yes",
        },
    )

    assert response.status_code == 200
    assert not OutboxMessage.objects.exists()


def test_a_viewer_cannot_retry_failed_e_mails(viewer):
    message = OutboxMessage.objects.create(
        key="test:1", category="letter", to="a@forbund.example", subject="Hej", body_text="Hej",
        message_id="<1@nns.example>", status=OutboxMessage.Status.FAILED,
    )  # fmt: skip

    viewer.post(
        reverse("admin:nns_portal_outboxmessage_changelist"),
        {
            "action": "retry_failed",
            admin.helpers.ACTION_CHECKBOX_NAME: [message.pk],
            "confirmed": "yes",
        },
    )

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
