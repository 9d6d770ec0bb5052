"""The I3 journey in Chromium: an account registers its cooperative and HQ approves it in
the admin; the cooperative fills in the application's task list, is refused at submission
while documents are missing, attaches them and submits; the bureau reviews in the admin
(criteria checklist, opinion) and HQ certifies; the cooperative downloads its certificate
and the public register lists it. axe checks every page, in the Japanese UI."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import expect

from casebook.models import CertificationApplication, Cooperative
from portal.models import Bureau, Role
from tests.casebook.cooperative_helpers import PDF
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def click(page, role, name):
    with page.expect_navigation():
        page.get_by_role(role, name=name).first.click()


def upload(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def test_register_apply_review_certify_and_publish(page, live_server):
    import_module("casebook.migrations.0005_cooperatives").load(apps, None)
    account = UserFactory(name="組合 八郎", email="coop@example.jp")
    hq = UserFactory(hq=True, name="本庁 四郎", email="hq@example.jp")
    officer = UserFactory(
        role=Role.BUREAU,
        is_staff=True,
        bureau=Bureau.objects.get(code="kamikawa"),
        name="上川 次郎",
        email="officer@example.jp",
    )

    # The account registers its cooperative (one error corrected on the way).
    sign_in(page, live_server, account)
    page.goto(f"{live_server.url}/casebook/cooperatives/mine/")
    assert_accessible(page, "registration form")
    page.fill("#id_name", "しもかわ地域づくり事業協同組合")
    page.fill("#id_name_kana", "シモカワチイキヅクリジギョウキョウドウクミアイ")
    page.fill("#id_corporate_number", "123")
    page.fill("#id_address", "北海道上川郡下川町幸町1番地")
    page.select_option("#id_municipality", label="下川町")
    page.fill("#id_representative", "代表理事 山田 太郎")
    page.fill("#id_contact_phone", "01655-4-0000")
    click(page, "button", "登録を申請する")
    expect(page).to_have_title(re.compile(r"^エラー"))
    assert_accessible(page, "registration with an error")
    assert page.locator("#id_name").input_value() == "しもかわ地域づくり事業協同組合"
    page.fill("#id_corporate_number", "")
    click(page, "button", "登録を申請する")
    assert_accessible(page, "registration pending")
    coop = Cooperative.objects.get()

    # HQ approves it in the admin.
    sign_in(page, live_server, hq)
    page.goto(f"{live_server.url}/admin/casebook/cooperative/")
    assert_accessible(page, "admin cooperatives")
    page.goto(f"{live_server.url}/admin/casebook/cooperative/{coop.pk}/change/")
    assert_accessible(page, "admin cooperative")
    click(page, "button", "登録を承認する")
    account.refresh_from_db()
    assert account.role == Role.COOPERATIVE

    # The cooperative fills in the task list.
    sign_in(page, live_server, account)
    page.goto(f"{live_server.url}/casebook/cooperatives/mine/")
    assert_accessible(page, "cooperative home")
    click(page, "link", "申請前に振興局に相談する（事前相談）")
    assert_accessible(page, "pre-consultation")
    page.fill("#id_subject", "地区について")
    page.fill("#id_question", "下川町と名寄市で一つの地区にできますか。")
    click(page, "button", "質問を送信する")
    assert_accessible(page, "consultation thread")
    page.goto(f"{live_server.url}/casebook/cooperatives/mine/")
    click(page, "button", "認定を申請する")
    application = CertificationApplication.objects.get()
    assert_accessible(page, "task list")
    click(page, "link", "組合の概要")
    assert_accessible(page, "section: the cooperative")
    page.fill("#id_office", "下川町役場内 組合事務局")
    click(page, "button", "保存して次へ")
    assert_accessible(page, "section: officers")
    page.fill("#id_officers", "代表理事 山田 太郎\n理事 佐藤 花子")
    click(page, "button", "保存して次へ")
    assert_accessible(page, "section: area")
    page.get_by_role("checkbox", name="名寄市").check()
    click(page, "button", "保存して次へ")
    # The main municipality must lie in the area: the page again, with the ticks kept.
    expect(page).to_have_title(re.compile(r"^エラー"))
    assert_accessible(page, "area with an error")
    assert page.get_by_role("checkbox", name="名寄市").is_checked()
    page.get_by_role("checkbox", name="下川町").check()
    page.fill("#id_area_reason", "農林業と観光の繁閑を組み合わせる。")
    click(page, "button", "保存して次へ")
    assert_accessible(page, "section: business")
    page.fill("#id_business_plan", "組合員の事業所へ職員を派遣し通年雇用を実現する。")
    page.fill("#id_planned_workers", "4")
    page.fill("#id_budget_income", "２０,０００,０００")
    page.fill("#id_budget_expenditure", "19000000")
    click(page, "button", "保存して次へ")
    assert_accessible(page, "section: attachments")
    page.set_input_files("#id_document_articles", upload("teikan.pdf"))
    click(page, "button", "保存して次へ")

    # Submission is refused while required documents are missing.
    assert_accessible(page, "check answers")
    click(page, "button", "申請を提出する")
    expect(page).to_have_title(re.compile(r"^エラー"))
    assert "登記事項証明書" in page.locator(".error-summary").inner_text()
    assert_accessible(page, "submission refused")
    page.goto(f"{live_server.url}/casebook/cooperatives/applications/{application.pk}/attachments/")
    for code in ("registry", "officer_residence", "officer_resumes", "plan_budget", "financials"):
        page.set_input_files(f"#id_document_{code}", upload(f"{code}.pdf"))
    click(page, "button", "保存して次へ")
    click(page, "button", "申請を提出する")
    assert_accessible(page, "submitted")
    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.reference in page.locator("main").inner_text()

    # The bureau reviews in the admin and sends it to HQ.
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/admin/casebook/certificationapplication/")
    assert_accessible(page, "admin applications")
    page.goto(f"{live_server.url}/admin/casebook/certificationapplication/{application.pk}/change/")
    assert_accessible(page, "admin application")
    click(page, "link", "審査を開始する")
    assert_accessible(page, "admin start review")
    click(page, "button", "審査を開始する")
    click(page, "link", "認定基準を確認する")
    assert_accessible(page, "admin checklist")
    for checkbox in page.locator("#content-main input[type=checkbox]").all():
        checkbox.check()
    click(page, "button", "認定基準を確認する")
    click(page, "link", "振興局の意見を付して本庁に送付する")
    page.fill("#id_note", "認定基準を満たしており、認定が適当。")
    click(page, "button", "振興局の意見を付して本庁に送付する")
    application.refresh_from_db()
    assert application.status == "forwarded"

    # HQ certifies.
    sign_in(page, live_server, hq)
    page.goto(f"{live_server.url}/admin/casebook/certificationapplication/{application.pk}/change/")
    click(page, "link", "認定する")
    assert_accessible(page, "admin certify")
    # Preview → confirm → number: the draft (案) opens in a new tab and draws nothing.
    with page.context.expect_page() as draft_tab:
        page.get_by_role("button", name="案を確認する").click()
    draft_tab.value.close()
    application.refresh_from_db()
    assert application.status == "forwarded" and not application.document_number
    page.get_by_label("内容を確認しました").check()
    click(page, "button", "認定する")
    application.refresh_from_db()
    assert application.status == "certified"

    # The cooperative sees it; the public register lists it.
    sign_in(page, live_server, account)
    page.goto(f"{live_server.url}/casebook/cooperatives/applications/{application.pk}/")
    assert_accessible(page, "certified application")
    assert page.get_by_role("link", name="認定書をダウンロード（PDF）").is_visible()
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "ja", "url": live_server.url}])
    page.goto(f"{live_server.url}/casebook/cooperatives/")
    assert_accessible(page, "public register")
    assert "しもかわ地域づくり事業協同組合" in page.locator("main").inner_text()
    click(page, "link", "しもかわ地域づくり事業協同組合")
    assert_accessible(page, "register entry")
    assert "公表する" in page.locator("main").inner_text()
