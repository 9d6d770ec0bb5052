"""Demo data of the national grants knowledge base and advice (F3)."""

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


def demo_national(users) -> None:
    from portal.models import Consultation
    from portal.services.consultations import consultation_reply

    from ..models import NationalGrantProgramme, PolicyProject
    from ..models.national import FAQEntry
    from ..services import national as services

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
