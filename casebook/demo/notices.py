"""Demo notices (お知らせ・事務連絡) for `make run`: a public notice of HQ on a programme, a
public event of 石狩振興局, an internal 要確認 事務連絡 of 石狩振興局 to its municipalities
(札幌市 among them, so the demo's staff sees it to confirm), and a draft of HQ. Idempotent."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from portal.audiences import AudienceKind
from portal.models import User

from ..models.notices import Notice, NoticeCategory, NoticeVisibility
from ..services import notices as services

DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"
)

NOTICES = [
    # sender, title, body, category, visibility, must confirm, audience, send
    (
        "hq@demo.example.jp",
        "令和8年度 地域づくり総合交付金の募集を開始しました",
        "令和8年度の地域づくり総合交付金（地域づくり推進事業）の募集を開始します。\n"
        "申請はポータルの「交付金」から行ってください。要綱と記載例を添付します。",
        NoticeCategory.MEASURES,
        NoticeVisibility.PUBLIC,
        False,
        AudienceKind.ALL,
        True,
    ),
    (
        "ishikari-officer@demo.example.jp",
        "石狩地域 デジタル化推進セミナーの開催について",
        "管内市町村の職員を対象に、窓口手続のオンライン化をテーマとしたセミナーを開催します。\n"
        "会場：石狩振興局 大会議室　申込みはポータルのイベントから。",
        NoticeCategory.EVENTS,
        NoticeVisibility.PUBLIC,
        False,
        AudienceKind.BUREAU,
        True,
    ),
    (
        "ishikari-officer@demo.example.jp",
        "地域づくり推進事業に係る実績報告の提出期限について（事務連絡）",
        "標記について、令和7年度事業の実績報告の提出期限は4月10日です。\n"
        "期限までに提出が難しい場合は、地域政策課までご連絡ください。\n"
        "本事務連絡を確認されたら、ポータルで「確認しました」を押してください。",
        NoticeCategory.ADMINISTRATIVE,
        NoticeVisibility.INTERNAL,
        True,
        AudienceKind.BUREAU,
        True,
    ),
    (
        "hq@demo.example.jp",
        "市町村戦略支援ポータルの操作説明会（案）",
        "ポータルの操作説明会をオンラインで開催します。日程は調整中です。",
        NoticeCategory.EVENTS,
        NoticeVisibility.INTERNAL,
        False,
        AudienceKind.ALL,
        False,
    ),
]


def load_notices_demo(stdout) -> None:
    users = {u.email: u for u in User.objects.filter(email__endswith="@demo.example.jp")}
    for email, title, body, category, visibility, confirm, kind, send in NOTICES:
        actor = users.get(email)
        if actor is None or Notice.objects.filter(title=title).exists():
            continue
        notice = Notice(
            title=title,
            body=body,
            category=category,
            visibility=visibility,
            requires_confirmation=confirm,
            audience_kind=kind,
            audience_bureau=actor.bureau if kind == AudienceKind.BUREAU else None,
        )
        uploads = []
        if category == NoticeCategory.MEASURES:
            uploads = [SimpleUploadedFile("募集要綱.pdf", DEMO_PDF, "application/pdf")]
        services.notice_save(notice=notice, actor=actor, uploads=uploads)
        if send:
            services.notice_send(notice=notice, actor=actor)
    stdout.write("casebook: notices loaded\n")
