"""Demo data of the grants pillar for `make run`: open calls and allocations."""

import datetime as dt

from django.utils import timezone

from portal.japanese import fiscal_year
from portal.models import Bureau

from .models import (
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

    from .services import applications as services

    if Application.objects.exists():
        return
    kind = ApplicantKind.objects.get(code="municipality")
    samples = [
        ("sapporo@demo.example.jp", "商店街キャッシュレス推進事業", True),
        ("hakodate@demo.example.jp", "函館朝市インバウンド受入環境整備事業", True),
        ("sapporo@demo.example.jp", "冬季観光イベント企画事業", False),
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


# --- F2–F4: bureau policy projects, national grants advice, ふるさと納税 support ---------------

COMPANY_ACCOUNTS = [
    # email, person's name, company, corporate number (valid check digit), approved?
    ("company@demo.example.jp", "応援 六郎", "株式会社ほっかいどう応援デモ", "1010001000006", 1),
    ("company-pending@demo.example.jp", "申請 七子", "デモ未来建設株式会社", "2010001000005", 0),
]


def load_support_demo(stdout) -> None:
    """Demo data of F2–F4 (safe to run again): bureau projects of 石狩 and 渡島, national
    programmes and an FAQ entry, ふるさと納税 seminars with a waiting list and materials,
    an approved and a pending company, projects seeking support and a match."""
    from portal.models import User

    users = {u.email: u for u in User.objects.filter(email__endswith="@demo.example.jp")}
    needed = {
        "hq@demo.example.jp",
        "ishikari-officer@demo.example.jp",
        "oshima-officer@demo.example.jp",
        "sapporo@demo.example.jp",
        "hakodate@demo.example.jp",
    }
    if not needed <= set(users):
        return
    _demo_policy_projects(users)
    _demo_national(users)
    companies = _demo_companies(users)
    _demo_matching(users, companies)
    _demo_seminars(users)
    stdout.write("Grants F2–F4: policy projects, national grants, ふるさと納税 demo ready.")


def _demo_policy_projects(users) -> None:
    from django.db.models import F

    from portal.models import Municipality, Region

    from .models import PolicyProject, PolicyTheme, ProjectKPI
    from .services import projects as services

    if PolicyProject.objects.exists():
        return
    year = fiscal_year()
    ishikari = users["ishikari-officer@demo.example.jp"]
    oshima = users["oshima-officer@demo.example.jp"]
    samples = [
        (
            ishikari,
            year - 1,
            "さっぽろ圏ワーケーション推進事業",
            "migration",
            "doo",
            ["011002", "012173", "012246"],
            "evaluated",
        ),
        (
            ishikari,
            year,
            "石狩湾岸ゼロカーボン研究会",
            "energy",
            "doo",
            ["011002", "012351"],
            "in_progress",
        ),
        (
            oshima,
            year - 1,
            "道南広域観光ルート造成事業",
            "tourism",
            "donan",
            ["012025", "012360", "013439"],
            "completed",
        ),
    ]
    for officer, project_year, title, theme, region, codes, target in samples:
        region_obj = Region.objects.filter(code=region).first() or officer.bureau.region
        project = services.policy_project_save(
            project=PolicyProject(
                fiscal_year=project_year,
                title=title,
                theme=PolicyTheme.objects.get(code=theme),
                region=region_obj,
                summary="地域の企業・大学・住民団体と連携し、地域課題の解決に取り組む。",
                description="調査、ワークショップ、実証を行い、成果を市町村と共有する。",
                start_date=dt.date(project_year, 5, 1),
                end_date=dt.date(project_year + 1, 2, 28),
            ),
            actor=officer,
        )
        project.municipalities.set(Municipality.objects.filter(code__in=codes))
        project.partners.create(name="北海道デモ大学", kind="university", role="調査・分析")
        project.partners.create(name="NPO法人まちづくりデモ", kind="npo", role="ワークショップ運営")
        project.budget_lines.create(item="委託料", planned=2_400_000, spent=2_250_000, order=1)
        project.budget_lines.create(item="報償費", planned=300_000, spent=280_000, order=2)
        project.milestones.create(title="実施計画の策定", due_on=dt.date(project_year, 6, 30))
        project.milestones.create(title="実証・検証", due_on=dt.date(project_year, 11, 30))
        ProjectKPI.objects.create(
            project=project, name="参加事業者数", unit="者", baseline=5, target=20, order=1
        )
        ProjectKPI.objects.create(
            project=project, name="ワークショップ参加者数", unit="人", target=150, order=2
        )
        if target == "planned":
            continue
        services.policy_project_start(project=project, actor=officer)
        if target == "in_progress":
            continue
        project.milestones.update(done_on=F("due_on"))
        project.kpis.filter(name="参加事業者数").update(result=24)
        project.kpis.filter(name="ワークショップ参加者数").update(result=132)
        services.policy_project_complete(
            project=project,
            actor=officer,
            results="参加事業者24者、ワークショップ参加者132人。3市町で取組が継続している。",
        )
        if target == "evaluated":
            services.policy_project_evaluate(
                project=project,
                actor=officer,
                evaluation="目標を概ね達成。来年度は対象を近隣町村に広げる。",
            )
            services.policy_project_propose_case_study(
                project=project, actor=officer, note="他地域でも応用しやすい取組です。"
            )


PROGRAMMES = [
    {
        "name": "新しい地方経済・生活環境創生交付金（第2世代交付金）",
        "ministry": "内閣府",
        "purpose": "地方公共団体の自主性と創意工夫に基づく、地方創生に資する地域の独自の取組を"
        "支援する。ソフト・ハードの一体的な取組も対象。",
        "rate": "原則1/2",
        "deadlines": "内閣府が示す募集要領による（地域再生計画の作成・申請が必要）。",
        "link_text": "内閣府 地方創生推進事務局のウェブサイト",
        "keywords": "第2世代交付金 地域再生計画 地方創生",
    },
    {
        "name": "デジタル田園都市国家構想交付金（デジタル実装タイプ）",
        "ministry": "内閣府",
        "purpose": "デジタルを活用した地域の課題解決や魅力向上に向け、他地域で確立された"
        "優良モデル等を活用した実装の取組を支援する。",
        "rate": "1/2（タイプにより異なる）",
        "deadlines": "年度ごとの募集要領による。",
        "link_text": "内閣府 地方創生推進事務局のウェブサイト",
        "keywords": "デジ田 デジタル実装 DX",
    },
    {
        "name": "地方創生応援税制（企業版ふるさと納税）",
        "ministry": "内閣府",
        "purpose": "国が認定した地域再生計画に位置付けられる地方創生の取組に対し企業が寄附を"
        "行った場合に、法人関係税から税額控除する。交付金ではないが相談が多い。",
        "rate": "税額控除（損金算入と合わせ寄附額の最大約9割）",
        "deadlines": "地域再生計画の認定申請は内閣府の受付期間による。",
        "link_text": "内閣府 企業版ふるさと納税ポータルサイト",
        "keywords": "企業版ふるさと納税 寄附 税額控除",
    },
]


def _demo_national(users) -> None:
    from portal.models import Consultation
    from portal.services.consultations import consultation_reply

    from .models import NationalGrantProgramme, PolicyProject
    from .models.national import FAQEntry
    from .services import national as services

    hq = users["hq@demo.example.jp"]
    for data in PROGRAMMES:
        if not NationalGrantProgramme.objects.filter(name=data["name"]).exists():
            services.national_programme_save(programme=NationalGrantProgramme(**data), actor=hq)
    officer = users["ishikari-officer@demo.example.jp"]
    sapporo = users["sapporo@demo.example.jp"]
    second_generation = NationalGrantProgramme.objects.get(name=PROGRAMMES[0]["name"])
    asked = (
        Consultation.objects.filter(asker=sapporo, category__code="national-grants")
        .order_by("pk")
        .first()
    )
    if asked is not None and not FAQEntry.objects.filter(source=asked).exists():
        services.national_consultation_tag(
            consultation=asked, actor=officer, programmes=[second_generation]
        )
        if asked.status == "open":
            consultation_reply(
                consultation=asked,
                actor=officer,
                body="商店街のキャッシュレス化は、地域再生計画に位置付けることで第2世代交付金の"
                "対象となり得ます。計画の様式と今年度の締切は内閣府の募集要領をご確認ください。",
            )
            asked.refresh_from_db()
        services.faq_publish(
            consultation=asked,
            actor=officer,
            question="商店街でキャッシュレス決済を広げる事業は、国の交付金の対象になりますか。",
            answer="地域再生計画に位置付けることで、新しい地方経済・生活環境創生交付金の対象と"
            "なり得ます。様式と締切は内閣府の募集要領を確認してください。",
            programme=second_generation,
        )
    project = PolicyProject.objects.filter(title="石狩湾岸ゼロカーボン研究会").first()
    if (
        project is not None
        and not Consultation.objects.filter(
            related_id=str(project.pk), category__code="national-grants"
        ).exists()
    ):
        services.national_consultation_open(
            actor=sapporo,
            subject="ゼロカーボン研究会の成果を国の交付金で事業化できるか",
            question="研究会で検討している再エネ導入の実証を、国の交付金で事業化したいと考えています。"
            "どの交付金が使えるか教えてください。",
            related=project,
            programmes=[second_generation],
        )


def _demo_companies(users) -> dict:
    from allauth.account.models import EmailAddress

    from portal.management.commands.load_demo import DEMO_PASSWORD
    from portal.models import User

    from .models import Company, PolicyTheme
    from .services import companies as services

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


def _demo_matching(users, companies) -> None:
    from .models import Interest, PolicyTheme, SupportProject
    from .services import matching as services

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


def _demo_seminars(users) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.models import Bureau, Event
    from portal.services.events import event_record_attendance, event_register

    from .models.furusato import FURUSATO_EVENT_CATEGORY
    from .services.event_materials import event_material_add

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
