"""Everything the human-support pillar registers with the kernel, called once from
``DispatchConfig.ready()``: the reports' attachments, the to-do items, the demo data, the
regional view's measures and the municipality's panel, for dispatch (H1, H2) and
地域おこし協力隊 support (H3). The Celery tasks in tasks.py are found by autodiscovery."""

from portal import regional as regional_view
from portal import registry

from . import api
from .demo.kyoryokutai import load_kyoryokutai_demo
from .demo.requests import load_demo
from .models import ActivityReport, CompletionReport
from .permissions import requests as permissions
from .regional import kyoryokutai as regional_kyoryokutai
from .regional import requests as regional
from .todos.kyoryokutai import kyoryokutai_todos
from .todos.requests import dispatch_todos
from .todos.work import request_card


def register() -> None:
    registry.register_attachment_owner(ActivityReport, permissions.can_view_report)
    registry.register_attachment_owner(
        CompletionReport,
        lambda user, report: permissions.can_view_request(user, report.request),
    )
    registry.register_todo_provider(dispatch_todos)
    registry.register_work_provider(request_card)
    registry.register_demo_loader(load_demo)
    regional_view.register(regional.MEASURES, regional.provider)
    registry.register_municipality_panel(regional.municipality_panel)
    # Pages the other pillars link to (a request or an advisor answering a challenge).
    registry.register_page_url("dispatch.request", api.request_url)
    registry.register_page_url("dispatch.person", api.person_url)
    _register_kyoryokutai()


def _register_kyoryokutai() -> None:
    """地域おこし協力隊 support (H3): its to-do items, demo data and regional figures."""
    registry.register_todo_provider(kyoryokutai_todos)
    registry.register_demo_loader(load_kyoryokutai_demo)
    regional_view.register(regional_kyoryokutai.MEASURES, regional_kyoryokutai.provider)
