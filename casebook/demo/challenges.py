"""Demo content of challenges, liaison meetings and plans (I1, I4) for `make run`: a few
challenges of 札幌市 and 函館市 (one answered and linked to a case study), a liaison meeting
of 石狩振興局 with public minutes and an action item, and plans in the registry.
Idempotent; runs after the casebook's own demo (which publishes the case studies)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from portal.japanese import fiscal_year
from portal.models import Municipality, User

from ..models import (
    CaseStudy,
    Challenge,
    LiaisonMeeting,
    LinkKind,
    Plan,
    PlanType,
    Sharing,
    StrategyMeetingAttendance,
    Theme,
)
from ..services import challenge_sharing as sharing_services
from ..services import challenges as challenge_services
from ..services import meetings as meeting_services
from ..services import plans as plan_services
from .plans import load_plan_contents_demo

CHALLENGES = [
    (
        "sapporo@demo.example.jp",
        "migration",
        "若者の市外流出が止まらない",
        "市内の大学を卒業した若者の多くが道外で就職している。地元企業の魅力が学生に届いていない。",
        "合同企業説明会を年1回開いているが、参加する学生が少ない。",
        "high",
        ["information", "advisor"],
    ),
    (
        "sapporo@demo.example.jp",
        "digital",
        "窓口手続のオンライン化が進まない",
        "電子申請の対象手続が少なく、窓口の混雑が続いている。庁内にDXの専門人材がいない。",
        "",
        "medium",
        ["dispatch", "grant"],
    ),
    (
        "hakodate@demo.example.jp",
        "tourism",
        "観光客が中心部に集中している",
        "観光客が中心部の一部に集中し、周辺地域に経済効果が届いていない。",
        "周辺の観光施設のパンフレットを作成した。",
        "medium",
        ["grant", "information"],
    ),
]

PLANS = [
    ("sapporo@demo.example.jp", "transport", "札幌市地域公共交通計画", 0, 4, "adopted"),
    ("sapporo@demo.example.jp", "strategy", "第3期さっぽろ未来創生プラン", -4, 0, "adopted"),
    ("hakodate@demo.example.jp", "strategy", "函館市総合戦略（改訂版）", 1, 5, "drafting"),
]


def load_challenges_demo(stdout) -> None:
    users = {u.email: u for u in User.objects.filter(email__endswith="@demo.example.jp")}
    officer = users.get("ishikari-officer@demo.example.jp")
    staff = users.get("sapporo@demo.example.jp")
    if officer is None or staff is None:
        return
    themes = {t.code: t for t in Theme.objects.all()}
    for email, theme, title, description, tried, urgency, support in CHALLENGES:
        actor = users.get(email)
        if actor is None or Challenge.objects.filter(title=title).exists():
            continue
        challenge = challenge_services.challenge_submit(
            actor=actor,
            theme=themes[theme],
            title=title,
            description=description,
            tried=tried,
            urgency=urgency,
            support=support,
        )
        if theme == "migration":
            challenge_services.challenge_respond(
                challenge=challenge,
                actor=officer,
                response="江別市の大学連携の事例が参考になります。担当者をご紹介します。",
            )
            case = CaseStudy.objects.filter(status="published", themes__code=theme).first()
            if case is not None:
                challenge_services.challenge_link(
                    challenge=challenge,
                    actor=officer,
                    kind=LinkKind.CASE_STUDY,
                    target_id=case.pk,
                )
                challenge_services.challenge_match(challenge=challenge, actor=officer)

    title = "令和の地域づくり連携会議（石狩管内）"
    if not LiaisonMeeting.objects.filter(title=title).exists():
        meeting = LiaisonMeeting(
            title=title,
            bureau_id=officer.bureau_id,
            date=timezone.localdate() - dt.timedelta(days=14),
            start_time=dt.time(14, 0),
            place="石狩振興局 2階 会議室",
            invited_organisations="石狩商工会議所\n石狩観光協会",
            agenda="1 管内市町村の課題共有\n2 地域づくり総合交付金の活用について\n3 意見交換",
            attendance="石狩振興局 地域政策課\n札幌市 企画課",
            minutes="管内の若者定着の課題を共有した。各市町村の取組を事例集として整理する。",
        )
        meeting_services.meeting_save(meeting=meeting, actor=officer)
        meeting.invited_municipalities.set(Municipality.objects.filter(bureau_id=officer.bureau_id))
        meeting.attended_municipalities.set(Municipality.objects.filter(code="011002"))
        meeting.challenges.set(Challenge.objects.filter(bureau_id=officer.bureau_id)[:2])
        meeting_services.action_item_save(
            item=meeting.action_items.model(
                meeting=meeting,
                title="若者定着の取組状況を照会票で回答する",
                owner=staff,
                due_date=timezone.localdate() + dt.timedelta(days=21),
            ),
            actor=officer,
        )
        meeting_services.meeting_publish_minutes(meeting=meeting, actor=officer)

    year = fiscal_year()
    types = {t.code: t for t in PlanType.objects.all()}
    for email, type_code, plan_title, start, end, status in PLANS:
        actor = users.get(email)
        if (
            actor is None
            or type_code not in types
            or Plan.objects.filter(title=plan_title).exists()
        ):
            continue
        plan_services.plan_register(
            actor=actor,
            data={
                "plan_type": types[type_code],
                "title": plan_title,
                "start_year": year + start,
                "end_year": year + end,
                "summary": "計画の概要（デモ用の架空の内容です）。",
                "url": "",
            },
            status=status,
        )
    _load_sharing_demo(users, officer, themes)
    load_plan_contents_demo(staff, officer)
    stdout.write("casebook: challenges, a liaison meeting and plans loaded\n")


def _load_sharing_demo(users, officer, themes) -> None:
    """#22 point 3: 札幌市 shares its migration challenge with its 連携地域; 江別市 (a
    neighbour in 石狩振興局) submits the same challenge and says 「同じ課題がある」, so 石狩振興局
    sees a cluster of two; the bureau attended 札幌市's 総合戦略推進会議."""
    sapporo, ebetsu = users.get("sapporo@demo.example.jp"), users.get("ebetsu@demo.example.jp")
    shared = Challenge.objects.filter(title=CHALLENGES[0][2]).first()
    if sapporo is None or ebetsu is None or shared is None:
        return
    sharing_services.challenge_share(challenge=shared, actor=sapporo, sharing=Sharing.REGION)
    title = "大学卒業生の市外就職"
    own = Challenge.objects.filter(title=title).first()
    if own is None:
        own = challenge_services.challenge_submit(
            actor=ebetsu,
            theme=themes["migration"],
            title=title,
            description="市内4大学の卒業生の多くが札幌市や道外で就職している。",
            tried="市内企業のインターンシップを紹介している。",
            urgency="medium",
            support=["information"],
            sharing=Sharing.BUREAU,
        )
    # Once: saying it again would be an edit, in the challenge's history at every load.
    if not shared.echoes.filter(municipality_id=ebetsu.municipality_id).exists():
        sharing_services.challenge_echo(
            challenge=shared,
            actor=ebetsu,
            own_challenge=own,
            note="大学との連携について情報交換できればと思います。",
        )
    meeting_name = "さっぽろ未来創生プラン推進会議"
    if not StrategyMeetingAttendance.objects.filter(meeting_name=meeting_name).exists():
        attendance = StrategyMeetingAttendance(
            municipality=sapporo.municipality,
            date=timezone.localdate() - dt.timedelta(days=30),
            meeting_name=meeting_name,
            notes="総合戦略のKPI（若者の転出超過数）が未達。大学連携の事例を紹介した。",
        )
        meeting_services.strategy_attendance_save(
            attendance=attendance, actor=officer, attendees=[officer]
        )
