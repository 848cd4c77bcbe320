from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Fees and budget")

    def ready(self) -> None:
        from . import start  # noqa: F401 (registers the start page's sections)
