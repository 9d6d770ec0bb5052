from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Financial support")

    def ready(self):
        from . import plugins

        plugins.register()
