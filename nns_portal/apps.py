from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "nns_portal"
    verbose_name = "NNS-portalen"

    def ready(self) -> None:
        from django.conf import settings

        from .text import guard_model_text_fields

        guard_model_text_fields(app_labels=settings.PORTAL_APPS)
