from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasebookConfig(AppConfig):
    name = "casebook"
    verbose_name = _("Information support")

    def ready(self):
        from . import plugins

        plugins.register()
