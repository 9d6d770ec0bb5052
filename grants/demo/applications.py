"""Demo data of the grants pillar for `make run`: open calls and allocations."""

import datetime as dt

from django.utils import timezone

from portal.japanese import fiscal_year
from portal.models import Bureau

from ..models import (
    Allocation,
    ApplicantKind,
    Application,
    Call,
    CostCategory,
    GrantCategory,
    Programme,
)

INELIGIBLE_FOR_SOFT = ["wages", "food", "equipment", "land", "construction"]


def load_demo(stdout) -> None:
    year = fiscal_year()
    tz = timezone.get_current_timezone()
    opens = dt.datetime(year, 8, 1, 9, 0, tzinfo=tz)
    closes = dt.datetime(year + 1, 1, 29, 17, 0, tzinfo=tz)
    programme = Programme.objects.get(code="chiiki-zukuri")
    soft = GrantCategory.objects.get(code="soft")
    for code, allocation in (("ishikari", 30_000_000), ("oshima", 25_000_000)):
        bureau = Bureau.objects.get(code=code)
        Allocation.objects.get_or_create(
            bureau=bureau, fiscal_year=year, defaults={"amount": allocation}
        )
        call, created = Call.objects.get_or_create(
            programme=programme,
            category=soft,
            bureau=bureau,
            fiscal_year=year,
            defaults={
                "title": f"{bureau.name} 地域づくり総合交付金（ソフト事業）",
                "summary": "地域の主体性や独自性を活かしたソフト事業を募集します。",
                "opens_at": opens,
                "closes_at": closes,
                "is_published": True,
                "rate_numerator": 1,
                "rate_denominator": 2,
                "upper_limit": 3_000_000,
                "lower_limit": 100_000,
                "rounding_unit": 100_000,
                "project_end_limit": dt.date(year + 1, 3, 31),
                "allows_advance_payment": True,
            },
        )
        if created:
            call.eligible_applicant_kinds.set(ApplicantKind.objects.all())
            call.ineligible_cost_categories.set(
                CostCategory.objects.filter(code__in=INELIGIBLE_FOR_SOFT)
            )
            call.required_attachments.create(name="事業計画書", order=1)
            call.required_attachments.create(name="収支予算書", order=2)
            call.required_attachments.create(name="位置図・写真", is_required=False, order=3)
            call.criteria.create(name="地域課題の解決", weight=3, order=1)
            call.criteria.create(name="市町村の関与", weight=2, order=2)
            call.criteria.create(name="総合戦略KPIへの寄与", weight=2, order=3)
    _demo_applications(year)
    stdout.write("Grants: calls, allocations and sample applications ready.")


def _demo_applications(year: int) -> None:
    """A submitted application of 札幌市 and of 函館市 for the officers to review, and a draft."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.models import User
    from portal.selectors.strategy_links import measures_offered

    from ..services import applications as services

    if Application.objects.exists():
        return
    kind = ApplicantKind.objects.get(code="municipality")
    samples = [
        ("sapporo@demo.example.jp", "商店街キャッシュレス推進事業", True),
        ("hakodate@demo.example.jp", "函館朝市インバウンド受入環境整備事業", True),
        ("sapporo@demo.example.jp", "冬季観光イベント企画事業", False),
        # Its 交付決定 is drafted and awaits the 局長 (#20): see _demo_kessai.
        ("sapporo@demo.example.jp", "市民協働まちづくり推進事業", True),
    ]
    for email, title, submit in samples:
        staff = User.objects.get(email=email)
        call = Call.objects.get(bureau_id=staff.municipality.bureau_id, fiscal_year=year)
        app = services.application_create(call=call, actor=staff, applicant_kind=kind)
        services.application_save_section(
            application=app,
            actor=staff,
            section="overview",
            data={
                "title": title,
                "purpose": "地域の事業者と連携し、来訪者の回遊性と消費を高める。",
                "description": "事業者向け説明会、導入支援、周知イベントを行う。",
            },
        )
        if not submit:
            continue
        services.application_save_section(
            application=app,
            actor=staff,
            section="strategy",
            data={
                "strategy_name": f"{staff.municipality.name}まち・ひと・しごと創生総合戦略",
                # Tagged with the first measure of its published strategies (#21).
                "measures": list(measures_offered(staff.municipality)[:1]),
                "kpi_name": "参加事業者数",
                "kpi_baseline": "20者",
                "kpi_target": "60者",
            },
        )
        services.application_save_section(
            application=app,
            actor=staff,
            section="schedule",
            data={
                "start_date": dt.date(year, 12, 1),
                "end_date": dt.date(year + 1, 2, 28),
            },
        )
        services.application_save_budget(
            application=app,
            actor=staff,
            requested_amount=600_000,
            lines=[
                {
                    "cost_category": CostCategory.objects.get(code="honorarium"),
                    "description": "講師謝金",
                    "amount": 300_000,
                },
                {
                    "cost_category": CostCategory.objects.get(code="commission"),
                    "description": "導入支援業務委託",
                    "amount": 900_000,
                },
            ],
        )
        services.application_add_attachment(
            application=app,
            actor=staff,
            label="事業計画書",
            upload=SimpleUploadedFile(
                "事業計画書.pdf",
                b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n"
                b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n",
            ),
        )
        services.application_add_attachment(
            application=app,
            actor=staff,
            label="収支予算書",
            upload=SimpleUploadedFile(
                "収支予算書.pdf",
                b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n"
                b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n",
            ),
        )
        services.application_save_section(
            application=app,
            actor=staff,
            section="contact",
            data={
                "contact_phone": "011-000-0000",
                "contact_department": "企画課",
            },
        )
        services.application_submit(application=app, actor=staff)
    _demo_kessai(Application.objects.get(title="市民協働まちづくり推進事業"))


def _demo_kessai(application) -> None:
    """石狩振興局's 交付決定 of one application drafted by its officer and waiting in the
    局長's 決裁箱 (ishikari-kyokucho@): what a bureau with a 決裁 route sees. The draft
    names its own step; the bureau has no route, so every other decision of the demo is
    taken at once, as in a small office."""
    from portal.kessai import routed_act
    from portal.models import Position, User
    from portal.services.kessai import kessai_draft

    from ..services.review import application_start_review
    from ..workflows.applications import APPROVE_KIND

    act = routed_act(APPROVE_KIND)
    officer = User.objects.get(email="ishikari-officer@demo.example.jp")
    application = application_start_review(application=application, actor=officer)
    kessai_draft(
        obj=application,
        kind=APPROVE_KIND,
        action=act.action.name,
        title=act.title(application),
        municipality_id=None,
        bureau_id=application.bureau_id,
        payload={
            "amount": ["500000"],
            "conditions": ["事業完了後30日以内に実績報告を提出すること。"],
        },
        steps=[{"order": 1, "position": Position.HEAD, "unit_id": None}],
        actor=officer,
    )
