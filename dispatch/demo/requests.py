"""Demo data of the human-support pillar for `make run`: a small roster, the bureaus'
desks and 地域創生枠, and requests at different stages. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from portal.japanese import fiscal_year
from portal.models import Bureau, User

from ..models import Availability, DispatchDesk, DispatchRequest, Person, RegionalFrame, Skill

ROSTER = [
    # name, kana, kind, organisation, email, skills, areas, home bureau, account
    (
        "助言 五月",
        "じょげん さつき",
        "advisor",
        "北海デジタル研究所 代表",
        "advisor@demo.example.jp",
        ["dx-strategy", "cloud", "online-procedures", "data"],
        [],
        None,
        "advisor@demo.example.jp",
    ),
    (
        "鈴木 健",
        "すずき けん",
        "advisor",
        "情報セキュリティ コンサルタント",
        "suzuki@demo.example.jp",
        ["security", "cloud"],
        [],
        None,
        None,
    ),
    (
        "山田 一郎",
        "やまだ いちろう",
        "staff",
        "総合政策部 地域戦略課 主幹",
        "yamada@demo.example.jp",
        ["strategy", "tourism", "migration"],
        ["ishikari", "sorachi"],
        "ishikari",
        None,
    ),
    (
        "佐藤 花",
        "さとう はな",
        "staff",
        "石狩振興局 地域創生部 主査",
        "",
        ["data", "gis", "community"],
        ["ishikari"],
        "ishikari",
        None,
    ),
    (
        "高橋 実",
        "たかはし みのる",
        "staff",
        "渡島総合振興局 産業振興部 主査",
        "",
        ["agriculture", "industry", "strategy"],
        ["oshima", "hiyama"],
        "oshima",
        None,
    ),
]


def load_demo(stdout) -> None:
    year = fiscal_year()
    today = timezone.localdate()
    for name, kana, kind, organisation, email, skills, areas, home, account in ROSTER:
        person, created = Person.objects.get_or_create(
            name=name,
            defaults={
                "kana": kana,
                "kind": kind,
                "organisation": organisation,
                "email": email,
                "home_bureau": Bureau.objects.filter(code=home).first() if home else None,
                "user": User.objects.filter(email=account).first() if account else None,
                "capacity": 4 if kind == "advisor" else 2,
            },
        )
        if created:
            person.skills.set(Skill.objects.filter(code__in=skills))
            person.areas.set(Bureau.objects.filter(code__in=areas))
            Availability.objects.create(
                person=person, starts_on=dt.date(year, 4, 1), ends_on=dt.date(year + 1, 3, 31)
            )
    for code, officer, places in (
        ("ishikari", "ishikari-officer@demo.example.jp", 2),
        ("oshima", "oshima-officer@demo.example.jp", 1),
    ):
        bureau = Bureau.objects.get(code=code)
        desk, _created = DispatchDesk.objects.get_or_create(bureau=bureau)
        chief = User.objects.filter(email=officer).first()
        if chief is not None:
            desk.chief_officers.add(chief)
        RegionalFrame.objects.get_or_create(
            bureau=bureau, fiscal_year=year, defaults={"places": places}
        )
    if not DispatchRequest.objects.exists():
        _demo_requests(today)
    stdout.write("Dispatch: roster, bureau desks and sample requests ready.")


def _demo_requests(today: dt.date) -> None:
    from ..services import requests

    sapporo = User.objects.get(email="sapporo@demo.example.jp")
    hakodate = User.objects.get(email="hakodate@demo.example.jp")
    officer = User.objects.get(email="ishikari-officer@demo.example.jp")
    advisor_user = User.objects.get(email="advisor@demo.example.jp")
    skills = {s.code: s for s in Skill.objects.all()}

    def filled(actor, kind, title, wanted, start, end=None):
        obj = requests.dispatch_request_create(actor=actor, kind=kind, title=title)
        return requests.dispatch_request_save(
            request=obj,
            actor=actor,
            data={
                "initiative": "庁内の業務改善と住民サービスの向上に向けた取組。",
                "reason": "専門的な知見を持つ職員がおらず、助言が必要。",
                "skills": [skills[code] for code in wanted],
                "preferred_start": start,
                "preferred_end": end,
                "contact_phone": "011-000-0000",
            },
        )

    # 札幌市: a DX consultation under way, with a session held and its report to confirm.
    dx = filled(
        sapporo,
        "dx",
        "行政手続オンライン化推進事業",
        ["online-procedures", "dx-strategy"],
        today - dt.timedelta(days=14),
        today + dt.timedelta(days=60),
    )
    _dx_consultation_under_way(dx, today, sapporo, officer, advisor_user)
    # 札幌市: an on-site visit awaiting the bureau's decision.
    visit = filled(
        sapporo,
        "visit",
        "冬季観光プロモーション検討",
        ["tourism"],
        today + dt.timedelta(days=30),
    )
    requests.dispatch_request_submit(request=visit, actor=sapporo)
    # 函館市: a 地域振興派遣 for the 渡島 bureau chief to decide.
    regional = filled(
        hakodate,
        "regional",
        "函館市移住定住促進プロジェクト",
        ["migration", "strategy"],
        dt.date(fiscal_year(today), 10, 1),
        dt.date(fiscal_year(today) + 1, 3, 31),
    )
    requests.dispatch_request_submit(request=regional, actor=hakodate)


def _dx_consultation_under_way(dx, today: dt.date, sapporo, officer, advisor_user) -> None:
    """Submitted, approved and staffed; one session held with its report, one to come."""
    from ..services import assignments, reports, requests, sessions

    requests.dispatch_request_submit(request=dx, actor=sapporo)
    requests.dispatch_request_approve(request=dx, actor=officer, note="")
    advisor = Person.objects.get(user=advisor_user)
    assignments.dispatch_request_assign(
        request=dx,
        actor=officer,
        people=[advisor],
        starts_on=today - dt.timedelta(days=14),
        ends_on=today + dt.timedelta(days=60),
        lead=advisor,
    )
    tz = timezone.get_current_timezone()
    held = today - dt.timedelta(days=2)
    session = sessions.session_schedule(
        request=dx,
        actor=officer,
        mode="visit",
        starts_at=dt.datetime.combine(held, dt.time(10, 0), tzinfo=tz),
        ends_at=dt.datetime.combine(held, dt.time(16, 30), tzinfo=tz),
        people=[advisor],
        place="札幌市役所本庁舎 会議室",
        participants="デジタル戦略推進局 3名",
        agenda="オンライン化の対象手続の洗い出し",
    )
    reports.activity_report_submit(
        session=session,
        actor=advisor_user,
        summary="申請件数の多い手続から優先順位を付け、電子申請の導入計画案を作成した。",
        hours=6,
        next_steps="次回までに対象手続の様式を収集する。",
    )
    coming = today + dt.timedelta(days=7)
    sessions.session_schedule(
        request=dx,
        actor=officer,
        mode="online",
        starts_at=dt.datetime.combine(coming, dt.time(14, 0), tzinfo=tz),
        ends_at=dt.datetime.combine(coming, dt.time(16, 0), tzinfo=tz),
        people=[advisor],
        online_details="オンライン会議（URLは前日までに送付）",
        agenda="様式の電子化の進め方",
    )
