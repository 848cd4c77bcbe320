from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Member register")

    def ready(self) -> None:
        from .privacy import extract  # noqa: F401 (registers the register's own sources first)
