"""The public hub pages: the home page (site search, what is new and open, coming events,
navigation that says what lies behind each link) and a municipality's page with everything
the pillars publish about the town, also in its profile sheet (PDF). Drafts and private
data never appear; the query counts are pinned; publishing refreshes the cached pages."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from dispatch.services import kyoryokutai as postings
from portal.models import Bureau
from tests.casebook.factories import CaseStudyFactory
from tests.casebook.factories_challenges import PlanFactory
from tests.dispatch.test_kyoryokutai_factories import make_event, make_position
from tests.factories import UserFactory
from tests.grants.factories import ApplicationFactory, CallFactory
from tests.grants.support_factories import PolicyProjectFactory, load_themes

pytestmark = pytest.mark.django_db

SAPPORO = "011002"


def ja(msgid: str) -> str:
    """The label as the Japanese UI shows it (English until the catalogue has it)."""
    with translation.override("ja"):
        return gettext(msgid)


def html_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def published_content(db):
    """One of each kind of public content for 札幌市 (石狩), and its private twins."""
    load_themes()
    CaseStudyFactory(published=True, title="公開事例 商店街の再生")
    CaseStudyFactory(title="下書き事例 まだ非公開")
    CallFactory(title="石狩 受付中の募集")
    CallFactory(
        title="石狩 締切済の募集",
        opens_at=timezone.now() - dt.timedelta(days=60),
        closes_at=timezone.now() - dt.timedelta(days=1),
    )
    CallFactory(title="石狩 非公開の募集", is_published=False)
    make_position(SAPPORO, title="札幌 公開の協力隊募集")
    make_position(SAPPORO, title="札幌 下書きの協力隊募集", state="draft")
    make_event(title="石狩 移住相談会", bureau=Bureau.objects.get(code="ishikari"))
    make_event(title="非公開のイベント", is_published=False)
    make_event(
        title="終わったイベント",
        starts_at=timezone.now() - dt.timedelta(days=3),
    )
    ApplicationFactory(
        title="決定済 商店街事業",
        status="approved",
        approved_amount=500_000,
        decided_at=timezone.now(),
        reference="R8-石狩-0001",
    )
    ApplicationFactory(title="下書き 秘密の事業")
    ApplicationFactory(title="不交付 の事業", status="rejected")
    project = PolicyProjectFactory(completed=True, title="石狩 完了した政策事業")
    project.municipalities.set([SAPPORO])
    draft_project = PolicyProjectFactory(title="石狩 実施中の政策事業")
    draft_project.municipalities.set([SAPPORO])
    PlanFactory(title="札幌市 地域公共交通計画", status="adopted", url="https://example.jp/plan")
    PlanFactory(title="札幌市 策定中の計画", status="drafting")


# --- Home ---------------------------------------------------------------------------------


def test_navigation_says_what_lies_behind_each_link(client):
    html = html_of(client.get("/"))
    for label, url in [
        ("Grants and financial support", "/grants/"),
        ("Human support and volunteers", "/dispatch/"),
        ("Case studies and information", "/casebook/"),
        ("Municipalities", "/municipalities/"),
    ]:
        assert f'<a href="{url}">{ja(label)}</a>' in html
    for single in ("人", "資金", "情報"):
        assert f">{single}</a>" not in html


def test_home_searches_the_casebook_with_a_get_form(client):
    html = html_of(client.get("/"))
    assert 'action="/casebook/cases/"' in html
    assert 'role="search"' in html
    assert 'name="q"' in html
    assert "csrfmiddlewaretoken" not in html  # a GET form: the cached page holds no token
    # The search it leads to finds the published case study.
    load_themes()
    CaseStudyFactory(published=True, title="ハスカップの六次産業化")
    found = client.get("/casebook/cases/", {"q": "ハスカップ"})
    assert "の六次産業化" in html_of(found)  # the matched word is highlighted


def test_home_shows_new_case_studies_open_calls_positions_and_events(
    client, published_content, django_assert_num_queries
):
    # case studies, calls, positions, events, notices: one query each
    with django_assert_num_queries(5):
        response = client.get("/")
    html = html_of(response)
    for shown in (
        "公開事例 商店街の再生",
        "石狩 受付中の募集",
        "札幌 公開の協力隊募集",
        "石狩 移住相談会",
    ):
        assert shown in html
    for hidden in (
        "下書き事例",
        "締切済の募集",
        "非公開の募集",
        "下書きの協力隊募集",
        "非公開のイベント",
        "終わったイベント",
    ):
        assert hidden not in html
    assert 'href="/events/"' in html


def test_the_home_query_count_does_not_grow(client, published_content, django_assert_num_queries):
    for n in range(6):
        CaseStudyFactory(published=True, title=f"追加事例{n}")
        make_position(SAPPORO, title=f"追加募集{n}")
        make_event(title=f"追加イベント{n}")
        CallFactory(title=f"追加の募集{n}")
    with django_assert_num_queries(5):
        client.get("/")


def test_publishing_shows_on_the_cached_home_page_at_once(
    client, django_capture_on_commit_callbacks
):
    client.get("/")  # cached now
    hq = UserFactory(hq=True)
    position = make_position(SAPPORO, title="新しく公開した募集", state="draft", actor=hq)
    assert "新しく公開した募集" not in html_of(client.get("/"))
    with django_capture_on_commit_callbacks(execute=True):
        postings.posting_publish(posting=position, actor=hq)
    assert "新しく公開した募集" in html_of(client.get("/"))


def test_an_event_saved_in_the_admin_refreshes_the_home_page(
    client, hq_user, django_capture_on_commit_callbacks
):
    client.get("/")
    start = timezone.now() + dt.timedelta(days=7)
    admin = client
    admin.force_login(hq_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("admin:portal_event_add"),
            {
                "category": "kyoryokutai",
                "title": "管理画面で追加した説明会",
                "description": "",
                "starts_at_0": start.strftime("%Y-%m-%d"),
                "starts_at_1": "10:00",
                "ends_at_0": start.strftime("%Y-%m-%d"),
                "ends_at_1": "12:00",
                "place": "札幌",
                "capacity": "10",
                "is_published": "on",
                "registrations-TOTAL_FORMS": "0",
                "registrations-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    admin.logout()
    assert "管理画面で追加した説明会" in html_of(client.get("/"))


# --- A municipality's page ------------------------------------------------------------------


def test_the_municipality_page_is_a_hub_of_public_content(
    client, published_content, django_assert_num_queries
):
    url = reverse("portal:municipality_detail", args=[SAPPORO])
    # municipality, neighbours, case studies, positions, decision settings, decisions,
    # projects, plans, 総合戦略, bureau events
    with django_assert_num_queries(10):
        response = client.get(url)
    html = html_of(response)
    for shown in (
        "公開事例 商店街の再生",
        "札幌 公開の協力隊募集",
        "決定済 商店街事業",
        "500,000円",
        "石狩 完了した政策事業",
        "札幌市 地域公共交通計画",
        'href="https://example.jp/plan"',
        "石狩 移住相談会",
    ):
        assert shown in html
    for hidden in (
        "下書き事例",
        "下書きの協力隊募集",
        "秘密の事業",
        "不交付 の事業",
        "実施中の政策事業",
        "策定中の計画",
        "非公開のイベント",
        "終わったイベント",
        "R8-石狩-0001",  # the reference number is not published by default
    ):
        assert hidden not in html
    assert f'href="/grants/decisions/?municipality={SAPPORO}"' in html
    assert f'href="/dispatch/kyoryokutai/municipalities/{SAPPORO}/"' in html


def test_another_municipality_shows_none_of_it(client, published_content):
    html = html_of(client.get(reverse("portal:municipality_detail", args=["012025"])))
    for other in ("公開事例 商店街の再生", "決定済 商店街事業", "札幌 公開の協力隊募集"):
        assert other not in html
    assert ja("No published case studies yet.") in html


def test_the_municipality_query_count_does_not_grow(
    client, published_content, django_assert_num_queries
):
    for n in range(5):
        CaseStudyFactory(published=True, title=f"追加事例{n}")
        make_position(SAPPORO, title=f"追加募集{n}")
        ApplicationFactory(
            title=f"追加決定{n}", status="paid", approved_amount=100_000, decided_at=timezone.now()
        )
        PlanFactory(title=f"追加計画{n}", status="adopted")
    with django_assert_num_queries(10):
        client.get(reverse("portal:municipality_detail", args=[SAPPORO]))


def test_the_profile_sheet_carries_the_same_content(
    client, published_content, django_capture_on_commit_callbacks
):
    url = reverse("portal:municipality_profile_pdf", args=[SAPPORO])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(url)
    response = first if first["Content-Type"] == "application/pdf" else client.get(url)
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    text = text.replace("\n", "")
    for shown in (
        "公開事例 商店街の再生",
        "札幌 公開の協力隊募集",
        "決定済 商店街事業",
        "500,000円",
        "石狩 完了した政策事業",
        "地域公共交通計画",
        "石狩 移住相談会",
    ):
        assert shown in text, shown
    for hidden in ("下書き事例", "秘密の事業", "策定中の計画", "実施中の政策事業"):
        assert hidden not in text


def test_registering_an_adopted_plan_shows_on_the_cached_page(
    client, sapporo_staff, django_capture_on_commit_callbacks
):
    from casebook.services.plans import plan_register
    from tests.casebook.factories_challenges import plan_type

    url = reverse("portal:municipality_detail", args=[SAPPORO])
    client.get(url)  # cached now
    data = {
        "plan_type": plan_type(),
        "title": "第2期 札幌市地域公共交通計画",
        "start_year": 2025,
        "end_year": 2029,
        "summary": "公共交通の将来像。",
        "url": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        plan_register(actor=sapporo_staff, data=data, status="adopted")
    assert "第2期 札幌市地域公共交通計画" in html_of(client.get(url))
