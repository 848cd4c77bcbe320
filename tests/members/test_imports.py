import io

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from members.imports import KINDS
from members.models import Association, AssociationYear, Person, Role
from nns_portal.tabular.imports import ImportRejected, import_apply, import_preview
from tests.factories import AssociationFactory, StaffFactory, valid_org_number

HEADER = "namn;organisationsnummer;område;region;kommuner;medlem_sedan\n"
GOOD = [
    f"Samordningsförbundet Ådalen;{valid_org_number(1)};nord;Region Västernorrland;Kramfors;"
    "2012-01-01",
    f"Samordningsförbundet Öland;{valid_org_number(2)};syd;Region Kalmar län;Borgholm, Mörbylånga;",
]


def _csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode("utf-8")


@pytest.mark.django_db
def test_the_preview_writes_nothing():
    preview = import_preview(kind=KINDS["associations"], content=_csv(*GOOD), filename="f.csv")

    assert (preview.created, preview.updated, preview.errors) == (2, 0, [])
    assert Association.objects.count() == 0


@pytest.mark.django_db
def test_a_valid_file_is_imported_and_a_second_run_changes_only_what_differs():
    import_apply(kind=KINDS["associations"], content=_csv(*GOOD), filename="f.csv")

    oland = Association.objects.get(name="Samordningsförbundet Öland")
    assert oland.area.code == "syd"
    assert oland.municipality_list == ["Borgholm", "Mörbylånga"]
    assert oland.joined_on is None

    result = import_apply(kind=KINDS["associations"], content=_csv(*GOOD), filename="f.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    oland.city = "Kalmar"
    oland.save()
    result = import_apply(kind=KINDS["associations"], content=_csv(*GOOD), filename="f.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert Association.objects.count() == 2


@pytest.mark.django_db
def test_any_bad_row_rejects_the_whole_file_with_every_reason_in_swedish():
    existing = AssociationFactory()
    rows = [
        GOOD[0],
        "Samordningsförbundet Fel;222000-1231;syd;Region Skåne;Lund;",
        f"Samordningsförbundet Okänt;{valid_org_number(3)};mitten;Region Skåne;Lund;",
        GOOD[0].replace("Ådalen", "Ådalen igen"),
        f"Samordningsförbundet Datum;{valid_org_number(4)};väst;Region Värmland;Arvika;1 jan 2020",
    ]

    with translation.override("sv"), pytest.raises(ImportRejected) as rejected:
        import_apply(kind=KINDS["associations"], content=_csv(*rows), filename="f.csv")

    assert [(e.line, e.message) for e in rejected.value.errors] == [
        (3, "Organisationsnumret 222000-1231 har fel kontrollsiffra."),
        (4, "Okänt område mitten: skriv syd, nord, öst eller väst."),
        (5, "Dubblett av rad 2."),
        (6, "1 jan 2020 är inte ett datum skrivet ÅÅÅÅ-MM-DD."),
    ]
    assert list(Association.objects.all()) == [existing]


@pytest.mark.django_db
def test_budgets_refuse_negative_amounts_and_unknown_associations():
    association = AssociationFactory()
    content = (
        "organisationsnummer;år;total_budget;indikatorer\n"
        f"{association.org_number_display};2026;6 234 000;ja\n"
        f"{association.org_number_display};2025;-5;nej\n"
        f"{valid_org_number(9)};2026;100;nej\n"
    ).encode()

    with translation.override("sv"), pytest.raises(ImportRejected) as rejected:
        import_apply(kind=KINDS["budgets"], content=content, filename="budget.csv")

    assert [e.line for e in rejected.value.errors] == [3, 4]
    assert "negativ" in rejected.value.errors[0].message
    assert "Inget förbund har organisationsnumret" in rejected.value.errors[1].message
    assert AssociationYear.objects.count() == 0


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_people_with_roles_from_excel_get_logins():
    association = AssociationFactory()
    orgnr = association.org_number_display
    content = _xlsx(
        [
            ["förnamn", "efternamn", "epost", "telefon", "språk", "organisationsnummer", "roll",
             "från", "till"],
            ["Åsa", "Öberg", "Asa.Oberg@forbund.example", "070-111", "sv", orgnr, "Ordförande",
             "2026-04-15", None],
            ["Nils", "Ek", "nils.ek@nns.example", "", "en", "", "nns_revisor", "2026-04-15", None],
        ]
    )  # fmt: skip

    import_apply(kind=KINDS["people"], content=content, filename="people.xlsx")

    asa = Person.objects.get(email="asa.oberg@forbund.example")
    assert asa.user.email == "asa.oberg@forbund.example"
    assert asa.roles.get().kind == Role.Kind.CHAIR
    assert Person.objects.get(last_name="Ek").roles.get().association is None


@pytest.mark.django_db
def test_export_then_import_round_trips(client):
    AssociationFactory.create_batch(3)
    client.force_login(StaffFactory(is_superuser=True))

    for file_format in ("csv", "xlsx"):
        response = client.get(reverse("admin:members_association_export", args=[file_format]))
        assert response.status_code == 200
        preview = import_preview(
            kind=KINDS["associations"], content=response.content, filename=f"x.{file_format}"
        )
        assert (preview.created, preview.updated, preview.errors) == (0, 0, [])
        assert preview.unchanged == 3


@pytest.mark.django_db
def test_admin_import_previews_then_imports(client):
    client.force_login(StaffFactory(is_superuser=True))
    url = reverse("admin:members_association_import")
    upload = io.BytesIO(_csv(*GOOD))
    upload.name = "forbund.csv"

    response = client.post(url, {"file": upload})

    assert response.status_code == 200
    assert "Inget har sparats än" in response.text
    assert Association.objects.count() == 0

    response = client.post(url, {"confirm": "1", "payload": response.context["payload"]})

    assert response.status_code == 302
    assert Association.objects.count() == 2


@pytest.mark.django_db
def test_admin_import_lists_bad_rows(client):
    client.force_login(StaffFactory(is_superuser=True))
    upload = io.BytesIO(_csv(GOOD[0], "X;222000-1231;syd;R;K;"))
    upload.name = "forbund.csv"

    response = client.post(reverse("admin:members_association_import"), {"file": upload})

    assert "fel kontrollsiffra" in response.text
    assert "payload" not in response.context
    assert Association.objects.count() == 0


@pytest.mark.django_db
def test_new_people_come_with_logins_history_and_every_role_of_theirs(
    django_assert_max_num_queries,
):
    a, b = AssociationFactory(), AssociationFactory()
    staff_login = StaffFactory(email="kansli@nns.example")
    header = "förnamn;efternamn;epost;organisationsnummer;roll;från\n"
    rows = [
        f"Åsa;Öberg;asa@forbund.example;{a.org_number_display};ordforande;2026-01-01",
        f"Åsa;Öberg;asa@forbund.example;{b.org_number_display};tjansteperson;2026-02-01",
        f"Kim;Kansli;kansli@nns.example;{a.org_number_display};tjansteperson;2026-01-01",
        *[
            f"Ny;Person {n};ny{n}@forbund.example;{a.org_number_display};tjansteperson;2026-01-01"
            for n in range(40)
        ],
    ]
    content = (header + "\n".join(rows) + "\n").encode()

    with django_assert_max_num_queries(60):  # not a few queries per row
        result = import_apply(kind=KINDS["people"], content=content, filename="people.csv")

    assert (result.created, result.errors) == (43, [])
    asa = Person.objects.get(email="asa@forbund.example")
    assert sorted(asa.roles.values_list("kind", flat=True)) == ["ordforande", "tjansteperson"]
    assert asa.user.email == "asa@forbund.example" and not asa.user.has_usable_password()
    assert EmailAddress.objects.get(user=asa.user).verified
    assert asa.history.count() == 1 and Role.history.filter(person_id=asa.pk).count() == 2
    assert Person.objects.get(email="kansli@nns.example").user == staff_login
    assert Person.objects.count() == 42


PEOPLE_HEADER = "förnamn;efternamn;epost\n"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        (PEOPLE_HEADER + "Åsa;Öberg;asa@forbund.example\n").encode("mac_roman"),
        (PEOPLE_HEADER + "Kåre;Ström;kare@forbund.example\n").encode("cp437"),
        b"f\xf6rnamn;efternamn;epost\n\x81sa;\x8d;x@forbund.example\n",
    ],
    ids=["Mac Roman", "code page 437", "bytes Windows-1252 lacks"],
)
def test_a_file_in_another_encoding_is_refused_in_swedish(content):
    preview = import_preview(kind=KINDS["people"], content=content, filename="people.csv")

    [error] = preview.errors
    assert error.line == 1 and "inte sparad som UTF-8 eller Windows-1252" in error.message
    with pytest.raises(ImportRejected):
        import_apply(kind=KINDS["people"], content=content, filename="people.csv")
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_absurd_numbers_years_and_control_characters_are_row_errors():
    org = AssociationFactory().org_number_display
    content = (
        "organisationsnummer;år;total_budget;indikatorer\n"
        f"{org};2026;NaN;nej\n"
        f"{org};2025;1e400;nej\n"
        f"{org};2024;Infinity;nej\n"
        f"{org};99999;1000;nej\n"
        f"{org};²⁰²³;1000;nej\n"
        f"{org};2022;1000;ja\x01\n"
    ).encode()

    with pytest.raises(ImportRejected) as rejected:
        import_apply(kind=KINDS["budgets"], content=content, filename="budgets.csv")

    lines = {error.line: error.message for error in rejected.value.errors}
    assert set(lines) == {2, 3, 4, 5, 6, 7}
    assert "inte en total budget" in lines[2] and "inte en total budget" in lines[3]
    assert "99999 är inte ett år" in lines[5]
    assert "styrtecken" in lines[7]
    assert not AssociationYear.objects.exists()


@pytest.mark.django_db
def test_a_file_over_the_limits_is_refused_at_once(settings):
    settings.IMPORT_MAX_BYTES, settings.IMPORT_MAX_ROWS = 2_000, 3
    rows = [f"Namn;Nummer {n};n{n}@forbund.example" for n in range(4)]
    many = (PEOPLE_HEADER + "\n".join(rows) + "\n").encode()
    big = PEOPLE_HEADER.encode() + b"x" * 3_000

    [too_many] = import_preview(kind=KINDS["people"], content=many, filename="p.csv").errors
    [too_big] = import_preview(kind=KINDS["people"], content=big, filename="p.csv").errors

    assert "mer än 3 rader" in too_many.message
    assert "högst 0,002 MB" in too_big.message
