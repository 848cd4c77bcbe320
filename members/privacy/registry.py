"""Where the other apps tell the register what they hold about a person.

members/ is the lowest app: it knows no model of meetings/ or budget/. Each app registers, in
its ``AppConfig.ready()``, the kinds of record that name a person (``Source``: shown in the
register extract), the models that refer to a person but hold nothing about them
(``not_personal``, with the reason), and the steps that remove a person's traces when they
are anonymised (``Eraser``). See docs/architecture.md, "Personal data".
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import Q, QuerySet

from ..models import Person


@dataclass(frozen=True)
class Source:
    """One kind of record that names a person, as the extract shows it."""

    title: str  # lazily translated
    model: type[models.Model]
    rows: Callable[[Person], QuerySet]
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Traces:
    """What identified a person before they were anonymised: the erasers look for these."""

    person_id: int
    user_id: int | None
    names: tuple[str, ...]  # "first last", as the person was called in any version
    addresses: tuple[str, ...]  # every e-mail address the person had, lower case
    phones: tuple[str, ...]

    @property
    def texts(self) -> tuple[str, ...]:
        """Every string that would identify the person in a text."""
        return tuple(text for text in (*self.names, *self.addresses, *self.phones) if text)


Eraser = Callable[[Traces], None]


def history_of(model: type[models.Model]) -> type[models.Model]:
    """The model of ``model``'s earlier versions (django-simple-history)."""
    return model.history.model


def by_login(field: str) -> Callable[[Person], Q]:
    """Q for records whose ``field`` is the person's login (things staff did)."""
    return lambda person: Q(**{field: person.user_id}) if person.user_id else Q(pk__in=[])


_sources: list[Source] = []
_not_personal: dict[str, str] = {}
_erasers: list[Eraser] = []


def register_sources(*sources: Source) -> None:
    for source in sources:
        if source not in _sources:
            _sources.append(source)


def register_not_personal(reasons: dict[str, str]) -> None:
    """Models (``app_label.model``) that refer to a person but hold nothing about them."""
    _not_personal.update(reasons)


def register_eraser(eraser: Eraser) -> Eraser:
    """A step of anonymisation (usable as a decorator); called inside its transaction."""
    if eraser not in _erasers:
        _erasers.append(eraser)
    return eraser


def extract_sources() -> tuple[Source, ...]:
    return tuple(_sources)


def not_personal() -> dict[str, str]:
    return dict(_not_personal)


def erasers() -> tuple[Eraser, ...]:
    return tuple(_erasers)
