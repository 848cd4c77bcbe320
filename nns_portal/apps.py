from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "nns_portal"
    verbose_name = "NNS-portalen"
