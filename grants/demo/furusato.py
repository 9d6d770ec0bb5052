"""Demo data of ふるさと納税 support (F4): companies, matching and seminars."""

import datetime as dt

from django.utils import timezone

from portal.japanese import fiscal_year
from portal.models import Bureau

COMPANY_ACCOUNTS = [
    # email, person's name, company, corporate number (valid check digit), approved?
    ("company@demo.example.jp", "応援 六郎", "株式会社ほっかいどう応援デモ", "1010001000006", 1),
    ("company-pending@demo.example.jp", "申請 七子", "デモ未来建設株式会社", "2010001000005", 0),
]


def demo_companies(users) -> dict:
    from allauth.account.models import EmailAddress

    from portal.management.commands.load_demo import DEMO_PASSWORD
    from portal.models import User

    from ..models import Company, PolicyTheme
    from ..services import companies as services

    hq = users["hq@demo.example.jp"]
    result = {}
    for email, person, name, number, approve in COMPANY_ACCOUNTS:
        user, created = User.objects.get_or_create(email=email, defaults={"name": person})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        company = Company.objects.filter(user=user).first()
        if company is None:
            company = services.company_register(
                user=user,
                themes=PolicyTheme.objects.filter(code__in=["tourism", "children", "energy"]),
                name=name,
                name_kana="デモ",
                corporate_number=number,
                head_office_address="東京都千代田区丸の内1-1-1",
                head_office_municipality=None,
                industry="情報通信業",
                website="https://www.example.com/",
                description="北海道の子育て支援と観光振興を応援したい。",
                contact_department="サステナビリティ推進部",
                contact_phone="03-0000-0000",
            )
        if approve and company.status == "pending":
            company = services.company_approve(company=company, actor=hq)
        result[email] = company
    return result


def demo_matching(users, companies) -> None:
    from ..models import Interest, PolicyTheme, SupportProject
    from ..services import matching as services

    if SupportProject.objects.exists():
        return
    year = fiscal_year()
    sapporo = users["sapporo@demo.example.jp"]
    hakodate = users["hakodate@demo.example.jp"]
    samples = [
        (
            sapporo,
            "子ども食堂ネットワーク応援プロジェクト",
            "children",
            "kigyo",
            5_000_000,
            "さっぽろ未来創生プラン（地域再生計画）",
            True,
        ),
        (
            hakodate,
            "函館西部地区 歴史的建造物活用パートナー募集",
            "tourism",
            "partnership",
            None,
            "",
            True,
        ),
        (
            sapporo,
            "冬季スポーツ振興プロジェクト（準備中）",
            "culture",
            "kigyo",
            3_000_000,
            "さっぽろ未来創生プラン（地域再生計画）",
            False,
        ),
    ]
    created = {}
    for staff, title, theme, kind, amount, plan, publish in samples:
        project = services.support_project_save(
            project=SupportProject(
                fiscal_year=year,
                title=title,
                theme=PolicyTheme.objects.get(code=theme),
                kind=kind,
                amount_sought=amount,
                period_start=dt.date(year, 6, 1),
                period_end=dt.date(year + 1, 3, 31),
                summary="地域の課題解決に向けて、企業の皆様のご支援を募集します。",
                description="事業の詳細は担当窓口までお問い合わせください。",
                regional_plan=plan,
                benefits="感謝状の贈呈、市ウェブサイト・広報誌での企業名の紹介、事業報告会へのご招待。",
                contact_department="企画課 ふるさと納税担当",
                contact_email=f"furusato@city-{staff.municipality.code}.example.jp",
                contact_phone="011-000-0000",
            ),
            actor=staff,
        )
        if publish:
            services.support_project_publish(project=project, actor=staff)
        created[title] = project
    company_user = users.get("company@demo.example.jp") or companies["company@demo.example.jp"].user
    company_user.refresh_from_db()
    if Interest.objects.exists():
        return
    accepted = services.interest_express(
        project=created["子ども食堂ネットワーク応援プロジェクト"],
        actor=company_user,
        message="当社の社会貢献活動として、子ども食堂の運営を応援したいと考えています。",
        pledged_amount=1_000_000,
    )
    services.interest_accept(
        interest=accepted, actor=sapporo, note="ありがとうございます。担当窓口からご連絡します。"
    )
    services.interest_express(
        project=created["函館西部地区 歴史的建造物活用パートナー募集"],
        actor=company_user,
        message="歴史的建造物を活用したサテライトオフィスの開設を検討しています。",
    )


def demo_seminars(users) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.models import Event
    from portal.services.events import event_record_attendance, event_register

    from ..models.furusato import FURUSATO_EVENT_CATEGORY
    from ..services.event_materials import event_material_add

    if Event.objects.filter(category=FURUSATO_EVENT_CATEGORY).exists():
        return
    now = timezone.localtime()
    sapporo = users["sapporo@demo.example.jp"]
    hakodate = users["hakodate@demo.example.jp"]
    upcoming_start = (now + dt.timedelta(days=14)).replace(hour=13, minute=30, second=0)
    Event.objects.create(
        category=FURUSATO_EVENT_CATEGORY,
        title="ふるさと納税実務研修会（本庁）",
        description="返礼品の基準、ポータルサイトとの契約、寄附受付事務の留意点を解説します。",
        starts_at=upcoming_start,
        ends_at=upcoming_start + dt.timedelta(hours=2),
        place="道庁別館 地下大会議室",
        online=True,
        online_details="https://meet.example.jp/furusato",
        capacity=40,
        is_published=True,
    )
    session_start = (now + dt.timedelta(days=21)).replace(hour=10, minute=0, second=0)
    session = Event.objects.create(
        category=FURUSATO_EVENT_CATEGORY,
        title="企業版ふるさと納税 個別相談会（石狩）",
        description="企業版ふるさと納税の活用について、市町村ごとに個別に相談を受けます。",
        starts_at=session_start,
        ends_at=session_start + dt.timedelta(hours=3),
        place="石狩振興局 会議室",
        bureau=Bureau.objects.get(code="ishikari"),
        capacity=1,
        is_published=True,
    )
    event_register(event=session, name=sapporo.name, email=sapporo.email, user=sapporo)
    event_register(event=session, name=hakodate.name, email=hakodate.email, user=hakodate)
    # A seminar that took place: registered while open, then held, with attendance and
    # the slides afterwards.
    past_start = (now + dt.timedelta(days=2)).replace(hour=14, minute=0, second=0)
    past = Event.objects.create(
        category=FURUSATO_EVENT_CATEGORY,
        title="ふるさと納税セミナー 寄附拡大の取組事例",
        starts_at=past_start,
        ends_at=past_start + dt.timedelta(hours=2),
        place="オンライン",
        online=True,
        capacity=30,
        is_published=True,
    )
    registration = event_register(event=past, name=sapporo.name, email=sapporo.email, user=sapporo)
    held = now - dt.timedelta(days=30)
    Event.objects.filter(pk=past.pk).update(starts_at=held, ends_at=held + dt.timedelta(hours=2))
    event_record_attendance(event=past, attended_ids=[registration.pk])
    event_material_add(
        event=past,
        actor=users["hq@demo.example.jp"],
        title="当日資料（取組事例集）",
        upload=SimpleUploadedFile(
            "取組事例集.pdf",
            b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n"
            b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n",
        ),
    )
