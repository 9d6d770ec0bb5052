"""The public's journey through the casebook in Chromium: search in Japanese, filter, open
a case study (under 150 KB, nothing from another site), browse by area, open the journal
issue and its feature; then an editor publishes a case study in the admin. axe checks every
page, in the Japanese UI."""

import re
from urllib.parse import urlsplit

import pytest

from casebook.models import Article, CaseStudy, Editor, Status
from casebook.services.photos import photo_add
from portal import pagecache
from tests.casebook.conftest import reload_themes
from tests.casebook.factories import CaseStudyFactory, JournalIssueFactory, jpeg
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory, municipality
from tests.grants.support_factories import PolicyProjectFactory, load_themes

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def japanese(page, live_server):
    page.context.add_cookies([{"name": "django_language", "value": "ja", "url": live_server.url}])


def sign_in(page, live_server, user):
    page.context.clear_cookies()
    japanese(page, live_server)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


@pytest.fixture
def library(reference_data):
    reload_themes()
    pagecache.reset_local()
    editor = UserFactory(hq=True, email="editor@example.jp")
    Editor.objects.create(user=editor)
    tourism = CaseStudyFactory(
        published=True,
        title="観光客の周遊を促す二次交通",
        municipality=municipality("012025"),
        summary="観光地を結ぶバスを走らせ、周辺の町へ観光客を呼び込んだ。",
        actions="周辺の町と観光ルートをつくり、バスを試験運行した。",
        themes=["tourism", "transport"],
        budget_total=6_500_000,
    )
    tourism.figures.create(label="周辺施設の入込客数", value="12", unit="％増")
    photo_add(upload=jpeg(), actor=editor, case_study=tourism, alt="海沿いを走る観光バス")
    CaseStudyFactory(published=True, title="医療と観光のまちづくり", themes=["health-welfare"])
    CaseStudyFactory(published=True, title="移住体験住宅", themes=["migration"])
    CaseStudyFactory(title="観光の下書き")
    waiting = CaseStudyFactory(status=Status.REVIEW, title="確認待ちの観光事例")
    issue = JournalIssueFactory(number=12, title="特集：人を呼ぶ交通", status="published")
    feature = Article.objects.create(
        issue=issue,
        order=1,
        kind="feature",
        title="巻頭言",
        lead="はじめに",
        body="交通の特集です。",
    )
    Article.objects.create(issue=issue, order=2, kind="case_study", case_study=tourism)
    pagecache.invalidate()
    return {
        "editor": editor,
        "tourism": tourism,
        "issue": issue,
        "feature": feature,
        "waiting": waiting,
    }


def test_search_filter_read_a_case_study_and_the_journal(page, live_server, library):
    japanese(page, live_server)
    page.goto(f"{live_server.url}/casebook/")
    assert_accessible(page, "casebook landing")
    page.get_by_role("link", name="事例を検索する").click()
    assert_accessible(page, "case study list")

    # A two-character keyword, typed full-width where it can be: exact results, highlighted.
    page.fill("#id_q", "観光")
    with page.expect_navigation():
        page.get_by_role("button", name="絞り込む").click()
    assert "q=%E8%A6%B3%E5%85%89" in page.url
    assert page.get_by_role("status").first.inner_text().strip() == "2件の事例"
    assert page.locator("mark").first.inner_text() == "観光"
    assert "観光の下書き" not in page.content()
    assert_accessible(page, "search results")

    # Narrow by bureau and theme: the URL can be shared.
    page.select_option("#id_bureau", "oshima")
    page.select_option("#id_theme", "transport")
    with page.expect_navigation():
        page.get_by_role("button", name="絞り込む").click()
    assert re.search(r"bureau=oshima", page.url) and re.search(r"theme=transport", page.url)
    assert page.get_by_role("status").first.inner_text().strip() == "1件の事例"
    assert_accessible(page, "filtered results")

    # Open the case study; record every request the page makes.
    requests = []
    page.on("requestfinished", lambda request: requests.append(request))
    with page.expect_navigation():
        page.locator(".cb-results a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "観光客の周遊を促す二次交通"
    assert page.locator("img[alt='海沿いを走る観光バス']").is_visible()
    assert page.locator("img[srcset]").count() == 1
    assert_accessible(page, "case study")
    origin = urlsplit(live_server.url).netloc
    assert all(urlsplit(r.url).netloc == origin for r in requests), [r.url for r in requests]
    weight = sum(r.sizes()["responseBodySize"] for r in requests)
    assert weight < 150 * 1024, weight

    page.goto(f"{live_server.url}/casebook/areas/")
    assert_accessible(page, "by area")
    page.get_by_role("link", name="渡島総合振興局").first.click()
    assert "bureau=oshima" in page.url

    # The journal: the issue's contents, its feature, then the case study from the contents.
    page.goto(f"{live_server.url}/casebook/journal/")
    assert_accessible(page, "journal")
    page.get_by_role("link", name=re.compile("特集：人を呼ぶ交通")).click()
    assert_accessible(page, "journal issue")
    assert page.locator(".cb-toc li").count() == 2
    page.get_by_role("link", name="巻頭言").click()
    assert "交通の特集です。" in page.locator("main").inner_text()
    assert_accessible(page, "feature article")
    page.go_back()
    page.get_by_role("link", name="観光客の周遊を促す二次交通").click()
    assert page.locator("h1").inner_text() == "観光客の周遊を促す二次交通"


def test_an_editor_publishes_and_the_public_sees_it_at_once(page, live_server, library):
    japanese(page, live_server)
    page.goto(f"{live_server.url}/casebook/cases/?q=確認待ち")
    assert page.get_by_role("status").first.inner_text().strip() == "0件の事例"
    waiting = library["waiting"]
    sign_in(page, live_server, library["editor"])
    page.goto(f"{live_server.url}/admin/casebook/casestudy/{waiting.pk}/change/")
    assert_accessible(page, "admin case study")
    page.get_by_role("link", name="今すぐ公開する").click()
    assert_accessible(page, "publish step")
    with page.expect_navigation():
        page.locator("input[type=submit]").click()
    assert CaseStudy.objects.get(pk=waiting.pk).status == Status.PUBLISHED
    page.context.clear_cookies()
    japanese(page, live_server)
    page.goto(f"{live_server.url}/casebook/cases/?q=確認待ち")
    assert page.get_by_role("status").first.inner_text().strip() == "1件の事例"


def test_an_editor_drafts_a_case_study_from_a_bureau_project(page, live_server, library):
    from grants.services.projects import policy_project_propose_case_study

    load_themes()
    officer = UserFactory(ishikari_officer=True, email="officer@example.jp")
    project = PolicyProjectFactory(evaluated=True, title="さっぽろ圏ワーケーション推進事業")
    project.kpis.create(name="参加者数", unit="人", target=200, result=300)
    policy_project_propose_case_study(project=project, actor=officer, note="横展開しやすい。")
    sign_in(page, live_server, library["editor"])
    page.goto(f"{live_server.url}/admin/casebook/casestudy/")
    page.get_by_role("link", name="事例として推薦された事業").click()
    assert_accessible(page, "projects proposed as case studies")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("事例の下書きを作成する")).click()
    drafted = CaseStudy.objects.get(title="さっぽろ圏ワーケーション推進事業")
    assert page.url.endswith(f"/admin/casebook/casestudy/{drafted.pk}/change/")
    assert drafted.status == Status.DRAFT
    assert drafted.funding_sources.get().policy_project_id == project.pk
