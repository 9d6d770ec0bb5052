"""Demo of the cooperative certification (I3) for `make run`: a certified cooperative in
上川 with a change notification falling due, and one in 石狩 whose application awaits the
bureau's review. Fictional cooperatives; idempotent (skips what exists)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.models import Municipality, User

DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"
)

ACCOUNTS = [
    # email, person, cooperative, kana, office municipality, area codes, certify
    (
        "cooperative@demo.example.jp",
        "組合 八郎",
        "しもかわデモ地域づくり事業協同組合",
        "シモカワデモチイキヅクリジギョウキョウドウクミアイ",
        "014681",
        ["014681"],
        True,
    ),
    (
        "cooperative-new@demo.example.jp",
        "組合 九子",
        "とうべつデモ地域づくり事業協同組合",
        "トウベツデモチイキヅクリジギョウキョウドウクミアイ",
        "013030",
        ["013030", "013048"],
        False,
    ),
]


def _account(email: str, person: str) -> User:
    from allauth.account.models import EmailAddress

    from portal.management.commands.load_demo import DEMO_PASSWORD

    user, created = User.objects.get_or_create(email=email, defaults={"name": person})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _fill_and_submit(application, user, area_codes) -> None:
    from ..rules import cooperatives as sections
    from ..services import cooperatives as services

    area = list(Municipality.objects.filter(code__in=area_codes))
    main = next(m for m in area if m.code == area_codes[0])
    data = {
        "organisation": {
            "name": application.name,
            "address": application.address,
            "representative": application.representative,
            "office": f"{main.name}役場内 事務局",
        },
        "officers": {"officers": "代表理事 デモ 一郎\n理事 デモ 二郎\n監事 デモ 三郎"},
        "area": {
            "main_municipality": main,
            "area": area,
            "area_reason": "人口減少が続き、農業・林業・観光の繁忙期が異なるため、"
            "通年の仕事を組み合わせられる。",
        },
        "business": {
            "business_plan": "組合員の農業法人・製材所・宿泊施設へ職員を派遣し、"
            "季節ごとの繁閑を組み合わせて通年雇用を実現する。",
            "dispatches_workers": True,
            "planned_workers": 5,
            "budget_income": 24_000_000,
            "budget_expenditure": 23_500_000,
        },
    }
    for key, values in data.items():
        services.application_save_section(
            application=application, actor=user, section=key, data=values
        )
    application.refresh_from_db()
    for row in sections.requirements_for(application):
        if row["required"]:
            code = row["requirement"].code
            services.application_add_attachment(
                application=application,
                actor=user,
                upload=SimpleUploadedFile(f"{code}.pdf", DEMO_PDF, "application/pdf"),
                code=code,
            )
    services.application_submit(application=application, actor=user)


def load_cooperative_demo(stdout) -> None:
    from ..models.cooperative_changes import NotificationKind
    from ..models.cooperatives import Cooperative
    from ..services import cooperative_changes as changes
    from ..services import cooperative_decisions as decisions
    from ..services import cooperatives as services

    hq = User.objects.filter(email="hq@demo.example.jp").first()
    if hq is None:
        return
    for email, person, name, kana, office_code, area_codes, certify in ACCOUNTS:
        user = _account(email, person)
        if Cooperative.objects.filter(user=user).exists():
            continue
        office = Municipality.objects.get(code=office_code)
        cooperative = services.cooperative_register(
            user=user,
            name=name,
            name_kana=kana,
            corporate_number="",
            address=f"北海道{office.name}1番地（デモ用の架空の組合です）",
            municipality=office,
            representative="代表理事 デモ 一郎",
            contact_phone="01655-0-0000",
        )
        cooperative = decisions.cooperative_approve(cooperative=cooperative, actor=hq)
        user.refresh_from_db()
        application = services.application_start(
            cooperative=cooperative, actor=user, kind="initial"
        )
        _fill_and_submit(application, user, area_codes)
        if not certify:
            continue
        decisions.application_start_review(application=application, actor=hq)
        decisions.application_save_checklist(
            application=application,
            actor=hq,
            criteria=dict.fromkeys(application.CRITERIA, True),
        )
        decisions.application_forward(
            application=application, actor=hq, opinion="認定基準を満たしており、認定が適当。"
        )
        decisions.application_certify(application=application, actor=hq)
        cooperative.refresh_from_db()
        changes.notification_create(
            cooperative=cooperative,
            actor=user,
            kind=NotificationKind.OFFICERS,
            changed_on=timezone.localdate() - dt.timedelta(days=25),
            new_value="代表理事 デモ 一郎\n理事 デモ 四郎\n監事 デモ 三郎",
        )
    stdout.write("Cooperative certification demo ready.")
