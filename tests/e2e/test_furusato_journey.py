"""The ほっかいどう応援団会議 journey in Chromium: a company registers (one error corrected)
and HQ approves it in the admin; a municipality posts and publishes a project; the company
finds it and expresses interest; the municipality accepts; the company reads the answer
with the public contact point and no member of staff's name; HQ reads the pipeline, the
report and the statistics. axe checks every page on the way, in the Japanese
UI."""

import re

import pytest
from playwright.sync_api import expect

from grants.models import Company, Interest, SupportProject
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import UserFactory
from tests.grants.support_factories import furusato_event, load_themes

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_a_company_registers_expresses_interest_and_the_municipality_accepts(page, live_server):
    load_themes()
    applicant = UserFactory(name="応援 六郎", email="company@example.jp")
    staff = UserFactory(sapporo=True, name="札幌 花子", email="hanako@city.sapporo.example.jp")
    hq = UserFactory(hq=True, name="本庁 四郎", email="hq@example.jp")
    furusato_event(title="ふるさと納税実務研修会")

    # The company finds the programme and registers; a wrong corporate number first.
    sign_in(page, live_server, applicant)
    page.goto(f"{live_server.url}/grants/furusato/")
    assert_accessible(page, "furusato index")
    page.get_by_role("link", name="研修会・相談会").first.click()
    assert_accessible(page, "seminars")
    page.goto(f"{live_server.url}/grants/furusato/")
    page.get_by_role("link", name="企業を登録する").click()
    assert_accessible(page, "company registration")
    page.fill("#id_name", "株式会社ほっかいどう応援")
    page.fill("#id_name_kana", "カブシキガイシャホッカイドウオウエン")
    page.fill("#id_corporate_number", "1234567890123")
    page.fill("#id_head_office_address", "東京都千代田区丸の内1-1-1")
    page.fill("#id_industry", "情報通信業")
    page.fill("#id_description", "子育て支援を応援したい。")
    page.get_by_label("子育て・教育").check()
    page.fill("#id_contact_department", "経営企画部")
    page.fill("#id_contact_phone", "03-0000-0000")
    submit(page, "登録を申請する")
    expect(page).to_have_title(re.compile(r"^エラー"))
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#id_name").input_value() == "株式会社ほっかいどう応援"
    assert_accessible(page, "company registration with an error")
    page.fill("#id_corporate_number", "１１８０３０１０１８７７１")  # full-width is fine
    submit(page, "登録を申請する")
    assert_accessible(page, "company page, pending")
    company = Company.objects.get()
    assert company.status == "pending"

    # HQ approves it in the admin.
    sign_in(page, live_server, hq)
    page.goto(f"{live_server.url}/admin/grants/company/")
    assert_accessible(page, "admin companies")
    page.get_by_role("link", name="株式会社ほっかいどう応援").click()
    assert_accessible(page, "admin company")
    submit(page, "登録を承認する")
    company.refresh_from_db()
    assert company.status == "approved"

    # The municipality posts a project and publishes it.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/grants/furusato/projects/new/")
    assert_accessible(page, "project form")
    page.fill("#id_title", "子ども食堂ネットワーク応援プロジェクト")
    page.select_option("#id_theme", label="子育て・教育")
    page.locator("input[name=kind][value=kigyo]").check()
    page.fill("#id_amount_sought", "5,000,000")
    page.fill("#id_period_start", "2026-06-01")
    page.fill("#id_period_end", "2027-03-31")
    page.fill("#id_summary", "子ども食堂のネットワークを広げる。")
    page.fill("#id_regional_plan", "さっぽろ未来創生プラン")
    page.fill("#id_benefits", "寄附額に応じた返礼品")
    page.fill("#id_contact_department", "企画課 ふるさと納税担当")
    page.fill("#id_contact_email", "furusato@city.sapporo.example.jp")
    page.fill("#id_contact_phone", "011-211-2111")
    submit(page, "保存する")
    expect(page).to_have_title(re.compile(r"^エラー"))
    assert_accessible(page, "project form with an error")
    page.fill("#id_benefits", "感謝状の贈呈、市ウェブサイトでの企業名の紹介。")
    submit(page, "保存する")
    assert_accessible(page, "project draft")
    submit(page, "企業に公開する")
    project = SupportProject.objects.get()
    assert project.status == "open"

    # The company browses, filters and expresses interest.
    sign_in(page, live_server, applicant)
    page.goto(f"{live_server.url}/grants/furusato/projects/")
    assert_accessible(page, "browse projects")
    page.select_option("#id_theme", label="子育て・教育")
    submit(page, "絞り込む")
    assert "1件の事業" in page.locator("[role=status]").inner_text()
    page.get_by_role("link", name="子ども食堂ネットワーク応援プロジェクト").click()
    assert_accessible(page, "project page for the company")
    main = page.locator("main").inner_text()
    assert "furusato@city.sapporo.example.jp" in main
    assert "札幌 花子" not in main and staff.email not in main
    page.fill("#id_message", "当社の社会貢献活動として応援したいと考えています。")
    page.fill("#id_pledged_amount", "1,000,000")
    submit(page, "支援を申し出る")
    assert_accessible(page, "interest page for the company")
    interest = Interest.objects.get()
    assert interest.status == "expressed"

    # The municipality finds it on its to-do list and accepts.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/mypage/")
    assert_accessible(page, "my page")
    page.get_by_role("link", name=re.compile("株式会社ほっかいどう応援")).click()
    assert_accessible(page, "interest page for the municipality")
    page.get_by_label("企業からの支援を受け入れる").check()
    page.fill("#id_note", "ありがとうございます。担当窓口からご連絡します。")
    submit(page, "回答を送信する")
    assert_accessible(page, "interest accepted")
    interest.refresh_from_db()
    assert interest.status == "accepted"

    # The company reads the answer: the contact point, no member of staff's name.
    sign_in(page, live_server, applicant)
    page.goto(f"{live_server.url}/grants/furusato/interests/{interest.pk}/")
    assert_accessible(page, "accepted, for the company")
    main = page.locator("main").inner_text()
    assert "ありがとうございます。" in main
    assert "furusato@city.sapporo.example.jp" in main
    assert "札幌 花子" not in main and staff.email not in main
    page.goto(f"{live_server.url}/grants/furusato/company/")
    assert_accessible(page, "company page, approved")

    # HQ follows the pipeline, the report and the statistics.
    sign_in(page, live_server, hq)
    page.goto(f"{live_server.url}/grants/furusato/pipeline/")
    assert_accessible(page, "pipeline")
    page.goto(f"{live_server.url}/grants/furusato/report/")
    assert_accessible(page, "report")
    assert "マッチング成立 1件" in page.locator("[role=status]").inner_text()
    page.goto(f"{live_server.url}/grants/furusato/statistics/")
    assert_accessible(page, "statistics")


def test_projects_national_grants_and_seminar_pages_pass_axe(page, live_server):
    """The other F2–F4 pages along a short journey: a municipality asks about a bureau
    project (one error corrected), the bureau answers and publishes the FAQ entry."""
    from grants.models import FAQEntry
    from grants.services.projects import policy_project_start
    from portal.services.consultations import consultation_reply
    from tests.grants.support_factories import PolicyProjectFactory, programme

    load_themes()
    staff = UserFactory(sapporo=True, name="札幌 花子", email="hanako@city.sapporo.example.jp")
    officer = UserFactory(ishikari_officer=True, name="石狩 次郎", email="officer@example.jp")
    project = PolicyProjectFactory(title="石狩湾岸ゼロカーボン研究会")
    project.kpis.create(name="参加事業者数", unit="者", target=20)
    policy_project_start(project=project, actor=officer)
    PolicyProjectFactory(title="さっぽろ圏ワーケーション推進事業", completed=True)
    programme()
    furusato_event(title="ふるさと納税実務研修会")

    # The public pages.
    page.context.add_cookies([{"name": "django_language", "value": "ja", "url": live_server.url}])
    page.goto(f"{live_server.url}/grants/")
    assert_accessible(page, "grants index")
    page.goto(f"{live_server.url}/grants/projects/results/")
    assert_accessible(page, "finished projects")
    page.get_by_role("link", name="さっぽろ圏ワーケーション推進事業").click()
    assert_accessible(page, "finished project")
    page.goto(f"{live_server.url}/grants/national/")
    assert_accessible(page, "national programmes")
    page.fill("#id_q", "地域再生計画")
    submit(page, "絞り込む")
    page.get_by_role("link", name="新しい地方経済・生活環境創生交付金").click()
    assert_accessible(page, "national programme")

    # Municipal staff read the project that serves them and ask about it.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/grants/projects/")
    assert_accessible(page, "projects for the municipality")
    page.get_by_role("link", name="石狩湾岸ゼロカーボン研究会").click()
    assert_accessible(page, "project page")
    page.goto(f"{live_server.url}/grants/national/ask/")
    assert_accessible(page, "ask")
    page.fill("#id_question", "研究会の成果を国の交付金で事業化できますか。")
    page.select_option("#id_about", label="石狩湾岸ゼロカーボン研究会（石狩振興局）")
    submit(page, "質問を送信する")
    expect(page).to_have_title(re.compile(r"^エラー"))
    assert_accessible(page, "ask with an error")
    page.fill("#id_subject", "ゼロカーボン研究会の事業化")
    submit(page, "質問を送信する")
    consultation = project_consultation(project)
    page.goto(f"{live_server.url}/grants/furusato/events/")
    assert_accessible(page, "seminars for municipal staff")

    # The bureau answers, tags the programme and publishes an FAQ entry.
    consultation_reply(consultation=consultation, actor=officer, body="第2世代交付金が使えます。")
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/grants/national/consultations/")
    assert_accessible(page, "national consultations")
    page.get_by_role("link", name="ゼロカーボン研究会の事業化").click()
    assert_accessible(page, "desk page")
    assert "石狩湾岸ゼロカーボン研究会" in page.locator("main").inner_text()
    page.get_by_label(re.compile("新しい地方経済")).check()
    submit(page, "制度を保存する")
    page.get_by_role("link", name="匿名化してよくある質問に掲載する").click()
    assert_accessible(page, "faq publish")
    page.fill("#id_question", "札幌 花子です。研究会の成果を事業化できますか。")
    page.get_by_label(
        re.compile("氏名、メールアドレス、電話番号その他の個人情報を削除しました")
    ).check()
    submit(page, "掲載する")
    expect(page).to_have_title(re.compile(r"^エラー"))
    assert_accessible(page, "faq publish with an error")
    page.fill("#id_question", "研究会の成果を国の交付金で事業化できますか。")
    submit(page, "掲載する")
    assert_accessible(page, "faq")
    assert FAQEntry.objects.count() == 1
    page.goto(f"{live_server.url}/admin/grants/policyproject/{project.pk}/change/")
    assert_accessible(page, "admin project")
    page.get_by_role("link", name=re.compile("事業を完了にする")).click()
    assert_accessible(page, "admin project step")
    entry = FAQEntry.objects.get()
    for url, label in [
        ("/admin/grants/policyproject/add/", "admin new project"),
        ("/admin/grants/faqentry/", "admin FAQ list"),
        (f"/admin/grants/faqentry/{entry.pk}/change/", "admin FAQ entry"),
        ("/admin/grants/nationalgrantprogramme/add/", "admin new programme"),
        ("/admin/grants/eventmaterial/add/", "admin new material"),
    ]:
        page.goto(f"{live_server.url}{url}")
        assert_accessible(page, label)


def project_consultation(project):
    from django.contrib.contenttypes.models import ContentType

    from portal.models import Consultation

    return Consultation.objects.get(
        related_type=ContentType.objects.get_for_model(project), related_id=str(project.pk)
    )
