"""Every admin list's filters and date hierarchy, and every add page's initial values, fuzzed:
a value the database cannot take is a 400 or the list without it (Django's ?e=1), never a 500."""

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.factories import StaffFactory

HOSTILE = ["\x00", "abc", "99999999999999999999", "-1", "²", "٣", "1\x00"]


def _list_parameters(model_admin, user) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    parameters = [p for spec in changelist.filter_specs for p in spec.expected_parameters()]
    if model_admin.date_hierarchy:
        parameters += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    return parameters


@pytest.mark.django_db
def test_no_admin_list_parameter_gives_a_500(scene):
    staff = StaffFactory(is_superuser=True)
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    failures = {}
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for parameter in _list_parameters(model_admin, staff):
            for value in HOSTILE:
                status = client.get(url, {parameter: value}).status_code
                if status >= 500:
                    failures[(url, parameter, value)] = status
        if model_admin.date_hierarchy:  # a year that exists, a month that cannot
            year = f"{model_admin.date_hierarchy}__year"
            month = f"{model_admin.date_hierarchy}__month"
            status = client.get(url, {year: "2026", month: "99999999999"}).status_code
            if status >= 500:
                failures[(url, month, "99999999999")] = status

    assert failures == {}


@pytest.mark.django_db
def test_no_initial_value_of_an_add_page_gives_a_500(scene):
    client = Client(raise_request_exception=False)
    client.force_login(StaffFactory(is_superuser=True))
    failures = {}
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete:
                for value in ("abc", "1,x", "99999999999999999999"):
                    status = client.get(url, {field.name: value}).status_code
                    if status >= 500:
                        failures[(url, field.name, value)] = status

    assert failures == {}
