"""The start page's "what is due": each app adds its sections (in its AppConfig.ready), so the
core imports no app. A section lists what the person logged in should do or know now."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class DueItem:
    text: str
    url: str
    urgent: bool = False


@dataclass(frozen=True)
class StartSection:
    title: str
    items: list[DueItem]


StartProvider = Callable[[AbstractBaseUser, datetime.datetime], StartSection | None]
_providers: list[StartProvider] = []


def start_section(provider: StartProvider) -> StartProvider:
    """Register a provider of a start page section (a decorator); None: nothing to show."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def start_sections(*, user: AbstractBaseUser, now: datetime.datetime) -> list[StartSection]:
    """The sections with something in them; those of the same title (staff's, from several
    apps) as one."""
    merged: dict[str, list[DueItem]] = {}
    for provider in _providers:
        section = provider(user, now)
        if section is not None and section.items:
            merged.setdefault(section.title, []).extend(section.items)
    return [StartSection(title, items) for title, items in merged.items()]


@start_section
def failed_emails(user: AbstractBaseUser, now: datetime.datetime) -> StartSection | None:
    """Staff see e-mails that could not be delivered, until someone has dealt with them."""
    from .models import OutboxMessage

    if not (user.is_authenticated and user.is_staff):
        return None
    failed = OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).count()
    if not failed:
        return None
    text = ngettext(
        "%(count)d e-mail could not be delivered",
        "%(count)d e-mails could not be delivered",
        failed,
    ) % {"count": failed}
    url = reverse("admin:nns_portal_outboxmessage_changelist") + "?status__exact=failed"
    return StartSection(_("For the office"), [DueItem(text, url, urgent=True)])


# What each queue does, in the office's words, for the warning that no worker takes it.
@start_section
def silent_workers(user: AbstractBaseUser, now: datetime.datetime) -> StartSection | None:
    """Staff see at once when a queue has no worker: what waits, and since when."""
    from .health import silence_described, silent_queues

    if not (user.is_authenticated and user.is_staff):
        return None
    return StartSection(
        _("For the office"),
        [
            DueItem(silence_described(beat), reverse("healthz"), urgent=True)
            for beat in silent_queues(now=now)
        ],
    )
