"""Everything the grants pillar registers with the kernel, called once from ``ready()``."""

from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from portal import regional as regional_view
from portal import registry
from portal.excel import imports
from portal.models import Role
from portal.references import find_in
from portal.workflow import register_action_labels

from . import api, kessai
from .demo.applications import load_demo
from .demo.support import load_support_demo
from .forms.allocations import AllocationRowForm
from .forms.furusato_portals import DonationFigureRowForm
from .models import (
    Allocation,
    Application,
    DonationFigure,
    EventMaterial,
    Notice,
    PerformanceReport,
)
from .permissions import applications as permissions
from .regional import applications as regional
from .regional import furusato as furusato_regional
from .selectors.strategy_contributions import grant_contributions, project_contributions
from .services.allocations import allocations_import
from .services.furusato_portals import donation_figures_import
from .todos.applications import grant_todos
from .todos.support import support_todos
from .todos.work import application_card


def register() -> None:
    _register_action_labels()
    _register_applications()
    _register_support()
    _register_pages()
    _register_work_queue()
    _register_imports()
    _register_public_pages()
    _register_handover()
    kessai.register()


def _register_action_labels() -> None:
    """Audit actions done in place (not moves of a workflow table), as histories show them."""
    register_action_labels(
        {
            "declare_no_conflict": _("No conflict of interest declared"),
            "partner_confirm": _("Partner confirmed its part"),
            "advance_payment": _("Advance payment recorded"),
            "refer_hq": _("Referred to HQ"),
            "tag_programmes": _("National programmes chosen"),
            "add_material": _("Material added"),
            "remove_material": _("Material removed"),
            "issue_notice": _("Decision notice issued"),
        }
    )


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
    # 効果検証 (#21 point 4): the grants decided for each strategy measure.
    registry.register_measure_contribution(grant_contributions)
    registry.register_measure_contribution(project_contributions)


def _register_support() -> None:
    """F2–F4: seminar materials are downloaded through the kernel's scope-checked view; the
    to-do items of companies, HQ, municipalities and bureaus; the demo data."""
    registry.register_attachment_owner(EventMaterial, permissions.can_view_event_material)
    registry.register_todo_provider(support_todos)
    registry.register_demo_loader(load_support_demo)
    # ふるさと納税 donations received, summed by the regional view (#22).
    regional_view.register(furusato_regional.MEASURES, furusato_regional.provider)
    registry.register_municipality_panel(furusato_regional.municipality_panel)
    # ふるさと納税 seminars are for municipal and prefectural staff, not companies or others.
    registry.register_event_audience(
        "furusato", lambda user: user.role in ("municipal", "bureau", "hq") or user.is_superuser
    )


def _register_pages() -> None:
    """Pages the other pillars link to (a call answering a challenge, a case study's
    funding source)."""
    registry.register_page_url("grants.call", api.call_url)
    registry.register_page_url("grants.project_results", api.project_results_url)
    # Numbers people type: a published call by the number of its page; a decided grant by its
    # reference number (a case study's funding source), within the user's applications.
    registry.register_reference_kind("grants.call", _find_call)
    registry.register_reference_kind("grants.decided_grant", _find_decided_grant)
    # Where a local group and a company start (the header and my page link them).
    registry.register_own_area(
        registry.OwnArea(
            key="group-applications",
            roles=frozenset({Role.GROUP}),
            title=_("My group's applications"),
            url_name="grants:application_list",
        )
    )
    registry.register_own_area(
        registry.OwnArea(
            key="company-page",
            roles=frozenset({Role.COMPANY}),
            title=_("My company's page"),
            url_name="grants:company_home",
        )
    )


def _find_call(user, number):
    from .selectors.applications import calls_public

    calls = calls_public()
    return find_in(calls, number, kind="grants.call", label=_title, reference_field=None)


def _find_decided_grant(user, number):
    from .selectors.applications import applications_visible_to

    decided = applications_visible_to(user).filter(status__in=api.DECIDED)
    return find_in(decided, number, kind="grants.decided_grant", label=_title)


def _title(row) -> str:
    return row.title


def _register_work_queue() -> None:
    """The officers' 「対応待ち」 on the admin home: review, changes, reports, payments."""
    from .selectors.work_queue import WORK_QUEUES

    for queue in WORK_QUEUES:
        registry.register_work_queue(queue)


def _register_imports() -> None:
    """The sheet of 配当額 HQ keeps in Excel: one row per bureau and 年度 (admin list of
    allocations → 「Excelから取り込む」)."""
    imports.register_importer(
        Allocation,
        imports.Importer(
            columns=[
                imports.Column("bureau", _("bureau"), example="石狩振興局"),
                imports.Column("fiscal_year", _("fiscal year"), example="令和8年度"),
                imports.Column(
                    "amount", _("allocated amount (yen)"), example=50_000_000, aliases=("配当額",)
                ),
            ],
            form=AllocationRowForm,
            save=allocations_import,
            bureau_of=lambda row: row["bureau"].pk,
            scope_column="bureau",
            key=lambda row: (row["bureau"].pk, row["fiscal_year"]),
            key_column="fiscal_year",
            filename="allocations-template.xlsx",
        ),
    )
    # ふるさと納税 donations received (受入額・件数), as bureaus collect them from their
    # municipalities (admin list of donations received → 「Excelから取り込む」, #22).
    imports.register_importer(
        DonationFigure,
        imports.Importer(
            columns=[
                imports.Column("municipality", _("municipality"), example="札幌市"),
                imports.Column("fiscal_year", _("fiscal year"), example="令和7年度"),
                imports.Column(
                    "amount",
                    _("donations received (yen)"),
                    example=1_234_567_000,
                    aliases=("受入額", "寄附受入額"),
                ),
                imports.Column(
                    "count",
                    _("number of donations"),
                    example=45_678,
                    aliases=("件数", "受入件数"),
                ),
                imports.Column("note", _("note"), required=False),
            ],
            form=DonationFigureRowForm,
            save=donation_figures_import,
            bureau_of=lambda row: row["municipality"].bureau_id,
            scope_column="municipality",
            roles=frozenset({Role.BUREAU, Role.HQ}),
            key=lambda row: (row["municipality"].pk, row["fiscal_year"]),
            key_column="fiscal_year",
            filename="furusato-donations-template.xlsx",
        ),
    )


def _register_public_pages() -> None:
    """The home page's panels (what is new and open), the municipality's public page and
    profile sheet, and the event categories of the /events/ index."""
    from .panels import public as panels
    from .sitemaps import sitemaps

    registry.register_sitemaps(sitemaps)
    registry.register_home_panel(panels.open_calls)
    registry.register_public_municipality_panel(panels.municipality_decisions)
    registry.register_public_municipality_panel(panels.municipality_projects)
    registry.register_event_category(
        "furusato", gettext_lazy("Hometown tax donation (ふるさと納税)")
    )


def _register_handover() -> None:
    """What a moving person leaves to their old unit (人事異動, #20)."""
    from .services.handover import PROVIDER

    registry.register_handover_provider(PROVIDER)
