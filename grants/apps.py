from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Financial support")

    def ready(self):
        from portal import registry

        from . import permissions
        from .demo import load_demo
        from .models import Application, Notice, PerformanceReport
        from .todos import grant_todos

        registry.register_attachment_owner(Application, permissions.can_view_application)
        registry.register_attachment_owner(
            PerformanceReport,
            lambda user, report: permissions.can_view_application(user, report.application),
        )
        registry.register_attachment_owner(
            Notice, lambda user, notice: permissions.can_view_application(user, notice.application)
        )
        registry.register_todo_provider(grant_todos)
        registry.register_demo_loader(load_demo)

        from portal import regional as regional_view

        from . import regional

        regional_view.register(regional.MEASURES, regional.provider)
        registry.register_municipality_panel(regional.municipality_panel)
