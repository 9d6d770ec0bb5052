from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "dispatch"
    verbose_name = _("Human support")

    def ready(self):
        from portal import registry

        from . import permissions
        from .demo import load_demo
        from .models import ActivityReport, CompletionReport
        from .todos import dispatch_todos

        registry.register_attachment_owner(ActivityReport, permissions.can_view_report)
        registry.register_attachment_owner(
            CompletionReport,
            lambda user, report: permissions.can_view_request(user, report.request),
        )
        registry.register_todo_provider(dispatch_todos)
        registry.register_demo_loader(load_demo)

        from portal import regional as regional_view

        from . import regional

        regional_view.register(regional.MEASURES, regional.provider)
        registry.register_municipality_panel(regional.municipality_panel)
