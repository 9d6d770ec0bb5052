"""Demo content of the casebook for `make run`: published case studies across Hokkaido, a
journal issue, a municipality's proposal and a draft awaiting review. Idempotent.

The initiatives are illustrations written for the demo, not reports of real projects."""

from __future__ import annotations

import datetime as dt
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.japanese import fiscal_year
from portal.models import Municipality, User

from ..models import Article, CaseStudy, JournalIssue, Theme
from ..models.choices import ArticleKind, IssueStatus
from ..services import case_studies as services
from ..services import editors as editor_services
from ..services import journal as journal_services
from ..services import photos as photo_services

DEMO_NOTE = "（デモ用の架空の事例です）"

CASES = [
    {
        "code": "011002",
        "title": "商店街のキャッシュレス化で回遊性を高める",
        "themes": ["digital", "industry"],
        "pillar": "money",
        "population": 1960000,
        "summary": "市内の商店街で決済端末の導入と共通ポイントを進め、来街者の回遊と売上の回復"
        "につなげた。",
        "challenge": "郊外の大型店への客足の流出が続き、商店街の空き店舗が増えていた。"
        "高齢の店主が多く、キャッシュレス決済への対応が遅れていた。",
        "actions": "商店街振興組合と連携し、決済端末の導入費を補助した。"
        "店主向けの勉強会を年6回開き、共通ポイントのキャンペーンを実施した。",
        "results": "導入店舗は60店舗に増え、キャンペーン期間中の来街者数は前年同期比で15％増えた。",
        "figures": [
            ("キャッシュレス導入店舗数", "60", "店舗", "事業前は18店舗"),
            ("来街者数の増加", "15", "％", "キャンペーン期間の前年同期比"),
        ],
        "budget": 4_800_000,
        "funding": [("地域づくり総合交付金", 2_400_000), ("市一般財源", 2_400_000)],
        "contact": "経済観光局 商業振興課",
    },
    {
        "code": "012173",
        "title": "大学と連携した若者の地元定着プロジェクト",
        "themes": ["migration", "people-skills"],
        "pillar": "information",
        "population": 119000,
        "summary": "市内の大学生が地元企業で実践型のインターンシップに参加し、卒業後の市内就職"
        "を後押しした。",
        "challenge": "市内に大学が4校ありながら、卒業生の多くが市外で就職していた。",
        "actions": "大学・商工会議所と協議会をつくり、学生が地元企業の課題解決に取り組む長期イ"
        "ンターンシップを始めた。",
        "results": "3年間で延べ210人の学生が参加し、参加者の市内就職率は38％となった。",
        "figures": [
            ("参加学生数（延べ）", "210", "人", "3年間"),
            ("参加者の市内就職率", "38", "％", ""),
        ],
        "budget": 3_000_000,
        "funding": [("市一般財源", 3_000_000)],
        "contact": "企画政策部 企画課",
    },
    {
        "code": "012025",
        "title": "観光客の分散に向けた周遊ルートの開発",
        "themes": ["tourism", "wide-area"],
        "pillar": "money",
        "population": 240000,
        "summary": "混雑する中心部から周辺の町へ観光客の足を延ばしてもらうため、近隣町と周遊ル"
        "ートを共同開発した。",
        "challenge": "観光客が中心部の一部に集中し、周辺地域には経済効果が届いていなかった。",
        "actions": "近隣の町と広域で周遊ルートを設計し、二次交通の実証運行とデジタルスタンプラ"
        "リーを実施した。",
        "results": "周辺の町の観光施設の入込客数が前年度比で12％増加した。",
        "figures": [("周辺施設の入込客数", "12", "％増", "前年度比")],
        "budget": 6_500_000,
        "funding": [("地域づくり総合交付金", 3_000_000), ("市一般財源", 3_500_000)],
        "contact": "観光部 観光企画課",
    },
    {
        "code": "014681",
        "title": "森林資源を活かした地域熱供給",
        "themes": ["energy", "primary-industry"],
        "pillar": "own",
        "population": 3000,
        "summary": "町の面積の大半を占める森林から出る木材を燃料に、公共施設と住宅へ熱を供給し"
        "ている。",
        "challenge": "灯油の価格変動が町の財政と住民の暮らしを圧迫し、林業の担い手も減っていた。",
        "actions": "木質バイオマスボイラーを整備し、間伐材を燃料として地元で加工する体制をつく"
        "った。",
        "results": "公共施設の暖房用燃料費を年間で約1,900万円削減し、林業の雇用が生まれた。",
        "figures": [
            ("燃料費の削減額", "1,900", "万円/年", "公共施設"),
            ("新たな雇用", "6", "人", ""),
        ],
        "budget": 120_000_000,
        "funding": [("国の交付金", 60_000_000), ("町債", 60_000_000)],
        "contact": "環境未来都市推進課",
    },
    {
        "code": "013951",
        "title": "住民参加による景観まちづくり",
        "themes": ["town-planning", "tourism"],
        "pillar": "own",
        "population": 5000,
        "summary": "住民と事業者が景観のルールを話し合って決め、観光と暮らしが両立するまちなみ"
        "を守っている。",
        "challenge": "観光開発が急に進み、景観や住環境への影響を心配する声が高まっていた。",
        "actions": "住民・事業者・町でワークショップを重ね、景観条例と開発の事前協議の仕組みを"
        "つくった。",
        "results": "大規模な開発はすべて事前協議を経るようになり、住民の満足度調査でも評価が高"
        "まった。",
        "figures": [("事前協議の件数", "42", "件", "5年間")],
        "budget": None,
        "funding": [],
        "contact": "企画環境課",
    },
    {
        "code": "014583",
        "title": "写真文化を軸にした関係人口の拡大",
        "themes": ["furusato", "culture-sports"],
        "pillar": "own",
        "population": 8300,
        "summary": "写真をテーマにした催しと、ふるさと納税の応援者との交流を重ね、町に関わる人"
        "を増やした。",
        "challenge": "人口減少が続き、町外から町に関わる人を増やすことが課題だった。",
        "actions": "写真の国際フェスティバルを毎年開き、ふるさと納税の寄附者を「株主」として町"
        "に招く制度を始めた。",
        "results": "寄附者の来町が増え、移住相談件数も増加した。",
        "figures": [("移住相談件数", "120", "件", "年度")],
        "budget": 25_000_000,
        "funding": [("ふるさと納税", 25_000_000)],
        "contact": "定住促進課",
    },
    {
        "code": "016331",
        "title": "自動運転バスの実証運行",
        "themes": ["transport", "digital"],
        "pillar": "people",
        "population": 4800,
        "summary": "運転手不足に備え、市街地で自動運転バスを定期運行し、高齢者の移動を支えている。",
        "challenge": "バスの運転手が足りず、免許を返納した高齢者の移動手段が課題になっていた。",
        "actions": "DXアドバイザーの助言を受けて事業者と協定を結び、市街地の循環ルートで自動運"
        "転バスを運行した。",
        "results": "運行日数は年間240日を超え、利用者は延べ8,000人となった。",
        "figures": [("利用者数（延べ）", "8,000", "人", ""), ("運行日数", "240", "日", "")],
        "budget": 30_000_000,
        "funding": [("国の交付金", 20_000_000), ("町一般財源", 10_000_000)],
        "contact": "デジタル推進課",
    },
    {
        "code": "015814",
        "title": "震災を教訓にした地域防災力の強化",
        "themes": ["disaster"],
        "pillar": "people",
        "population": 4300,
        "summary": "地震の経験を踏まえ、自主防災組織の結成と避難所運営の訓練を全地区で進めた。",
        "challenge": "大きな地震で停電と断水が長く続き、避難所の運営に多くの課題が見つかった。",
        "actions": "道の職員派遣を受けて防災計画を見直し、全地区で自主防災組織をつくり訓練を重"
        "ねた。",
        "results": "自主防災組織の結成率は100％となり、毎年の訓練に住民の3割が参加している。",
        "figures": [("自主防災組織の結成率", "100", "％", "")],
        "budget": 8_000_000,
        "funding": [("地域づくり総合交付金", 4_000_000), ("町一般財源", 4_000_000)],
        "contact": "総務課 防災グループ",
    },
    {
        "code": "016918",
        "title": "酪農の担い手を育てる研修牧場",
        "themes": ["primary-industry", "people-skills", "migration"],
        "pillar": "money",
        "population": 14500,
        "summary": "町外から就農を目指す人を研修牧場で受け入れ、技術の習得から就農までを一貫し"
        "て支えている。",
        "challenge": "酪農家の高齢化と後継者不足で、離農が続いていた。",
        "actions": "農協と研修牧場を運営し、研修中の住まいと生活費を支援した。",
        "results": "10年間で28組が新規就農し、その多くが町外からの移住者だった。",
        "figures": [("新規就農者", "28", "組", "10年間")],
        "budget": 40_000_000,
        "funding": [
            ("地域づくり総合交付金", 3_000_000),
            ("農協", 10_000_000),
            ("町一般財源", 27_000_000),
        ],
        "contact": "産業振興部 農政課",
    },
    {
        "code": "015555",
        "title": "地域おこし協力隊の起業を支える仕組み",
        "themes": ["kyoryokutai", "industry"],
        "pillar": "people",
        "population": 19000,
        "summary": "任期後も町に残って起業する協力隊員を、専門家の伴走と空き店舗の活用で支えて"
        "いる。",
        "challenge": "協力隊員の任期終了後の定住率が低く、起業の相談先もなかった。",
        "actions": "任期2年目から起業塾に参加してもらい、空き店舗の改修費と開業資金の一部を支援"
        "した。",
        "results": "任期を終えた隊員の定住率は70％に上がり、9人が町内で起業した。",
        "figures": [("任期後の定住率", "70", "％", ""), ("起業した隊員", "9", "人", "")],
        "budget": 5_000_000,
        "funding": [("町一般財源", 5_000_000)],
        "contact": "商工観光課",
    },
    {
        "code": "012149",
        "title": "オンライン診療で離島の医療を守る",
        "themes": ["health-welfare", "digital"],
        "pillar": "information",
        "population": 31000,
        "summary": "市の病院と離島の診療所をオンラインで結び、専門医の診療を島で受けられるよう"
        "にした。",
        "challenge": "島には常勤の専門医がいなく、通院のために船で本島へ渡る負担が大きかった。",
        "actions": "通信環境を整え、市立病院の専門医が定期的にオンライン診療を行う体制をつくった。",
        "results": "島外への通院回数が減り、患者の負担が軽くなった。",
        "figures": [("オンライン診療の件数", "350", "件/年", "")],
        "budget": 12_000_000,
        "funding": [("国の補助金", 6_000_000), ("市一般財源", 6_000_000)],
        "contact": "保健福祉部 地域医療課",
    },
    {
        "code": "016071",
        "title": "子育て世代向けのお試し移住住宅",
        "themes": ["migration", "childcare-education"],
        "pillar": "money",
        "population": 11500,
        "summary": "空き家を改修したお試し住宅で、子育て世代が町の暮らしを体験できるようにした。",
        "challenge": "移住の問い合わせはあっても、住まいや子育て環境への不安から実際の移住につ"
        "ながらなかった。",
        "actions": "空き家を改修してお試し住宅とし、保育所や学校の見学、先輩移住者との交流会を"
        "組み合わせた。",
        "results": "3年間で利用した42世帯のうち、11世帯が移住した。",
        "figures": [
            ("お試し住宅の利用世帯", "42", "世帯", "3年間"),
            ("移住した世帯", "11", "世帯", ""),
        ],
        "budget": 9_000_000,
        "funding": [("地域づくり総合交付金", 4_500_000), ("町一般財源", 4_500_000)],
        "contact": "企画課 移住定住係",
    },
]


def _demo_image(seed: int, label: str) -> SimpleUploadedFile:
    """A landscape-like picture (sky, hills, field) drawn with Pillow."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)  # noqa: S311 - shapes of a demo picture, not a secret
    width, height = 1600, 1000
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    sky = (rng.randint(90, 140), rng.randint(150, 190), rng.randint(200, 240))
    for y in range(height):
        shade = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(c * (1 - 0.35 * shade)) for c in sky),
        )
    for layer in range(3):
        base = 450 + layer * 150
        colour = (40 + layer * 30, 90 + layer * 35, 50 + layer * 10)
        points = [(0, height)]
        for x in range(0, width + 100, 100):
            points.append((x, base + rng.randint(-80, 60)))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return SimpleUploadedFile(f"{label}.jpg", out.getvalue(), content_type="image/jpeg")


def load_demo(stdout) -> None:
    hq = User.objects.filter(email="hq@demo.example.jp").first()
    if hq is None:
        return
    editor_services.editor_appoint(user=hq, actor=hq, note="デモ")
    themes = {theme.code: theme for theme in Theme.objects.all()}
    this_year = fiscal_year()
    now = timezone.now()
    published = []
    for index, case in enumerate(CASES):
        existing = CaseStudy.objects.filter(title=case["title"]).first()
        if existing is not None:
            published.append(existing)
            continue
        municipality = Municipality.objects.get(code=case["code"])
        case_study = services.case_study_create(
            actor=hq,
            municipality=municipality,
            themes=[themes[c] for c in case["themes"]],
            title=case["title"],
            summary=case["summary"],
            fiscal_year=this_year - 1 - index % 4,
            pillar=case["pillar"],
            population=case["population"],
            challenge=case["challenge"],
            actions=case["actions"],
            results=case["results"] + DEMO_NOTE,
            budget_total=case["budget"],
            contact_department=case["contact"],
        )
        for order, (label, value, unit, note) in enumerate(case["figures"]):
            case_study.figures.create(label=label, value=value, unit=unit, note=note, order=order)
        for order, (name, amount) in enumerate(case["funding"]):
            case_study.funding_sources.create(name=name, amount=amount, order=order)
        photo_services.photo_add(
            upload=_demo_image(index, f"case-{index}"),
            actor=hq,
            case_study=case_study,
            alt=f"{municipality.name}の風景（イメージ）",
            caption=f"{municipality.name}（デモ用の画像）",
        )
        services.case_study_content_saved(case_study=case_study)
        services.case_study_submit(case_study=case_study, actor=hq)
        services.case_study_publish(case_study=case_study, actor=hq)
        published.append(case_study)
    _load_issue(hq, published, now)
    _load_workflow_examples()
    stdout.write(f"Casebook: {len(published)} published case studies and a journal issue.")


def _load_issue(hq, published, now) -> None:
    if JournalIssue.objects.filter(number=1).exists() or len(published) < 3:
        return
    issue = journal_services.issue_save(
        issue=JournalIssue(
            number=1,
            title="特集：人口減少に向き合うまちの挑戦",
            published_on=(now - dt.timedelta(days=30)).date(),
            summary="移住、担い手、交通。人口減少に向き合う道内の取組を紹介します。",
        ),
        actor=hq,
    )
    Article.objects.create(
        issue=issue,
        order=0,
        kind=ArticleKind.FEATURE,
        title="巻頭言　地域の「創る」を伝える",
        lead="道内179市町村の取組を、現場の声とともにお届けします。",
        body="北海道創生ジャーナル「創る」は、市町村の先進的な取組を共有するために道が発行しています。"
        "\n\n本号では、人口減少に向き合う三つのまちの挑戦を紹介します。" + DEMO_NOTE,
        byline="北海道 地域創生局 地域戦略課",
    )
    for order, case_study in enumerate(published[-3:], start=1):
        Article.objects.create(
            issue=issue, order=order, kind=ArticleKind.CASE_STUDY, case_study=case_study
        )
    photo_services.photo_add(
        upload=_demo_image(99, "cover"),
        actor=hq,
        issue=issue,
        alt="丘の連なる北海道の風景（表紙・イメージ）",
    )
    if issue.status == IssueStatus.DRAFT:
        journal_services.issue_publish(issue=issue, actor=hq)


def _load_workflow_examples() -> None:
    sapporo = User.objects.filter(email="sapporo@demo.example.jp").first()
    officer = User.objects.filter(email="ishikari-officer@demo.example.jp").first()
    theme = Theme.objects.filter(code="tourism").first()
    title = "地下歩行空間を活用した冬のにぎわいづくり"
    if sapporo is not None and not CaseStudy.objects.filter(title=title).exists():
        services.case_study_propose(
            actor=sapporo,
            themes=[theme] if theme else [],
            title=title,
            summary="冬でも歩きやすい地下歩行空間で催しを重ね、都心のにぎわいを生み出した。",
            fiscal_year=fiscal_year() - 1,
            challenge="冬は歩行者が減り、都心の商業が落ち込んでいた。",
            actions="地下歩行空間の広場を貸し出し、市民団体や企業の催しを年間を通じて開いた。",
            results="広場の稼働率は9割を超えた。" + DEMO_NOTE,
            contact_department="まちづくり政策局 都心まちづくり推進室",
        )
    title = "石狩湾の海浜を活かした体験型観光"
    if officer is not None and not CaseStudy.objects.filter(title=title).exists():
        case_study = services.case_study_create(
            actor=officer,
            municipality=Municipality.objects.get(code="012351"),
            themes=[theme] if theme else [],
            title=title,
            summary="海浜の自然を活かした体験プログラムで、夏の滞在時間を延ばした。",
            fiscal_year=fiscal_year() - 1,
            pillar="money",
            challenge="海水浴客の日帰りが多く、地域での消費が少なかった。",
            actions="漁業者と連携して地引網や浜辺の自然観察の体験プログラムをつくった。",
            results="体験プログラムの参加者は年間1,200人となった。" + DEMO_NOTE,
        )
        services.case_study_submit(case_study=case_study, actor=officer)
