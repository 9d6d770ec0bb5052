"""The bureau/HQ dashboard, its CSV export and the overdue-report list."""

import csv
import datetime as dt
import io
import itertools
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from grants.models import Application
from portal.japanese import fiscal_year
from portal.models import Role
from tests.factories import UserFactory, bureau, municipality
from tests.grants.factories import AllocationFactory, ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("grants:dashboard")
EXPORT = reverse("grants:export_csv")
OVERDUE = reverse("grants:overdue")
HEADER = [
    "受付番号",
    "市町村",
    "事業名",
    "状態",
    "申請額",
    "査定額",
    "交付決定額",
    "確定額",
    "申請日",
]
BOM = b"\xef\xbb\xbf"
_numbers = itertools.count(1)


@pytest.fixture
def ishikari_call(db):
    return CallFactory()


@pytest.fixture
def oshima_call(db):
    return CallFactory(bureau=bureau("oshima"))


def make(call, code="011002", status="submitted", requested=600_000, approved=None, **extra):
    """An application in ``status`` as the services would have left it (tests may set it)."""
    number = next(_numbers)
    return ApplicationFactory(
        call=call,
        municipality=municipality(code),
        status=status,
        reference=f"R8-{call.bureau.short_name}-{number:04d}",
        title=extra.pop("title", f"事業{number}"),
        requested_amount=requested,
        approved_amount=approved,
        submitted_at=timezone.now(),
        attachments=False,
        budget=[("honorarium", "講師謝金", 100_000)],
        **extra,
    )


@pytest.fixture
def grants(ishikari_call, oshima_call):
    """石狩: 札幌 approved 600,000 and submitted; 江別 approved 400,000. 渡島: 函館 approved."""
    return {
        "sapporo_approved": make(ishikari_call, status="approved", approved=600_000),
        "sapporo_submitted": make(ishikari_call, requested=500_000),
        "ebetsu_approved": make(ishikari_call, "012173", status="approved", approved=400_000),
        "hakodate_approved": make(
            oshima_call,
            "012025",
            status="approved",
            requested=700_000,
            approved=700_000,
            title="函館の秘密事業",
        ),
    }


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def rows_of(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


# --- Who may see it -----------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in (DASHBOARD, EXPORT, OVERDUE):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_municipal_staff_and_groups_are_sent_to_their_applications(client, sapporo_staff):
    client.force_login(sapporo_staff)
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"] == reverse("grants:application_list")
    client.force_login(UserFactory(role=Role.GROUP, municipality=municipality("012173")))
    assert client.get(DASHBOARD)["Location"] == reverse("grants:application_list")


@pytest.mark.parametrize("who", ["advisor", "newcomer", "sapporo_staff"])
def test_others_get_404_for_the_export_and_overdue_list(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(EXPORT).status_code == 404
    assert client.get(OVERDUE).status_code == 404


@pytest.mark.parametrize("who", ["advisor", "newcomer"])
def test_others_get_404_for_the_dashboard(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(DASHBOARD).status_code == 404


# --- Scope --------------------------------------------------------------------------------


def test_an_officer_sees_only_the_own_bureaus_figures(client, ishikari_officer, grants):
    client.force_login(ishikari_officer)
    response = client.get(DASHBOARD, {"fiscal_year": "2026"})
    assert response.status_code == 200
    html = response.content.decode()
    assert [r["municipality"].name for r in response.context["by_municipality"]] == [
        "札幌市",
        "江別市",
    ]
    assert "函館市" not in html
    assert "函館市" not in response.context["chart"]
    assert ">700,000円<" not in html
    assert response.context["totals"] == {
        "count": 3,
        "requested": 1_700_000,
        "approved": 1_000_000,
    }
    # No bureau to choose: the officer's scope is the bureau.
    assert 'name="bureau"' not in html

    csv_rows = rows_of(client.get(EXPORT, {"fiscal_year": "2026"}))
    assert [row[1] for row in csv_rows[1:]] == ["札幌市", "札幌市", "江別市"]
    assert "函館の秘密事業" not in str(csv_rows)


def test_an_officer_cannot_reach_another_bureau_through_the_filters(
    client, ishikari_officer, grants
):
    client.force_login(ishikari_officer)
    for params in ({"municipality": "012025"}, {"call": grants["hakodate_approved"].call_id}):
        response = client.get(DASHBOARD, {"fiscal_year": "2026", **params})
        assert "函館市" not in response.content.decode()
        assert "函館の秘密事業" not in str(rows_of(client.get(EXPORT, params)))


def test_hq_sees_every_bureau_and_can_filter_by_bureau(client, hq_user, grants):
    client.force_login(hq_user)
    response = client.get(DASHBOARD, {"fiscal_year": "2026"})
    names = [r["municipality"].name for r in response.context["by_municipality"]]
    assert names == ["札幌市", "函館市", "江別市"]  # in 全国地方公共団体コード order
    assert len(response.context["allocations"]) == 14

    response = client.get(DASHBOARD, {"fiscal_year": "2026", "bureau": "oshima"})
    assert [r["municipality"].name for r in response.context["by_municipality"]] == ["函館市"]
    assert [a["bureau"].code for a in response.context["allocations"]] == ["oshima"]
    assert "札幌市" not in response.context["chart"]
    assert [row[1] for row in rows_of(client.get(EXPORT, {"bureau": "oshima"}))[1:]] == ["函館市"]


# --- Figures ------------------------------------------------------------------------------


def test_counts_and_amounts_by_status(client, ishikari_officer, grants):
    client.force_login(ishikari_officer)
    by_status = {
        row["status"]: row
        for row in client.get(DASHBOARD, {"fiscal_year": "2026"}).context["by_status"]
    }
    assert by_status["approved"]["count"] == 2
    assert by_status["approved"]["requested"] == 1_200_000
    assert by_status["approved"]["approved"] == 1_000_000
    assert by_status["submitted"]["count"] == 1
    assert by_status["submitted"]["approved"] == 0
    assert set(by_status) == {"approved", "submitted"}


def test_allocation_used_and_remaining(client, ishikari_officer, grants):
    AllocationFactory(amount=30_000_000)
    client.force_login(ishikari_officer)
    response = english(client).get(DASHBOARD, {"fiscal_year": "2026"})
    (usage,) = response.context["allocations"]
    assert usage["committed"] == 1_000_000
    assert usage["remaining"] == 29_000_000
    html = response.content.decode()
    assert "30,000,000円" in html
    assert "29,000,000円" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "submitted"}, {"sapporo_submitted"}),
        ({"status": "approved"}, {"sapporo_approved", "ebetsu_approved"}),
        ({"municipality": "012173"}, {"ebetsu_approved"}),
        ({"status": "approved", "municipality": "011002"}, {"sapporo_approved"}),
        ({"status": "rejected"}, set()),
    ],
)
def test_filters_narrow_the_figures_and_the_csv(client, ishikari_officer, grants, params, expected):
    client.force_login(ishikari_officer)
    query = {"fiscal_year": "2026", **params}
    response = client.get(DASHBOARD, query)
    assert response.context["totals"]["count"] == len(expected)
    references = {grants[key].reference for key in expected}
    assert {row[0] for row in rows_of(client.get(EXPORT, query))[1:]} == references


def test_the_call_filter(client, ishikari_officer, grants):
    other_call = CallFactory(title="デジタル枠")
    make(other_call, title="別の募集への申請")
    client.force_login(ishikari_officer)
    rows = rows_of(client.get(EXPORT, {"fiscal_year": "2026", "call": other_call.pk}))
    assert [row[2] for row in rows[1:]] == ["別の募集への申請"]


def test_the_default_year_is_the_current_nendo(client, ishikari_officer):
    this_year = fiscal_year()
    make(CallFactory(fiscal_year=this_year), title="今年度の事業")
    make(CallFactory(fiscal_year=this_year - 1), title="前年度の事業")
    client.force_login(ishikari_officer)
    response = client.get(DASHBOARD)
    assert response.context["year"] == this_year
    assert response.context["totals"]["count"] == 1
    # An unknown year falls back to the current one instead of mixing years.
    assert client.get(DASHBOARD, {"fiscal_year": "1900"}).context["year"] == this_year
    assert [row[2] for row in rows_of(client.get(EXPORT))[1:]] == ["今年度の事業"]


def test_the_filter_form_is_a_get_form_with_labels_and_a_status(client, hq_user, grants):
    client.force_login(hq_user)
    html = english(client).get(DASHBOARD, {"fiscal_year": "2026"}).content.decode()
    form = re.search(r'<form method="get".*?</form>', html, re.S).group(0)
    for name in ("fiscal_year", "bureau", "status", "municipality", "call"):
        assert f'for="id_{name}"' in form
    assert re.search(r'<button type="submit">\s*Filter\s*</button>', form)
    assert re.search(r'<p role="status">\s*4 applications\s*</p>', html)
    assert '<option value="2026" selected>令和8年度</option>' in form


def test_the_chart_is_an_accessible_svg_with_a_table_of_the_same_numbers(
    client, ishikari_officer, grants
):
    client.force_login(ishikari_officer)
    html = english(client).get(DASHBOARD, {"fiscal_year": "2026"}).content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg
    assert re.search(r'<title id="[^"]+">Approved amount by municipality, 令和8年度</title>', svg)
    assert "<desc" in svg
    assert "style=" not in svg
    assert "<script" not in svg
    assert svg.count('class="chart-bar"') == 2
    # Fluid: no viewBox to shrink the labels on a phone; the bars' lengths are shares.
    assert 'class="fluid-chart"' in svg and "viewBox" not in svg
    assert 'width="100.00%"' in svg and 'width="66.67%"' in svg
    assert "600,000円" in svg
    assert "400,000円" in svg
    table = re.search(r'<table[^>]* id="by-municipality">.*?</table>', html, re.S).group(0)
    assert "<caption>" in table
    assert 'scope="col"' in table
    assert 'scope="row"' in table
    assert "600,000円" in table
    assert "400,000円" in table
    assert "css/dashboard.css" in html


def test_the_dashboard_query_count_is_pinned_and_constant(
    client, ishikari_officer, hq_user, ishikari_call, django_assert_num_queries
):
    make(ishikari_call, status="approved", approved=100_000)
    client.force_login(ishikari_officer)
    # session, user, years, status counts, by municipality, names, the officer's bureau,
    # allocation and committed amount, form choices (municipalities, calls), unread count,
    # session saved (3).
    with django_assert_num_queries(15):
        client.get(DASHBOARD, {"fiscal_year": "2026"})
    for code in ("011002", "012173", "012343", "012246") * 3:
        make(ishikari_call, code, status="approved", approved=100_000)
    with django_assert_num_queries(15):
        response = client.get(DASHBOARD, {"fiscal_year": "2026"})
    assert response.context["totals"]["count"] == 13
    client.force_login(hq_user)
    # HQ: every bureau's allocation (14 × 2), the bureau and region choices instead of the
    # officer's bureau.
    with django_assert_num_queries(43):
        client.get(DASHBOARD, {"fiscal_year": "2026"})


# --- CSV ----------------------------------------------------------------------------------


def test_the_csv_is_excel_ready_and_streamed(client, ishikari_officer, grants):
    client.force_login(ishikari_officer)
    response = client.get(EXPORT, {"fiscal_year": "2026"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="grants-R8.csv"'
    rows = rows_of(response)
    assert rows[0] == HEADER
    assert len(rows) == 1 + 3
    sapporo = next(r for r in rows if r[0] == grants["sapporo_approved"].reference)
    assert sapporo[1:3] == ["札幌市", grants["sapporo_approved"].title]
    assert sapporo[4:8] == ["600000", "", "600000", ""]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", sapporo[8])


def test_the_csv_defuses_spreadsheet_formulas(client, ishikari_officer, ishikari_call):
    make(ishikari_call, title='=HYPERLINK("http://example.com")')
    client.force_login(ishikari_officer)
    rows = rows_of(client.get(EXPORT, {"fiscal_year": "2026"}))
    assert rows[1][2].startswith("'=")


def test_the_csv_query_count_is_pinned_and_constant(
    client, ishikari_officer, ishikari_call, django_assert_num_queries
):
    make(ishikari_call)
    client.force_login(ishikari_officer)
    # session, user, years, the rows, session saved (3).
    with django_assert_num_queries(7):
        assert len(rows_of(client.get(EXPORT, {"fiscal_year": "2026"}))) == 1 + 1
    for _n in range(30):
        make(ishikari_call)
    with django_assert_num_queries(7):
        assert len(rows_of(client.get(EXPORT, {"fiscal_year": "2026"}))) == 1 + 31


# --- Overdue reports ----------------------------------------------------------------------


def test_overdue_reports_list_days_overdue_within_scope(
    client, ishikari_officer, ishikari_call, oshima_call, django_assert_num_queries
):
    today = timezone.localdate()
    late = make(ishikari_call, status="approved", approved=600_000, title="遅れた報告")
    Application.objects.filter(pk=late.pk).update(report_due=today - dt.timedelta(days=12))
    make(
        ishikari_call,
        status="approved",
        approved=600_000,
        title="まだ期限内",
        report_due=today + dt.timedelta(days=3),
    )
    make(
        ishikari_call,
        status="report_submitted",
        approved=600_000,
        title="提出済み",
        report_due=today - dt.timedelta(days=5),
    )
    make(
        oshima_call,
        "012025",
        status="approved",
        approved=600_000,
        title="函館の遅れ",
        report_due=today - dt.timedelta(days=2),
    )
    client.force_login(ishikari_officer)
    response = english(client).get(OVERDUE)
    assert response.status_code == 200
    assert [(a.title, days) for a, days in response.context["rows"]] == [("遅れた報告", 12)]
    html = response.content.decode()
    assert "12 days" in html
    assert "函館の遅れ" not in html
    assert re.search(r'<p role="status">\s*1 overdue report\s*</p>', html)
    with django_assert_num_queries(8):
        client.get(OVERDUE)


def test_hq_sees_overdue_reports_of_every_bureau(client, hq_user, ishikari_call, oshima_call):
    past = timezone.localdate() - dt.timedelta(days=1)
    make(ishikari_call, status="approved", approved=1, requested=1, report_due=past)
    make(oshima_call, "012025", status="change_requested", approved=1, requested=1, report_due=past)
    client.force_login(hq_user)
    assert len(client.get(OVERDUE).context["rows"]) == 2


def test_a_large_csv_is_streamed_in_chunks_with_one_query(
    client, ishikari_officer, ishikari_call, django_assert_num_queries
):
    template = make(ishikari_call)
    fields = {
        f.attname: getattr(template, f.attname)
        for f in Application._meta.concrete_fields
        if f.attname not in ("id", "reference")
    }
    Application.objects.bulk_create(
        Application(**fields, reference=f"R8-石狩-B{n:05d}") for n in range(2_500)
    )
    client.force_login(ishikari_officer)
    with django_assert_num_queries(7):
        response = client.get(EXPORT, {"fiscal_year": "2026"})
        chunks = list(response.streaming_content)
    assert len(chunks) >= 3  # header, then a chunk per thousand rows: never one big string
    body = b"".join(chunks)
    assert body.startswith(BOM)
    assert body.count(b"\n") == 1 + 2_501
