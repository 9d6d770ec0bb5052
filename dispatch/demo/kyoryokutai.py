"""Demo data of 地域おこし協力隊 support (H3) for `make run`: positions and trial programmes,
協力隊 events, 函館市's register with members at every stage, and former members of other
towns. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from portal.models import User


def load_kyoryokutai_demo(stdout) -> None:
    """Positions and trial programmes on the volunteers' portal, 協力隊 events, and the
    register of 函館市 (kept by the demo account hakodate@) with members at every stage.
    Idempotent: nothing is added once positions exist."""
    from ..models import Position

    if Position.objects.exists():
        return
    today = timezone.localdate()
    hq = User.objects.filter(email="hq@demo.example.jp").first()
    hakodate = User.objects.filter(email="hakodate@demo.example.jp").first()
    if hq is None or hakodate is None:
        return
    positions = _kyoryokutai_postings(today, hq, hakodate)
    _kyoryokutai_events(today)
    _kyoryokutai_register(today, hakodate, positions)
    _kyoryokutai_history(today, hq)
    stdout.write("Dispatch: 協力隊 positions, programmes, events and a register ready.")


def _kyoryokutai_postings(today: dt.date, hq, hakodate) -> dict:
    from portal.models import Municipality

    from ..models import Mission
    from ..services import kyoryokutai as postings

    missions = {m.code: m for m in Mission.objects.all()}
    towns = {m.code: m for m in Municipality.objects.filter(code__in=KYORYOKUTAI_TOWNS)}
    created = {}
    for key, code, actor, state, data in _position_rows(today):
        data = {**POSITION_DEFAULTS, **data, "missions": [missions[c] for c in data["missions"]]}
        position = postings.position_create(
            actor=hakodate if actor == "hakodate" else hq,
            municipality=towns[code],
            data=data,
        )
        if state in ("published", "closed"):
            postings.posting_publish(posting=position, actor=hq)
        if state == "closed":
            postings.posting_close(posting=position, actor=hq)
        created[key] = position
    for code, data in _trial_rows(today):
        trial = postings.trial_create(
            actor=hq,
            municipality=towns[code],
            data={**TRIAL_DEFAULTS, **data, "missions": [missions[c] for c in data["missions"]]},
        )
        postings.posting_publish(posting=trial, actor=hq)
    return created


KYORYOKUTAI_TOWNS = ["012025", "014583", "014681", "013633", "013030", "013951"]
POSITION_DEFAULTS = {
    "description": "人口減少が進む地域で、一緒に新しい挑戦をしてくれる方を募集します。",
    "how_to_apply": "応募用紙と作文を郵送またはメールで提出。書類選考の後、現地で面接。",
    "contact_name": "企画課 地域おこし協力隊担当",
    "contact_phone": "0138-00-0000",
    "contact_email": "kyoryokutai@demo.example.jp",
    "url": "",
    "openings": 1,
    "term_years": 3,
    "pay_min": 200000,
    "pay_max": 240000,
    "housing": "subsidised",
    "vehicle": "provided",
    "conditions": "週5日・1日7時間45分。副業可（事前に届出）。社会保険加入。",
}
TRIAL_DEFAULTS = {
    "description": "協力隊の活動を実際に体験し、地域の方と交流するプログラムです。",
    "how_to_apply": "申込書をメールで送付してください。先着順です。",
    "contact_name": "企画課 地域おこし協力隊担当",
    "contact_phone": "0166-00-0000",
    "contact_email": "otameshi@demo.example.jp",
    "url": "",
    "costs": "交通費・宿泊費は町が負担、食費は自己負担",
}


def _position_rows(today: dt.date):
    days = dt.timedelta
    return [
        (
            "konbu",
            "012025",
            "hakodate",
            "published",
            {
                "title": "南茅部地域の昆布漁業と水産加工の担い手",
                "missions": ["fisheries", "local-products"],
                "activity": "昆布漁業の現場で働きながら、加工品の開発と販路づくりに取り組みます。",
                "applications_open": today - days(10),
                "applications_close": today + days(50),
            },
        ),
        (
            "hakodate-tourism",
            "012025",
            "hakodate",
            "closed",
            {
                "title": "縄文遺跡を活かした観光プロモーション",
                "missions": ["tourism", "media"],
                "activity": "世界遺産の縄文遺跡群を核に、体験型観光の企画と情報発信を行います。",
                "applications_open": today - days(60),
                "applications_close": today,
            },
        ),
        (
            "hakodate-draft",
            "012025",
            "hakodate",
            "draft",
            {
                "title": "移住相談窓口の運営（下書き）",
                "missions": ["migration"],
                "activity": "移住希望者の相談対応と、空き家バンクの運営を担います。",
                "applications_open": today + days(20),
                "applications_close": today + days(80),
            },
        ),
        (
            "higashikawa",
            "014583",
            "hq",
            "published",
            {
                "title": "写真の町の観光と移住支援",
                "missions": ["tourism", "migration"],
                "activity": "写真文化を活かした観光企画と、移住希望者の受入れを担当します。",
                "applications_open": today - days(5),
                "applications_close": today + days(40),
                "housing": "free",
            },
        ),
        (
            "shimokawa",
            "014681",
            "hq",
            "published",
            {
                "title": "森林資源を活かした林業と木材加工",
                "missions": ["forestry", "environment"],
                "activity": "循環型森林経営の現場で、林業と木質バイオマスの取組に参加します。",
                "applications_open": today - days(30),
                "applications_close": today + days(25),
                "openings": 2,
            },
        ),
        (
            "assabu",
            "013633",
            "hq",
            "published",
            {
                "title": "おためし移住の受入れと移住相談",
                "missions": ["migration", "community"],
                "activity": "おためし暮らし住宅の運営と、移住後の定着支援に取り組みます。",
                "applications_open": today + days(14),
                "applications_close": today + days(74),
                "vehicle": "allowance",
            },
        ),
    ]


def _trial_rows(today: dt.date):
    days = dt.timedelta
    return [
        (
            "014583",
            {
                "kind": "trial",
                "title": "おためし地域おこし協力隊（写真の町 2泊3日）",
                "missions": ["tourism", "migration"],
                "starts_on": today + days(30),
                "ends_on": today + days(32),
                "capacity": 6,
                "applications_close": today + days(20),
            },
        ),
        (
            "014681",
            {
                "kind": "internship",
                "title": "地域おこし協力隊インターン（林業 2週間）",
                "missions": ["forestry"],
                "starts_on": today + days(45),
                "ends_on": today + days(58),
                "capacity": 3,
                "applications_close": today + days(30),
            },
        ),
    ]


def _kyoryokutai_events(today: dt.date) -> None:
    from portal.models import Event

    tz = timezone.get_current_timezone()

    def at(day, hour):
        return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=tz)

    for offset, title, place, capacity, description in (
        (
            20,
            "地域おこし協力隊 募集説明会（札幌）",
            "札幌市中央区 道庁赤れんが庁舎",
            40,
            "道内の市町村の担当者が募集中の活動を紹介します。個別相談もできます。",
        ),
        (
            40,
            "地域おこし協力隊 初任者研修",
            "オンライン（Zoom）",
            60,
            "着任1年目の隊員向け研修。活動計画の立て方と地域との関係づくり。",
        ),
        (
            -60,
            "定住・起業セミナー（任期2年目以降の隊員向け）",
            "旭川市 上川総合振興局",
            30,
            "任期後の定住と起業に向けた準備、支援制度の紹介。",
        ),
    ):
        day = today + dt.timedelta(days=offset)
        Event.objects.get_or_create(
            category="kyoryokutai",
            title=title,
            defaults={
                "description": description,
                "starts_at": at(day, 13),
                "ends_at": at(day, 16),
                "place": place,
                "online": "オンライン" in place,
                "capacity": capacity,
                "open_to_public": True,
                "is_published": True,
            },
        )


def _kyoryokutai_register(today: dt.date, hakodate, positions: dict) -> None:
    """函館市's register through the services: one place recruiting, two serving (one
    whose term ends within 90 days), one who completed a year ago (follow-up due) and one
    who left early (settlement still to record)."""
    from portal.models import Event

    from ..models import Mission
    from ..services import volunteers as register

    missions = {m.code: m for m in Mission.objects.all()}
    training = list(Event.objects.filter(category="kyoryokutai", starts_at__lt=timezone.now()))
    days = dt.timedelta

    def add(data):
        return register.volunteer_create(actor=hakodate, data=data)

    add(
        {
            "position": positions["konbu"],
            "missions": [missions["fisheries"]],
            "activity": "昆布漁業と水産加工（募集中）",
        }
    )
    rows = [
        ("海野 渚", "うみの なぎさ", "東京都", today - days(1030), today + days(65), ["tourism"]),
        ("北野 陽", "きたの はる", "大阪府", today - days(300), today + days(795), ["media"]),
        (
            "森 大地",
            "もり だいち",
            "神奈川県",
            today - days(1475),
            today - days(380),
            ["fisheries"],
        ),
        ("川上 静", "かわかみ しず", "埼玉県", today - days(500), today + days(595), ["community"]),
    ]
    people = []
    for name, kana, moved_from, start, end, codes in rows:
        volunteer = add(
            {
                "missions": [missions[c] for c in codes],
                "activity": "地域資源を活かした活動",
                "trainings": training,
            }
        )
        register.volunteer_commission(
            volunteer=volunteer,
            actor=hakodate,
            name=name,
            kana=kana,
            moved_from=moved_from,
            commissioned_on=start - days(20),
            term_start=start,
            term_end=end,
        )
        register.volunteer_start(volunteer=volunteer, actor=hakodate, started_on=start)
        people.append(volunteer)
    completed, resigned = people[2], people[3]
    register.volunteer_complete(volunteer=completed, actor=hakodate)
    register.volunteer_record_settlement(
        volunteer=completed,
        actor=hakodate,
        destination="same",
        started_business=True,
        work="南茅部で昆布の加工品店を開業",
    )
    register.volunteer_resign(
        volunteer=resigned,
        actor=hakodate,
        ended_on=today - days(90),
        reason="家族の事情により転居",
    )


def _kyoryokutai_history(today: dt.date, hq) -> None:
    """Former members of other towns, written as seed records (their stories happened
    before the portal), so that HQ's and the bureaus' figures have several places."""
    from portal.models import Municipality

    from ..models import Settlement, Volunteer

    days = dt.timedelta
    history = [
        # town, name, started days ago, term length, destination, settled in, business, job
        ("014583", "写真 光", 1500, 1095, "same", None, True, False),
        ("014583", "東 結衣", 1400, 1095, "hokkaido", "014681", False, True),
        ("014681", "林 拓海", 1450, 1095, "left", None, False, True),
        ("014681", "木村 葵", 1300, 1095, "same", None, False, True),
        ("013030", "当別 蓮", 1200, 1095, "same", None, True, False),
        ("013951", "雪野 湊", 1350, 1095, "hokkaido", "013030", False, True),
    ]
    towns = Municipality.objects.in_bulk([row[0] for row in history] + ["014681", "013030"])
    for code, name, ago, length, destination, settled_in, business, job in history:
        town = towns[code]
        start = today - days(ago)
        end = start + days(length)
        volunteer = Volunteer.objects.create(
            municipality=town,
            bureau_id=town.bureau_id,
            status="completed",
            name=name,
            commissioned_on=start - days(14),
            term_start=start,
            term_end=end,
            started_on=start,
            ended_on=end,
            activity="地域資源を活かした活動",
            created_by=hq,
        )
        Settlement.objects.create(
            volunteer=volunteer,
            destination=destination,
            settled_municipality=towns.get(settled_in) if settled_in else None,
            started_business=business,
            took_job=job,
            recorded_by=hq,
            followup_due_on=end.replace(year=end.year + 1) if end.month != 2 else end + days(365),
            followup_destination=destination,
            followup_at=timezone.now(),
            followup_by=hq,
        )
    for code, name, ago in (("014583", "風間 碧", 200), ("013030", "石狩 灯", 420)):
        town = towns[code]
        start = today - days(ago)
        Volunteer.objects.create(
            municipality=town,
            bureau_id=town.bureau_id,
            status="active",
            name=name,
            commissioned_on=start - days(14),
            term_start=start,
            term_end=start + days(1094),
            started_on=start,
            activity="地域資源を活かした活動",
            created_by=hq,
        )
