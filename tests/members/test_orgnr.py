import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from members.orgnr import format_orgnr, normalise_orgnr
from tests.factories import AssociationFactory


@pytest.mark.parametrize("written", ["222000-1230", "2220001230", " 222000 1230 "])
def test_valid_numbers_are_stored_as_ten_digits(written):
    assert normalise_orgnr(written) == "2220001230"


def test_numbers_are_shown_formatted():
    assert format_orgnr("2220001230") == "222000-1230"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("222000-1231", "Organisationsnumret 222000-1231 har fel kontrollsiffra."),
        ("222000-123", "Organisationsnumret 222000-123 ska skrivas NNNNNN-NNNN."),
        ("ABCDEF-GHIJ", "Organisationsnumret ABCDEF-GHIJ ska skrivas NNNNNN-NNNN."),
    ],
)
def test_invalid_numbers_are_refused_in_swedish(written, message):
    with translation.override("sv"), pytest.raises(ValidationError) as raised:
        normalise_orgnr(written)

    assert raised.value.messages == [message]


@pytest.mark.django_db
def test_an_association_with_a_bad_number_does_not_validate():
    association = AssociationFactory.build(org_number="2220001231")

    with pytest.raises(ValidationError) as raised:
        association.full_clean()

    assert "org_number" in raised.value.message_dict
