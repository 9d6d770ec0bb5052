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
        # Pages the other pillars link to (a request or an advisor answering a challenge).
        from . import api

        registry.register_page_url("dispatch.request", api.request_url)
        registry.register_page_url("dispatch.person", api.person_url)
        self._ready_kyoryokutai()

    def _ready_kyoryokutai(self):
        """地域おこし協力隊 support (H3): its to-do items, demo data, regional figures, and
        the daily reminders task."""
        from portal import regional as regional_view
        from portal import registry

        from . import regional_kyoryokutai, tasks_kyoryokutai  # noqa: F401 - registers the task
        from .demo import load_kyoryokutai_demo
        from .todos_kyoryokutai import kyoryokutai_todos

        registry.register_todo_provider(kyoryokutai_todos)
        registry.register_demo_loader(load_kyoryokutai_demo)
        regional_view.register(regional_kyoryokutai.MEASURES, regional_kyoryokutai.provider)
