"""Building cooperatives and their applications in a given state, through the services."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from casebook.rules import cooperatives as sections
from casebook.services import cooperative_decisions as decisions
from casebook.services import cooperatives as services
from portal.models import Municipality
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"
SHIMOKAWA, NAYORO, BIFUKA = "014681", "012211", "014699"
TOBETSU = "013030"


def pdf(name: str = "document.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, "application/pdf")


def cooperative(hq, *, office=SHIMOKAWA, name="しもかわ地域づくり事業協同組合", email=None):
    """An approved cooperative with its account (role: cooperative)."""
    user = UserFactory(**({"email": email} if email else {}))
    coop = services.cooperative_register(
        user=user,
        name=name,
        name_kana="シモカワ",
        corporate_number="",
        address="北海道上川郡下川町幸町1番地",
        municipality=Municipality.objects.get(code=office),
        representative="代表理事 山田 太郎",
        contact_phone="01655-4-0000",
    )
    coop = decisions.cooperative_approve(cooperative=coop, actor=hq)
    user.refresh_from_db()
    return coop


def fill(application, *, area=(SHIMOKAWA, NAYORO), dispatches=True):
    """Every section of the task list, as the cooperative would fill it in."""
    user = application.cooperative.user
    municipalities = list(Municipality.objects.filter(code__in=area))
    main = next(m for m in municipalities if m.code == area[0])
    values = {
        "organisation": {
            "name": application.name or "しもかわ地域づくり事業協同組合",
            "address": "北海道上川郡下川町幸町1番地",
            "representative": "代表理事 山田 太郎",
            "office": "下川町役場内 組合事務局",
        },
        "officers": {"officers": "代表理事 山田 太郎\n理事 佐藤 花子"},
        "area": {"main_municipality": main, "area": municipalities, "area_reason": "通年の仕事"},
        "business": {
            "business_plan": "農業・林業・観光の繁閑を組み合わせて通年雇用する。",
            "dispatches_workers": dispatches,
            "planned_workers": 4,
            "budget_income": 20_000_000,
            "budget_expenditure": 19_000_000,
        },
        "change": {"change_summary": "地区に美深町を加える。"},
    }
    for section in sections.sections_for(application):
        if section.key in values:
            services.application_save_section(
                application=application, actor=user, section=section.key, data=values[section.key]
            )
    application.refresh_from_db()
    return application


def attach_all(application):
    user = application.cooperative.user
    for row in sections.requirements_for(application):
        if row["required"]:
            services.application_add_attachment(
                application=application,
                actor=user,
                upload=pdf(f"{row['requirement'].code}.pdf"),
                code=row["requirement"].code,
            )
    return application


def submitted(coop, **kwargs):
    application = services.application_start(
        cooperative=coop, actor=coop.user, kind="change" if coop.is_certified else "initial"
    )
    attach_all(fill(application, **kwargs))
    return services.application_submit(application=application, actor=coop.user)


def forwarded(application, officer):
    decisions.application_start_review(application=application, actor=officer)
    decisions.application_save_checklist(
        application=application,
        actor=officer,
        criteria=dict.fromkeys(application.CRITERIA, True),
    )
    return decisions.application_forward(application=application, actor=officer, opinion="適当")


def certified(hq, officer=None, **kwargs):
    coop = cooperative(hq, **kwargs)
    application = forwarded(submitted(coop), officer or hq)
    application = decisions.application_certify(application=application, actor=hq)
    coop.refresh_from_db()
    return coop, application
