"""Retention at its boundaries: who the nightly anonymisation takes, and on which day."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from members.models import Person, Role
from members.privacy.retention import people_due_for_anonymisation, retention_cutoff
from tests.factories import STOCKHOLM, AreaContactFactory, PersonFactory, RoleFactory

D = datetime.date


def _due(today: datetime.date) -> set[int]:
    return set(people_due_for_anonymisation(today=today).values_list("pk", flat=True))


def _person_with_role(*, starts_on: datetime.date, ends_on: datetime.date | None) -> Person:
    with time_machine.travel(datetime.datetime(2020, 1, 1, tzinfo=STOCKHOLM)):
        person = PersonFactory()  # last changed long ago
        RoleFactory(person=person, kind=Role.Kind.NNS_BOARD_MEMBER, association=None,
                    starts_on=starts_on, ends_on=ends_on)  # fmt: skip
    return person


@pytest.mark.django_db
def test_someone_who_never_was_an_area_contact_is_due_the_day_after_24_months():
    person = _person_with_role(starts_on=D(2021, 1, 1), ends_on=D(2022, 12, 31))

    assert person.pk not in _due(D(2024, 12, 31))  # exactly 24 months: still kept
    assert person.pk in _due(D(2025, 1, 1))


@pytest.mark.django_db
def test_an_ongoing_a_future_or_a_recent_role_keeps_the_person():
    ongoing = _person_with_role(starts_on=D(2021, 1, 1), ends_on=None)
    future = _person_with_role(starts_on=D(2027, 1, 1), ends_on=None)
    several = _person_with_role(starts_on=D(2019, 1, 1), ends_on=D(2020, 12, 31))
    RoleFactory(person=several, kind=Role.Kind.NNS_AUDITOR, association=None,
                starts_on=D(2021, 1, 1), ends_on=D(2025, 6, 30))  # fmt: skip

    assert _due(D(2026, 12, 7)).isdisjoint({ongoing.pk, future.pk, several.pk})
    assert several.pk in _due(D(2027, 7, 1))


@pytest.mark.django_db
def test_an_area_assignment_counts_like_a_role():
    person = _person_with_role(starts_on=D(2019, 1, 1), ends_on=D(2020, 12, 31))
    AreaContactFactory(person=person, starts_on=D(2021, 1, 1), ends_on=D(2025, 3, 31))

    assert person.pk not in _due(D(2027, 3, 31))
    assert person.pk in _due(D(2027, 4, 1))


@pytest.mark.django_db
def test_someone_with_no_role_ever_is_kept_24_months_after_their_last_change():
    with time_machine.travel(datetime.datetime(2024, 12, 10, 12, tzinfo=STOCKHOLM)):
        person = PersonFactory()

    assert person.pk not in _due(D(2026, 12, 7))
    assert person.pk in _due(D(2026, 12, 12))


@pytest.mark.parametrize(
    ("months", "ended", "last_kept", "first_due"),
    [
        (1, D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 1)),  # 31 Jan + 1 month = 28 Feb
        (1, D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 1)),  # a leap year
        (1, D(2026, 2, 28), D(2026, 3, 28), D(2026, 3, 29)),
        (12, D(2024, 2, 29), D(2025, 2, 28), D(2025, 3, 1)),  # 29 Feb + a year
        (24, D(2024, 12, 31), D(2026, 12, 31), D(2027, 1, 1)),
    ],
)
def test_months_are_calendar_months_at_the_ends_of_months(
    settings, months, ended, last_kept, first_due
):
    settings.PERSON_RETENTION_MONTHS = months

    assert ended >= retention_cutoff(today=last_kept)
    assert ended < retention_cutoff(today=first_due)


@pytest.mark.django_db
def test_the_nightly_job_anonymises_the_demo_s_former_officer():
    call_command("load_demo", stdout=StringIO())
    birgitta = Person.objects.get(email="birgitta.wahlstrom@ostergotland.example")
    out = StringIO()

    with time_machine.travel(datetime.datetime(2026, 12, 7, 2, 40, tzinfo=STOCKHOLM)):
        call_command("anonymise_people", "--dry-run", stdout=out)
        assert "Birgitta Wahlström" in out.getvalue()
        from members.tasks import apply_retention

        apply_retention.delay()

    birgitta.refresh_from_db()
    assert birgitta.anonymised_at is not None
    assert birgitta.first_name == "Anonymiserad"
