"""The public call list and call pages: filters, counts, pagination, rules, the apply button."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from grants.models import GrantCategory
from portal import pagecache
from portal.models import Role
from tests.factories import UserFactory, bureau, municipality
from tests.grants.factories import CallFactory

pytestmark = pytest.mark.django_db

LIST = reverse("grants:call_list")


def detail_url(call):
    return reverse("grants:call_detail", args=[call.pk])


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def titles(response) -> list[str]:
    return [call.title for call, _state in response.context["rows"]]


def status_text(response) -> str:
    html = response.content.decode()
    return re.search(r'<p role="status">\s*(.*?)\s*</p>', html, re.S).group(1)


@pytest.fixture
def calls(db):
    """Four published calls across bureaus, years, categories and windows, and a hidden one."""
    now = timezone.now()
    hard = GrantCategory.objects.get(code="hard")
    return {
        "ishikari_open": CallFactory(title="石狩 R8 ソフト 募集中"),
        "oshima_open": CallFactory(bureau=bureau("oshima"), title="渡島 R8 ソフト 募集中"),
        "ishikari_hard_closed": CallFactory(
            title="石狩 R8 ハード 締切",
            category=hard,
            opens_at=now - dt.timedelta(days=60),
            closes_at=now - dt.timedelta(days=1),
        ),
        "ishikari_r7_upcoming": CallFactory(
            title="石狩 R7 ソフト 予定",
            fiscal_year=2025,
            opens_at=now + dt.timedelta(days=3),
            closes_at=now + dt.timedelta(days=40),
        ),
        "unpublished": CallFactory(title="非公開の募集", is_published=False),
    }


def test_the_list_shows_published_calls_only_and_counts_them_in_a_status(client, calls):
    response = english(client).get(LIST)
    assert response.status_code == 200
    assert sorted(titles(response)) == sorted(
        [
            "石狩 R8 ソフト 募集中",
            "渡島 R8 ソフト 募集中",
            "石狩 R8 ハード 締切",
            "石狩 R7 ソフト 予定",
        ]
    )
    assert status_text(response) == "4 calls"
    assert "非公開の募集" not in response.content.decode()


def test_the_filter_form_is_a_get_form_with_an_explicit_button(client, calls):
    html = english(client).get(LIST).content.decode()
    form = re.search(r'<form method="get".*?</form>', html, re.S).group(0)
    assert re.search(r'<button type="submit">\s*Filter\s*</button>', form)
    for name in ("fiscal_year", "bureau", "category", "open_now"):
        assert f'name="{name}"' in form
        assert f'for="id_{name}"' in form


def test_years_are_offered_as_nendo(client, calls):
    html = client.get(LIST).content.decode()
    assert '<option value="2026">令和8年度</option>' in html
    assert '<option value="2025">令和7年度</option>' in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"fiscal_year": "2025"}, ["石狩 R7 ソフト 予定"]),
        ({"bureau": "oshima"}, ["渡島 R8 ソフト 募集中"]),
        ({"category": "hard"}, ["石狩 R8 ハード 締切"]),
        ({"open_now": "on"}, ["石狩 R8 ソフト 募集中", "渡島 R8 ソフト 募集中"]),
        (
            {"fiscal_year": "2026", "bureau": "ishikari"},
            ["石狩 R8 ソフト 募集中", "石狩 R8 ハード 締切"],
        ),
        (
            {"fiscal_year": "2026", "bureau": "ishikari", "open_now": "on"},
            ["石狩 R8 ソフト 募集中"],
        ),
        (
            {"bureau": "ishikari", "category": "soft", "fiscal_year": "2026"},
            ["石狩 R8 ソフト 募集中"],
        ),
        ({"bureau": "oshima", "category": "hard"}, []),
    ],
)
def test_each_filter_and_their_combination(client, calls, params, expected):
    response = english(client).get(LIST, params)
    assert sorted(titles(response)) == sorted(expected)
    count = len(expected)
    assert status_text(response) == f"{count} call" + ("" if count == 1 else "s")


def test_rows_show_the_window_in_japanese_dates_and_open_or_closed_in_words(client):
    tz = timezone.get_current_timezone()
    CallFactory(
        title="窓口のある募集",
        opens_at=dt.datetime(2026, 8, 1, 9, 0, tzinfo=tz),
        closes_at=dt.datetime(2026, 10, 30, 17, 0, tzinfo=tz),
    )
    CallFactory(title="募集中の募集")
    html = client.get(LIST).content.decode()
    assert "令和8年（2026年）8月1日" in html
    assert "令和8年（2026年）10月30日" in html
    html = english(client).get(LIST).content.decode()
    rows = re.findall(r"<tr>.*?</tr>", html, re.S)
    closed_or_upcoming = next(r for r in rows if "窓口のある募集" in r)
    open_row = next(r for r in rows if "募集中の募集" in r)
    assert re.search(r"<td[^>]*>\s*Open\s*</td>", open_row)
    assert not re.search(r"<td[^>]*>\s*Open\s*</td>", closed_or_upcoming)
    assert re.search(r"<td[^>]*>\s*(Closed|Not yet open)\s*</td>", closed_or_upcoming)
    assert "地域づくり総合交付金" in open_row  # programme
    assert "Ishikari" in open_row  # bureau
    assert "ソフト系" in open_row  # category


def test_pagination_keeps_the_filters(client):
    for n in range(23):
        CallFactory(title=f"石狩の募集 {n:02d}")
    CallFactory(title="渡島の募集", bureau=bureau("oshima"))
    ishikari = "ishikari"
    first = english(client).get(LIST, {"bureau": ishikari})
    assert len(first.context["rows"]) == 20
    assert status_text(first) == "23 calls"
    html = first.content.decode()
    assert f'href="?bureau={ishikari}&amp;page=2"' in html
    second = client.get(LIST, {"bureau": ishikari, "page": 2})
    assert len(second.context["rows"]) == 3
    assert "渡島の募集" not in titles(first) + titles(second)
    assert set(titles(first)).isdisjoint(titles(second))


def test_list_query_count_is_pinned_and_constant(client, django_assert_num_queries):
    CallFactory()
    # Year choices, bureau choices, category choices, the count, the page of calls.
    with django_assert_num_queries(5):
        client.get(LIST, {"open_now": "on"})
    for _n in range(25):
        CallFactory()
    pagecache.invalidate()  # what the admin does when HQ saves a call
    with django_assert_num_queries(5):
        response = client.get(LIST, {"open_now": "on"})
    assert len(response.context["rows"]) == 20


# --- The call page ------------------------------------------------------------------------


def test_the_call_page_states_the_rules_in_words(client):
    tz = dt.UTC
    call = CallFactory(
        opens_at=dt.datetime(2026, 8, 1, 0, 0, tzinfo=tz),  # 09:00 in Tokyo
        closes_at=dt.datetime(2099, 10, 30, 8, 0, tzinfo=tz),  # 17:00 in Tokyo
        report_due_days=30,
        report_due_date=dt.date(2027, 4, 10),
    )
    call.required_attachments.create(name="位置図", is_required=False, order=2)
    response = english(client).get(detail_url(call))
    assert response.status_code == 200
    text = re.sub(r"\s+", " ", response.content.decode())
    assert "up to 1/2 of the eligible cost" in text
    assert "3,000,000円" in text  # upper limit
    assert "100,000円: smaller grants are not made" in text  # lower limit
    assert "100,000円: the grant is rounded down to a multiple of this amount" in text
    for excluded in ("賃金・職員費", "食料費", "備品購入費", "用地取得費", "工事請負費"):
        assert excluded in text
    assert "報償費" not in text  # an eligible cost is not listed as excluded
    assert re.search(r"事業計画書 <span class=\"tag tag--required\">Required</span>", text)
    assert re.search(r"位置図 <span class=\"tag\">Optional</span>", text)
    assert "09:00" in text
    assert "17:00" in text
    assert "Japan time" in text
    assert "Due within 30 days after the project is completed." in text
    assert "by 10 April 2027 at the latest" in text
    assert "Allowed: part of the grant can be paid in advance" in text
    assert "市町村" in text
    assert "団体（市町村経由）" in text
    assert "applies through the municipality" in text


def test_the_call_page_shows_the_window_in_japanese_by_default(client):
    call = CallFactory(
        opens_at=dt.datetime(2026, 7, 31, 15, 0, tzinfo=dt.UTC),  # 1 Aug 00:00 in Tokyo
        closes_at=dt.datetime(2099, 10, 30, 8, 0, tzinfo=dt.UTC),
    )
    html = client.get(detail_url(call)).content.decode()
    assert "令和8年（2026年）8月1日 00:00" in html


def test_advance_payment_not_allowed_is_said(client):
    call = CallFactory(allows_advance_payment=False, upper_limit=None, lower_limit=None)
    text = english(client).get(detail_url(call)).content.decode()
    assert "Not available: the grant is paid after the amount is fixed" in text
    assert "No upper limit" in text
    assert "No lower limit" in text


def test_an_unpublished_call_is_404(client, hq_user):
    call = CallFactory(is_published=False)
    assert client.get(detail_url(call)).status_code == 404
    client.force_login(hq_user)
    assert client.get(detail_url(call)).status_code == 404
    assert client.get(reverse("grants:call_detail", args=[999999])).status_code == 404


def group_user(code="012173"):
    return UserFactory(role=Role.GROUP, municipality=municipality(code))


@pytest.mark.parametrize(
    ("who", "shown"),
    [
        ("anonymous", False),
        ("sapporo_staff", True),  # 札幌市 is in 石狩
        ("ebetsu_group", True),  # a local group in 江別市 (石狩)
        ("hakodate_staff", False),  # 函館市 is in 渡島
        ("hakodate_group", False),
        ("ishikari_officer", False),
        ("hq_user", False),
        ("advisor", False),
        ("newcomer", False),
    ],
)
def test_the_apply_button_is_only_for_applicants_of_the_calls_bureau(client, who, shown, request):
    call = CallFactory()  # 石狩, open
    users = {
        "ebetsu_group": lambda: group_user("012173"),
        "hakodate_group": lambda: group_user("012025"),
    }
    if who in users:
        client.force_login(users[who]())
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = english(client).get(detail_url(call))
    html = response.content.decode()
    apply_link = f'href="{reverse("grants:application_start", args=[call.pk])}"'
    assert (apply_link in html) is shown
    assert bool(response.context["refusal"]) is not shown
    if not shown:
        assert response.context["refusal"] in html


def test_anonymous_visitors_are_told_to_sign_in(client):
    call = CallFactory()
    html = english(client).get(detail_url(call)).content.decode()
    assert "Sign in as staff of a municipality in the area of Ishikari" in html


def test_applying_to_a_call_that_accepts_no_group_is_refused_to_groups(client):
    call = CallFactory()
    call.eligible_applicant_kinds.set(call.eligible_applicant_kinds.filter(via_municipality=False))
    client.force_login(group_user("012173"))
    response = client.get(detail_url(call))
    assert response.context["refusal"]
    assert reverse("grants:application_start", args=[call.pk]) not in response.content.decode()


@pytest.mark.parametrize(
    ("opens", "closes", "reason"),
    [(-60, -1, "This call closed on"), (3, 40, "Applications open on")],
)
def test_no_apply_button_outside_the_window_and_the_page_says_why(
    client, sapporo_staff, opens, closes, reason
):
    now = timezone.now()
    call = CallFactory(
        opens_at=now + dt.timedelta(days=opens), closes_at=now + dt.timedelta(days=closes)
    )
    client.force_login(sapporo_staff)
    html = english(client).get(detail_url(call)).content.decode()
    assert reverse("grants:application_start", args=[call.pk]) not in html
    assert reason in html


def test_detail_query_count_is_pinned_and_constant(
    client, sapporo_staff, django_assert_num_queries
):
    call = CallFactory()
    # The call, then applicant kinds, excluded costs and attachments (prefetched).
    with django_assert_num_queries(4):
        client.get(detail_url(call))
    for n in range(10):
        call.required_attachments.create(name=f"書類{n}")
    call.ineligible_cost_categories.add(*call.ineligible_cost_categories.model.objects.all())
    pagecache.invalidate()  # what the admin does when HQ saves a call
    with django_assert_num_queries(4):
        client.get(detail_url(call))
    client.force_login(sapporo_staff)
    # + session, user, the user's municipality, unread notifications, and the session saved
    # again (sliding expiry: a savepoint, the update, its release).
    with django_assert_num_queries(11):
        response = client.get(detail_url(call))
    assert response.context["can_apply"]
