"""ほっかいどう応援団会議 matching end to end: a municipality posts a project within the
scheme's rules, companies browse and express interest, the municipality accepts or
declines; HQ follows the pipeline and the matching report. Companies never see staff's
personal data."""

import csv
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from grants.models import Interest, SupportProject
from grants.permissions import applications as permissions
from grants.services import matching as services
from grants.todos.support import support_todos
from portal.models import Municipality, Role
from portal.workflow import InvalidTransition
from tests.factories import UserFactory
from tests.grants.support_factories import (
    CompanyFactory,
    InterestFactory,
    SupportProjectFactory,
    theme,
)

pytestmark = pytest.mark.django_db

BROWSE = reverse("grants:furusato_project_list")
NEW = reverse("grants:furusato_project_create")
PIPELINE = reverse("grants:furusato_pipeline")
REPORT = reverse("grants:furusato_report")


def detail(project):
    return reverse("grants:furusato_project_detail", args=[project.pk])


def interest_url(interest):
    return reverse("grants:interest_detail", args=[interest.pk])


@pytest.fixture
def company(db):
    return CompanyFactory(name="株式会社ほっかいどう応援")


FORM = {
    "fiscal_year": str(
        timezone.localdate().year
        if timezone.localdate().month >= 4
        else timezone.localdate().year - 1
    ),
    "title": "子ども食堂ネットワーク応援プロジェクト",
    "theme": "",
    "kind": "kigyo",
    "amount_sought": "5,000,000",
    "period_start": "2026-06-01",
    "period_end": "2027-03-31",
    "summary": "子ども食堂のネットワークを広げる。",
    "description": "",
    "regional_plan": "さっぽろ未来創生プラン",
    "benefits": "感謝状の贈呈、市ウェブサイトでの企業名の紹介。",
    "contact_department": "企画課 ふるさと納税担当",
    "contact_email": "furusato@city.sapporo.example.jp",
    "contact_phone": "011-211-2111",
}


# --- Posting a project ----------------------------------------------------------------------


def test_municipal_staff_post_a_draft_then_publish_it(client, sapporo_staff):
    client.force_login(sapporo_staff)
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, {**FORM, "theme": str(theme("children").pk)})
    project = SupportProject.objects.get()
    assert response["Location"] == detail(project)
    assert (project.status, project.municipality_id, project.amount_sought) == (
        "draft",
        "011002",
        5_000_000,
    )
    client.post(reverse("grants:furusato_project_action", args=[project.pk]), {"action": "publish"})
    project.refresh_from_db()
    assert project.status == "open"
    assert project.published_at is not None
    client.post(reverse("grants:furusato_project_action", args=[project.pk]), {"action": "close"})
    project.refresh_from_db()
    assert project.status == "closed"
    response = client.post(
        reverse("grants:furusato_project_action", args=[project.pk]),
        {"action": "publish"},
        follow=True,
    )
    assert response.status_code == 200  # not possible now: a message, not an error page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount_sought": ""}, "amount_sought"),
        ({"amount_sought": "50,000"}, "amount_sought"),
        ({"regional_plan": ""}, "regional_plan"),
        ({"benefits": "寄附額に応じた返礼品と入札での優遇"}, "benefits"),
        ({"period_end": "2026-01-01"}, "period_end"),
        ({"contact_phone": "call me"}, "contact_phone"),
        ({"period_start": "2026-13-45"}, "period_start"),
    ],
)
def test_the_schemes_rules_are_explained_at_the_field_and_input_kept(
    client, sapporo_staff, changes, field
):
    client.force_login(sapporo_staff)
    data = {**FORM, "theme": str(theme("children").pk), **changes}
    response = client.post(NEW, data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert "子ども食堂ネットワーク応援プロジェクト" in response.content.decode()
    assert not SupportProject.objects.exists()


def test_a_personal_address_is_refused_as_the_public_contact(client, sapporo_staff):
    client.force_login(sapporo_staff)
    data = {**FORM, "theme": str(theme("children").pk), "contact_email": sapporo_staff.email}
    response = client.post(NEW, data)
    assert "contact_email" in response.context["form"].errors


def test_a_partnership_needs_no_amount(client, sapporo_staff):
    client.force_login(sapporo_staff)
    data = {
        **FORM,
        "theme": str(theme("children").pk),
        "kind": "partnership",
        "amount_sought": "",
        "regional_plan": "",
    }
    assert client.post(NEW, data).status_code == 302


def test_the_service_applies_the_rules_whatever_the_caller(sapporo_staff):
    project = SupportProjectFactory.build(
        benefits="返礼品を差し上げます", municipality=sapporo_staff.municipality, status="draft"
    )
    project.pk = None
    with pytest.raises(ValidationError) as error:
        services.support_project_save(project=project, actor=sapporo_staff)
    assert "benefits" in error.value.message_dict


@pytest.mark.parametrize("who", ["ishikari_officer", "hq_user", "newcomer"])
def test_only_municipal_staff_post_projects(request, client, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(NEW).status_code == 404
    assert client.get(reverse("grants:furusato_project_mine")).status_code == 404


def test_another_municipality_cannot_edit_or_move_the_project(client, ebetsu_staff):
    project = SupportProjectFactory()
    client.force_login(ebetsu_staff)
    assert client.get(detail(project)).status_code == 200  # published: every municipality reads
    assert client.get(reverse("grants:furusato_project_edit", args=[project.pk])).status_code == 404
    action = reverse("grants:furusato_project_action", args=[project.pk])
    assert client.post(action, {"action": "close"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.support_project_close(project=project, actor=ebetsu_staff)


# --- Who sees a project ---------------------------------------------------------------------

# (user, sees a draft of 札幌市, sees an open project, sees a closed one)
VISIBILITY = [
    ("sapporo_staff", True, True, True),
    ("ebetsu_staff", False, True, True),
    ("hakodate_staff", False, True, True),
    ("ishikari_officer", False, True, True),
    ("oshima_officer", False, True, True),
    ("hq_user", False, True, True),
    ("company_user", False, True, False),
    ("advisor", False, False, False),
    ("newcomer", False, False, False),
]


@pytest.fixture
def company_user(company):
    return company.user


@pytest.mark.parametrize(("who", "draft", "open_", "closed"), VISIBILITY)
def test_who_sees_which_project(request, client, who, draft, open_, closed):
    user = request.getfixturevalue(who)
    client.force_login(user)
    for project, expected in (
        (SupportProjectFactory(draft=True), draft),
        (SupportProjectFactory(), open_),
        (SupportProjectFactory(status="closed"), closed),
    ):
        assert permissions.can_view_support_project(user, project) is expected
        assert client.get(detail(project)).status_code == (200 if expected else 404)


def test_a_company_still_sees_a_closed_project_it_expressed_interest_in(client, company):
    interest = InterestFactory(company=company)
    SupportProject.objects.filter(pk=interest.project_id).update(status="closed")
    client.force_login(company.user)
    assert client.get(detail(interest.project)).status_code == 200
    assert client.get(interest_url(interest)).status_code == 200


# --- Browsing -------------------------------------------------------------------------------


def test_companies_browse_open_projects_with_filters(client, company):
    SupportProjectFactory(title="札幌の子育て", amount_sought=5_000_000)
    SupportProjectFactory(
        title="函館の観光",
        hakodate=True,
        theme=theme("tourism"),
        kind="partnership",
        amount_sought=None,
        regional_plan="",
    )
    SupportProjectFactory(title="下書き", draft=True)
    SupportProjectFactory(title="終了", status="closed")
    client.force_login(company.user)
    for query, expected in [
        ({}, {"札幌の子育て", "函館の観光"}),
        ({"kind": "partnership"}, {"函館の観光"}),
        ({"theme": "children"}, {"札幌の子育て"}),
        ({"region": "donan"}, {"函館の観光"}),
        ({"bureau": "ishikari"}, {"札幌の子育て"}),
        ({"max_amount": "1000000"}, set()),
        # Values that make no sense are ignored, never an error.
        ({"max_amount": "nonsense", "kind": "nothing"}, {"札幌の子育て", "函館の観光"}),
    ]:
        response = client.get(BROWSE, query)
        assert response.status_code == 200
        assert {p.title for p in response.context["page"]} == expected, query


def test_browse_query_count_is_pinned(client, company, django_assert_num_queries):
    SupportProjectFactory()
    client.force_login(company.user)
    # session, user, unread, session save (savepoint, update, release); theme, region and
    # bureau choices; count; page.
    with django_assert_num_queries(11):
        client.get(BROWSE)
    for _n in range(30):
        SupportProjectFactory()
    with django_assert_num_queries(11):
        response = client.get(BROWSE)
    assert len(response.context["page"]) == 20


@pytest.mark.parametrize("role", [Role.NONE, Role.ADVISOR, Role.GROUP])
def test_browsing_needs_a_role_that_matches(client, role):
    user = UserFactory(role=role, municipality=Municipality.objects.get(code="011002"))
    client.force_login(user)
    assert client.get(BROWSE).status_code == 404


# --- Interest, end to end -------------------------------------------------------------------


def test_interest_accepted_end_to_end_without_staff_personal_data(
    client, company, sapporo_staff, ebetsu_staff, django_capture_on_commit_callbacks
):
    sapporo_staff.name = "札幌 花子"
    sapporo_staff.save()
    project = SupportProjectFactory(created_by=sapporo_staff)
    # The company expresses interest on the project's page.
    client.force_login(company.user)
    page = client.get(detail(project)).content.decode()
    assert project.contact_email in page
    assert sapporo_staff.name not in page and sapporo_staff.email not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail(project), {"message": "応援したい。", "pledged_amount": "１，０００，０００"}
        )
    interest = Interest.objects.get()
    assert response["Location"] == interest_url(interest)
    assert interest.pledged_amount == 1_000_000
    assert mail.outbox[-1].to == [sapporo_staff.email]
    assert company.name in mail.outbox[-1].subject
    # Twice is refused.
    with pytest.raises(ValidationError):
        services.interest_express(project=project, actor=company.user, message="again")
    # The municipality's to-do list asks for an answer; another municipality sees 404.
    assert any(company.name in item.title for item in support_todos(sapporo_staff))
    client.force_login(ebetsu_staff)
    assert client.get(interest_url(interest)).status_code == 404
    # The municipality accepts.
    client.force_login(sapporo_staff)
    response = client.post(interest_url(interest), {"decision": "decline", "note": ""})
    assert response.status_code == 400
    assert "note" in response.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            interest_url(interest), {"decision": "accept", "note": "ありがとうございます。"}
        )
    interest.refresh_from_db()
    assert interest.status == "accepted"
    assert interest.responded_by == sapporo_staff
    message = mail.outbox[-1]
    assert message.to == [company.user.email]
    assert project.contact_email in message.body
    assert sapporo_staff.name not in message.body and sapporo_staff.email not in message.body
    # What the company reads names the contact point, not the member of staff.
    client.force_login(company.user)
    page = client.get(interest_url(interest)).content.decode()
    assert "ありがとうございます。" in page
    assert project.contact_email in page
    assert sapporo_staff.name not in page and sapporo_staff.email not in page
    # Staff see who answered.
    client.force_login(sapporo_staff)
    assert sapporo_staff.name in client.get(interest_url(interest)).content.decode()
    # Answering again is not possible; it says so instead of failing.
    response = client.post(interest_url(interest), {"decision": "decline", "note": "x"})
    assert response.status_code == 404


def test_decline_and_withdraw(client, company, sapporo_staff, django_capture_on_commit_callbacks):
    project = SupportProjectFactory(created_by=sapporo_staff)
    declined = InterestFactory(project=project, company=company)
    with django_capture_on_commit_callbacks(execute=True):
        services.interest_decline(interest=declined, actor=sapporo_staff, note="今回は見送ります。")
    assert "今回は見送ります。" in mail.outbox[-1].body
    # Declined: the company may express interest again.
    again = services.interest_express(project=project, actor=company.user, message="再度")
    client.force_login(company.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("grants:interest_withdraw", args=[again.pk]))
    again.refresh_from_db()
    assert again.status == "withdrawn"
    assert mail.outbox[-1].to == [sapporo_staff.email]
    with pytest.raises(InvalidTransition):
        services.interest_accept(interest=again, actor=sapporo_staff)
    other = InterestFactory(project=project)
    for someone in (sapporo_staff, company.user):
        with pytest.raises(PermissionDenied):
            services.interest_withdraw(interest=other, actor=someone)


def test_no_corporate_donation_to_the_head_office_municipality(company):
    company.head_office_municipality = Municipality.objects.get(code="011002")
    company.save()
    kigyo = SupportProjectFactory()
    with pytest.raises(ValidationError, match="本社が所在する市町村"):
        services.interest_express(project=kigyo, actor=company.user, message="応援")
    partnership = SupportProjectFactory(kind="partnership", amount_sought=None)
    services.interest_express(project=partnership, actor=company.user, message="連携したい")


def test_a_closed_project_takes_no_new_interest(company, sapporo_staff):
    project = SupportProjectFactory(status="closed")
    with pytest.raises(PermissionDenied):
        services.interest_express(project=project, actor=company.user, message="応援")


def test_a_pending_company_cannot_express_interest(client):
    pending = CompanyFactory(pending=True)
    project = SupportProjectFactory()
    with pytest.raises(PermissionDenied):
        services.interest_express(project=project, actor=pending.user, message="応援")


# --- HQ: the pipeline and the report --------------------------------------------------------


def test_the_pipeline_is_hqs_and_each_bureaus_own(
    client, hq_user, ishikari_officer, oshima_officer, sapporo_staff
):
    sapporo = SupportProjectFactory(title="札幌の事業")
    hakodate = SupportProjectFactory(title="函館の事業", hakodate=True)
    SupportProjectFactory(title="下書き", draft=True)
    InterestFactory(project=sapporo)
    client.force_login(hq_user)
    response = client.get(PIPELINE)
    assert {p.title for p, _counts in response.context["rows"]} == {"札幌の事業", "函館の事業"}
    assert client.get(PIPELINE, {"bureau": "oshima"}).context["page"].paginator.count == 1
    client.force_login(ishikari_officer)
    response = client.get(PIPELINE)
    rows = response.context["rows"]
    assert [(p.title, c["expressed"]) for p, c in rows] == [("札幌の事業", 1)]
    assert "bureau" not in response.context["filter"].form.fields
    client.force_login(oshima_officer)
    assert [p for p, _c in client.get(PIPELINE).context["rows"]] == [hakodate]
    client.force_login(sapporo_staff)
    assert client.get(PIPELINE).status_code == 404
    assert client.get(REPORT).status_code == 404


def test_pipeline_query_count_is_pinned(client, hq_user, django_assert_num_queries):
    InterestFactory()
    client.force_login(hq_user)
    # session, user, unread, session save (savepoint, update, release); bureau and theme
    # choices; count; page; interest counts.
    with django_assert_num_queries(11):
        client.get(PIPELINE)
    for _n in range(25):
        InterestFactory(project=SupportProjectFactory(hakodate=True))
    with django_assert_num_queries(11):
        response = client.get(PIPELINE)
    assert len(response.context["rows"]) == 20


def test_the_matching_report_counts_by_bureau_and_theme_and_exports_csv(
    client, hq_user, ishikari_officer, sapporo_staff
):
    company = CompanyFactory(name='=HYPERLINK("x")')
    accepted = InterestFactory(company=company, pledged_amount=2_000_000)
    services.interest_accept(interest=accepted, actor=sapporo_staff)
    InterestFactory(project=SupportProjectFactory(hakodate=True))
    client.force_login(hq_user)
    response = client.get(REPORT)
    summary = response.context["summary"]
    rows = {row["bureau"].code: row for row in summary["bureaus"]}
    assert (rows["ishikari"]["matches"], rows["ishikari"]["pledged"]) == (1, 2_000_000)
    assert (rows["oshima"]["projects"], rows["oshima"]["interests"]) == (1, 1)
    assert summary["totals"]["matches"] == 1
    themes = {row["theme"].code: row for row in summary["themes"]}
    assert themes["children"]["matches"] == 1
    assert 'class="fluid-chart"' in response.context["chart"]
    csv_response = client.get(reverse("grants:furusato_report_csv"))
    body = b"".join(csv_response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert lines[0][0] == "成立日"
    assert lines[1][2] == "札幌市"
    assert lines[1][6].startswith("'=")  # no formula injection into Excel
    assert lines[1][8] == "2000000"
    # The officer's report holds the bureau's own row only.
    client.force_login(ishikari_officer)
    response = client.get(REPORT, {"fiscal_year": "1999"})  # unknown year: this 年度
    assert [row["bureau"].code for row in response.context["summary"]["bureaus"]] == ["ishikari"]


def test_the_report_query_count_does_not_grow(
    client, hq_user, sapporo_staff, django_assert_num_queries
):
    first = InterestFactory()
    services.interest_accept(interest=first, actor=sapporo_staff)
    client.force_login(hq_user)
    # The session and user (6); five GROUP BY queries of the summary, the bureaus and the
    # themes; the count and the page of matches.
    with django_assert_num_queries(15):
        client.get(REPORT)
    for _n in range(10):
        services.interest_accept(interest=InterestFactory(), actor=sapporo_staff)
    with django_assert_num_queries(15):
        client.get(REPORT)


# --- The municipality's own list, the admin records, other companies ------------------------


def test_the_municipalitys_own_list_has_its_drafts_and_a_pinned_query_count(
    client, sapporo_staff, django_assert_num_queries
):
    mine = reverse("grants:furusato_project_mine")
    SupportProjectFactory(title="札幌の下書き", draft=True)
    SupportProjectFactory(title="函館の事業", hakodate=True)
    client.force_login(sapporo_staff)
    response = client.get(mine)
    assert [p.title for p, _c in response.context["rows"]] == ["札幌の下書き"]
    assert [p.title for p, _c in client.get(mine, {"status": "open"}).context["rows"]] == []
    # session, user, unread, session save (savepoint, update, release); count; page;
    # interest counts.
    with django_assert_num_queries(9):
        client.get(mine)
    for _n in range(25):
        InterestFactory(project=SupportProjectFactory())
    with django_assert_num_queries(9):
        response = client.get(mine)
    assert len(response.context["rows"]) == 20


def test_admin_records_are_scoped_to_the_bureau(client, ishikari_officer, oshima_officer):
    interest = InterestFactory()
    project = interest.project
    draft = SupportProjectFactory(draft=True)
    client.force_login(oshima_officer)
    for url in (
        reverse("admin:grants_supportproject_change", args=[project.pk]),
        reverse("admin:grants_interest_change", args=[interest.pk]),
    ):
        assert client.get(url).status_code == 404
    client.force_login(ishikari_officer)
    assert (
        client.get(reverse("admin:grants_supportproject_change", args=[project.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("admin:grants_supportproject_change", args=[draft.pk])).status_code
        == 404
    )
    change = reverse("admin:grants_interest_change", args=[interest.pk])
    assert client.get(change).status_code == 200


def test_another_company_gets_404_on_an_interest(client, company):
    interest = InterestFactory()
    client.force_login(company.user)
    assert client.get(interest_url(interest)).status_code == 404
    withdraw = reverse("grants:interest_withdraw", args=[interest.pk])
    assert client.post(withdraw).status_code == 404
    interest.refresh_from_db()
    assert interest.status == "expressed"
