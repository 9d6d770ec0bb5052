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

        _register_support(registry)
        _register_pages(registry)


def _register_pages(registry) -> None:
    """Pages the other pillars link to (a call answering a challenge, a case study's
    funding source)."""
    from . import api

    registry.register_page_url("grants.call", api.call_url)
    registry.register_page_url("grants.project_results", api.project_results_url)


def _register_support(registry) -> None:
    """F2–F4: seminar materials are downloaded through the kernel's scope-checked view; the
    to-do items of companies, HQ, municipalities and bureaus; the demo data."""
    from . import permissions
    from .demo import load_support_demo
    from .models import EventMaterial
    from .todos_support import support_todos

    registry.register_attachment_owner(EventMaterial, permissions.can_view_event_material)
    registry.register_todo_provider(support_todos)
    registry.register_demo_loader(load_support_demo)
    # ふるさと納税 seminars are for municipal and prefectural staff, not companies or others.
    registry.register_event_audience(
        "furusato", lambda user: user.role in ("municipal", "bureau", "hq") or user.is_superuser
    )
