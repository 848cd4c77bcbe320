import functools
import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from .text import MULTI_LINE_REFUSED


class PortalLanguageMiddleware:
    """Swedish for everyone unless they chose another language with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, which shows
    English to Swedish users whose computers happen to be set up in English.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class AdminQueryGuard:
    """The admin reads filters, the date hierarchy and a new object's initial values from the
    query string; a value the database cannot take (a NUL, a year of twenty digits, a word
    where an id belongs) would fail in the query as a 500. Such a request is a 400 instead."""

    DATE_PART = re.compile(r"__(year|month|day)$")
    DATE_VALUE = re.compile(r"[0-9]{1,4}")
    IDS = re.compile(r"[0-9]{1,18}(,[0-9]{1,18})*")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: object, args: tuple, kwargs: dict) -> None:
        match = request.resolver_match
        if match is None or match.namespace != "admin" or not request.GET:
            return
        relations = self._relations(match.url_name or "")
        for key, values in request.GET.lists():
            for value in values:
                if MULTI_LINE_REFUSED.search(value):
                    raise BadRequest(f"A control character in the parameter {key}.")
                if self.DATE_PART.search(key) and not self.DATE_VALUE.fullmatch(value):
                    raise BadRequest(f"{key} is not a date part.")
                if key in relations and not self.IDS.fullmatch(value):
                    raise BadRequest(f"{key} is not an id.")

    @staticmethod
    @functools.cache
    def _relations(url_name: str) -> frozenset[str]:
        """The relation fields of the model whose add or change page ``url_name`` is."""
        from django.contrib import admin

        for model in admin.site._registry:
            prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
            if url_name in (prefix + "add", prefix + "change"):
                return frozenset(
                    name
                    for field in model._meta.get_fields()
                    if field.is_relation and field.concrete
                    for name in (field.name, field.attname)
                )
        return frozenset()
