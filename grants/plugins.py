"""Everything the grants pillar registers with the kernel, called once from ``ready()``."""

from portal import regional as regional_view
from portal import registry

from . import api
from .demo.applications import load_demo
from .demo.support import load_support_demo
from .models import Application, EventMaterial, Notice, PerformanceReport
from .permissions import applications as permissions
from .regional import applications as regional
from .todos.applications import grant_todos
from .todos.support import support_todos
from .todos.work import application_card


def register() -> None:
    _register_applications()
    _register_support()
    _register_pages()


def _register_applications() -> None:
    """F1: attachments of an application, its reports and notices are downloaded through the
    kernel's scope-checked view; the to-do items; the demo data; the regional figures."""
    registry.register_attachment_owner(Application, permissions.can_view_application)
    registry.register_attachment_owner(
        PerformanceReport,
        lambda user, report: permissions.can_view_application(user, report.application),
    )
    registry.register_attachment_owner(
        Notice, lambda user, notice: permissions.can_view_application(user, notice.application)
    )
    registry.register_todo_provider(grant_todos)
    registry.register_work_provider(application_card)
    registry.register_demo_loader(load_demo)
    regional_view.register(regional.MEASURES, regional.provider)
    registry.register_municipality_panel(regional.municipality_panel)


def _register_support() -> None:
    """F2–F4: seminar materials are downloaded through the kernel's scope-checked view; the
    to-do items of companies, HQ, municipalities and bureaus; the demo data."""
    registry.register_attachment_owner(EventMaterial, permissions.can_view_event_material)
    registry.register_todo_provider(support_todos)
    registry.register_demo_loader(load_support_demo)
    # ふるさと納税 seminars are for municipal and prefectural staff, not companies or others.
    registry.register_event_audience(
        "furusato", lambda user: user.role in ("municipal", "bureau", "hq") or user.is_superuser
    )


def _register_pages() -> None:
    """Pages the other pillars link to (a call answering a challenge, a case study's
    funding source)."""
    registry.register_page_url("grants.call", api.call_url)
    registry.register_page_url("grants.project_results", api.project_results_url)
