"""The benchmarks' register: the numbers asked for, and values the services agree with."""

import datetime

import pytest
from django.urls import reverse

from bench import load_scale as command
from bench.scale import CHAIR_EMAIL, load_scale
from budget.invoicing.services import invoice_run_candidates
from budget.models import Invoice
from meetings.models import Invitation, Meeting
from members.models import Person
from tests.scene import NOW

pytestmark = pytest.mark.django_db


def test_ten_people_each_ten_years_of_invoices_and_the_meetings_of_a_year(client):
    made = load_scale(associations=3, meetings=40, today=NOW.date())

    assert made["förbund"] == 3
    assert made["personer"] == Person.objects.filter(roles__association__isnull=False).count() == 30
    assert made["fakturor"] == Invoice.objects.count() == 30
    assert Meeting.objects.filter(starts_at__year=2026).count() == made["möten"] == 40
    assert Invitation.objects.count() == made["inbjudningar"] > 0
    assert {i.number for i in Invoice.objects.filter(fee_year=2017)} == {
        "2017-0001", "2017-0002", "2017-0003"
    }  # fmt: skip
    assert not invoice_run_candidates(fee_year=2026).exists()
    assert invoice_run_candidates(fee_year=2027).count() == 3  # for the run benchmark

    chair = Person.objects.get(email=CHAIR_EMAIL)
    client.force_login(chair.user)
    page = client.get(reverse("budget:mine")).text
    assert "2026-0001" in page and "2017-0001" in page


def test_only_into_an_empty_register():
    load_scale(associations=1, meetings=20, today=datetime.date(2026, 11, 24))

    with pytest.raises(SystemExit, match="Databasen har redan förbund"):
        command.main(["--associations", "1"])
