"""Everything the human-support pillar registers with the kernel, called once from
``DispatchConfig.ready()``: the reports' attachments, the to-do items, the demo data, the
regional view's measures and the municipality's panel, for dispatch (H1, H2) and
地域おこし協力隊 support (H3). The Celery tasks in tasks.py are found by autodiscovery."""

from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from portal import audiences, registry
from portal import regional as regional_view
from portal.excel import imports
from portal.models import Role
from portal.references import find_in

from . import api, kessai
from .demo.kyoryokutai import load_kyoryokutai_demo
from .demo.kyoryokutai_members import load_member_demo
from .demo.requests import load_demo
from .forms.imports import PersonRowForm, VolunteerRowForm
from .models import ActivityReport, CompletionReport, Person, Volunteer
from .permissions import requests as permissions
from .regional import kyoryokutai as regional_kyoryokutai
from .regional import requests as regional
from .selectors.strategy_contributions import dispatch_contributions
from .services.imports import roster_import, volunteers_import
from .todos.kyoryokutai import kyoryokutai_todos, member_todos
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
    kessai.register()
    regional_view.register(regional.MEASURES, regional.provider)
    registry.register_municipality_panel(regional.municipality_panel)
    # 効果検証 (#21 point 4): requests and sessions serving each strategy measure.
    registry.register_measure_contribution(dispatch_contributions)
    # Pages the other pillars link to (a request or an advisor answering a challenge).
    registry.register_page_url("dispatch.request", api.request_url)
    registry.register_page_url("dispatch.person", api.person_url)
    # Numbers people type: a request by its reference number (R8-石狩-派0003) or the number
    # of its page, an advisor by the number of their page; each within the user's scope.
    registry.register_reference_kind("dispatch.request", _find_request)
    registry.register_reference_kind("dispatch.person", _find_person)
    # The advisor's own page (assignments, sessions, activity reports), from the header.
    registry.register_own_area(
        registry.OwnArea(
            key="advisor-assignments",
            roles=frozenset({Role.ADVISOR}),
            title=_("My assignments and activity reports"),
            url_name="dispatch:my_assignments",
        )
    )
    _register_kyoryokutai()
    # The officers' 「対応待ち」 on the admin home: requests to decide and to staff.
    from .selectors.work_queue import WORK_QUEUES

    for queue in WORK_QUEUES:
        registry.register_work_queue(queue)
    _register_imports()
    _register_public_pages()


def _find_request(user, number):
    from .selectors.requests import requests_visible_to

    return find_in(requests_visible_to(user), number, kind="dispatch.request")


def _find_person(user, number):
    from .selectors.requests import people_visible_to

    people = people_visible_to(user)
    return find_in(
        people, number, kind="dispatch.person", label=_person_label, reference_field=None
    )


def _person_label(person) -> str:
    return f"{person.name}（{person.organisation}）" if person.organisation else person.name


def _register_kyoryokutai() -> None:
    """地域おこし協力隊 support (H3): its to-do items, demo data and regional figures."""
    registry.register_todo_provider(kyoryokutai_todos)
    registry.register_todo_provider(member_todos)
    # The member's own page (term, contact, activity reports), from the header.
    registry.register_own_area(
        registry.OwnArea(
            key="kyoryokutai-member",
            roles=frozenset({Role.MEMBER}),
            title=_("My 協力隊 page"),
            url_name="dispatch:kyoryokutai_member_home",
        )
    )
    registry.register_demo_loader(load_kyoryokutai_demo)
    registry.register_demo_loader(load_member_demo)
    regional_view.register(regional_kyoryokutai.MEASURES, regional_kyoryokutai.provider)
    audiences.register_audience_source(
        audiences.AudienceSource(
            kind=audiences.AudienceKind.HOST_TOWNS,
            recipients=api.host_towns,
            bureau_of=lambda municipality: municipality.bureau,
        )
    )


STAFF_ROLES = frozenset({"bureau", "hq"})
NAME = ("氏名", "名前", "name")
KANA = ("ふりがな", "フリガナ", "かな")


def _register_imports() -> None:
    """The sheets officers keep in Excel today: the roster (advisors and staff) and the
    協力隊 register. A bureau officer imports rows of their own bureau only."""
    column = imports.Column
    imports.register_importer(
        Person,
        imports.Importer(
            columns=[
                column("kind", _("kind"), example="外部アドバイザー", aliases=("区分",)),
                column("name", _("Full name"), example="北海 太郎", aliases=NAME),
                column(
                    "kana", _("reading"), required=False, example="ほっかい たろう", aliases=KANA
                ),
                column("organisation", _("organisation and title"), required=False),
                column("email", _("email address"), required=False, example="taro@example.jp"),
                column(
                    "home_bureau",
                    _("home bureau"),
                    required=False,
                    example="石狩振興局",
                    aliases=("振興局",),
                ),
                column("skills", _("skills"), required=False),
                column("capacity", _("assignments at a time"), required=False, example=3),
            ],
            form=PersonRowForm,
            save=roster_import,
            bureau_of=lambda row: row["home_bureau"].pk if row.get("home_bureau") else None,
            scope_column="home_bureau",
            roles=STAFF_ROLES,
            key=lambda row: (row.get("email") or "").lower() or (row["name"], row.get("kana")),
            key_column="email",
            filename="roster-template.xlsx",
        ),
    )
    imports.register_importer(
        Volunteer,
        imports.Importer(
            columns=[
                column("municipality", _("municipality"), example="011002"),
                column("name", _("Full name"), example="道央 花子", aliases=NAME),
                column(
                    "kana", _("reading"), required=False, example="どうおう はなこ", aliases=KANA
                ),
                column("commissioned_on", _("commissioned on"), example="令和8年4月1日"),
                column(
                    "term_start",
                    _("term starts"),
                    example="令和8年4月1日",
                    aliases=("任期開始", "任期開始日"),
                ),
                column(
                    "term_end",
                    _("term ends"),
                    example="令和11年3月31日",
                    aliases=("任期終了", "任期終了日"),
                ),
                column("email", _("email address"), required=False),
                column("phone", _("phone"), required=False),
                column("moved_from", _("moved from"), required=False, example="東京都"),
                column("activity", _("mission and activities"), required=False),
            ],
            form=VolunteerRowForm,
            save=volunteers_import,
            bureau_of=lambda row: row["municipality"].bureau_id,
            scope_column="municipality",
            roles=STAFF_ROLES,
            filename="kyoryokutai-register-template.xlsx",
        ),
    )


def _register_public_pages() -> None:
    """The home page's panels (what is new and open), the municipality's public page and
    profile sheet, and the event categories of the /events/ index."""
    from .panels import public as panels

    registry.register_home_panel(panels.open_positions)
    registry.register_public_municipality_panel(panels.municipality_positions)
    registry.register_event_category(
        "kyoryokutai", gettext_lazy("Community revitalisation volunteers (地域おこし協力隊)")
    )
