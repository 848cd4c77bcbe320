from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Fees and budget")

    def ready(self) -> None:
        # Each registers itself: what the app holds about a person, the start page's sections.
        from . import privacy, start  # noqa: F401
