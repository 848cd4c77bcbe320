"""Django's own texts that its Swedish catalog lacks (new in Django 6), listed here so that
makemessages carries them into the portal's catalog, which Django reads first."""

from django.utils.translation import gettext_noop

DJANGO_TEXTS = (
    gettext_noop("- Select an option -"),  # the empty choice of every select
    gettext_noop("Filter by %(field_name)s"),  # the admin's date hierarchy
)
