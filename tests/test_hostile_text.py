"""Control characters and Unicode non-characters: refused on every text a member or staff can
set, with a Swedish message, and never written into an e-invoice."""

import importlib
import io
import pkgutil
import zipfile
from io import StringIO

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models
from django.urls import reverse

from budget.invoicing import einvoices
from budget.invoicing.einvoice_rules import einvoice_rules
from budget.invoicing.ubl import EinvoiceRefused
from members.models import Association
from nns_portal.text import validate_line, validate_text
from tests.invoicing import issue

HOSTILE = ["Ref\x0b\x01\x1f\x7f", "Namn\ufffe", "Namn\uffff", "a\x00b", "a\x85b", "\U0010ffff"]


def _portal_text_fields():
    for label in settings.PORTAL_APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.CharField | models.TextField) and not field.choices:
                    yield model, field


def test_every_text_field_of_the_portal_s_models_refuses_them():
    missing = [
        f"{model._meta.label}.{field.name}"
        for model, field in _portal_text_fields()
        if validate_text not in field.validators and validate_line not in field.validators
    ]
    assert missing == []
    name = Association._meta.get_field("name")
    for value in HOSTILE:
        with pytest.raises(ValidationError, match="tecken som inte kan sparas"):
            name.run_validators(value)
    name.run_validators("Samordningsförbundet Östra Skaraborg – ”FINSAM”")


SKIPPED_MODULES = (".migrations", ".management", ".settings", ".wsgi")


def _plain_forms() -> list[type[forms.Form]]:
    for package in settings.PORTAL_APPS:
        for module in pkgutil.walk_packages(
            importlib.import_module(package).__path__, f"{package}."
        ):
            if not any(part in module.name for part in SKIPPED_MODULES):
                importlib.import_module(module.name)
    found, stack = [], [forms.Form]
    while stack:
        form = stack.pop()
        stack.extend(form.__subclasses__())
        if form.__module__.split(".")[0] in settings.PORTAL_APPS:
            found.append(form)
    return found


def test_every_text_field_of_the_portal_s_plain_forms_refuses_them():
    """Forms not made from a model: their text fields refuse what the model fields do."""
    accepted = []
    for form in _plain_forms():
        for name, field in form.base_fields.items():
            if isinstance(field, forms.CharField) and not isinstance(field, forms.EmailField):
                try:
                    field.clean("Text\x0bmer")
                    accepted.append(f"{form.__module__}.{form.__name__}.{name}")
                except ValidationError:
                    pass
    assert _plain_forms()
    assert accepted == []


@pytest.mark.parametrize("value", HOSTILE[:3])
def test_a_chair_cannot_store_them_in_the_invoice_details(client, scene, value):
    client.force_login(scene.chair_a.user)
    before = Association.objects.values().get(pk=scene.a.pk)

    response = client.post(
        reverse("members:edit", args=[scene.a.pk]),
        {"invoice_reference": value, "invoice_order_number": value, "invoice_address": value,
         "invoice_email": "faktura@forbund.example", "city": "Motala"},
    )  # fmt: skip

    assert response.status_code == 200
    assert "tecken som inte kan sparas" in response.text
    assert Association.objects.values().get(pk=scene.a.pk) == before


def test_staff_cannot_store_them_in_a_name(staff_client, scene):
    url = reverse("admin:members_person_change", args=[scene.officer_a.pk])
    page = staff_client.get(url)
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data |= {"first_name": "Olle\ufffe", "last_name": "Ek", "preferred_language": "sv"}
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "tecken som inte kan sparas" in response.text
    scene.officer_a.refresh_from_db()
    assert "\ufffe" not in scene.officer_a.first_name


@pytest.fixture(scope="module")
def rules():
    return einvoice_rules()


def test_a_run_after_hostile_input_gives_e_invoices_that_pass_every_rule(client, invoicing, rules):
    scene = invoicing
    client.force_login(scene.chair_a.user)
    for value in HOSTILE:
        client.post(
            reverse("members:edit", args=[scene.a.pk]),
            {"invoice_reference": value, "invoice_order_number": value,
             "invoice_email": "faktura@forbund.example"},
        )  # fmt: skip
    for association in (scene.a, scene.b):
        association.refresh_from_db()
        association.invoice_reference = "4711"
        association.full_clean()
        association.save()
    documents = [einvoices.invoice_ubl(invoice=issue(a)) for a in (scene.a, scene.b)]

    assert [[failure.rule for failure in rules.fatal(d)] for d in documents] == [[], []]


@pytest.fixture
def stored_before_the_rule(invoicing):
    """Alfa's reference written before characters were refused (no validation then), so
    its issued invoice holds one; Beta's invoice is sound."""
    Association.objects.filter(pk=invoicing.a.pk).update(invoice_reference="Ref\x0b1")
    invoicing.a.refresh_from_db()
    invoicing.b.invoice_reference = "4711"
    invoicing.b.save()
    return issue(invoicing.a), issue(invoicing.b)


def test_the_e_invoice_writer_refuses_rather_than_emits_what_xml_cannot_hold(
    stored_before_the_rule,
):
    broken, _sound = stored_before_the_rule
    with pytest.raises(EinvoiceRefused, match=rf"{broken.number}.*BuyerReference.*U\+000B"):
        einvoices.invoice_ubl(invoice=broken)


def test_check_and_export_go_on_past_it_and_say_so(stored_before_the_rule, tmp_path):
    broken, sound = stored_before_the_rule
    out = StringIO()

    with pytest.raises(CommandError, match="1 av 2"):
        call_command("check_einvoices", "--year", "2026", stdout=out)
    assert broken.number in out.getvalue()

    with pytest.raises(CommandError, match="1 e-fakturor kunde inte skapas"):
        call_command("export_einvoices", "--year", "2026", "--out", str(tmp_path / "ut"),
                     stderr=StringIO())  # fmt: skip
    assert [p.name for p in (tmp_path / "ut").iterdir()] == [f"{sound.number}.xml"]

    archive = zipfile.ZipFile(io.BytesIO(einvoices.einvoices_zip(fee_year=2026)))
    assert sorted(archive.namelist()) == sorted([f"{sound.number}.xml", "ej-skapade.txt"])
    assert broken.number in archive.read("ej-skapade.txt").decode()


@pytest.mark.parametrize(
    ("out", "message"),
    [("", "Ange en mapp"), ("saknas/inte/ut", "finns inte")],
)
def test_export_einvoices_explains_a_folder_it_cannot_use(invoicing, out, message):
    issue(invoicing.a)
    with pytest.raises(CommandError, match=message):
        call_command("export_einvoices", "--year", "2026", "--out", out)
