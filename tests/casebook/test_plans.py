"""The plans registry: the municipality registers and keeps its plans, officers advise
in a thread (each side notified), and the matrix shows who has what and what is due."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casebook.models import Plan, PlanComment, PlanStatus
from casebook.selectors.plans import plan_matrix, plans_visible_to
from casebook.services import plans as services
from portal.japanese import fiscal_year
from portal.services.attachments import attachments_of
from portal.workflow import InvalidTransition
from tests.casebook.factories_challenges import PlanFactory, plan_type
from tests.factories import municipality as muni

pytestmark = pytest.mark.django_db

NEW = reverse("casebook:plan_create")
MATRIX = reverse("casebook:plan_matrix")


def pdf():
    return SimpleUploadedFile(
        "計画.pdf",
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n",
    )


def form_data(**overrides):
    year = fiscal_year()
    data = {
        "plan_type": str(plan_type("transport").pk),
        "title": "札幌市地域公共交通計画",
        "status": "adopted",
        "start_year": str(year),
        "end_year": str(year + 4),
        "summary": "公共交通の維持と利便性の向上。",
        "url": "",
    }
    data.update(overrides)
    return data


def test_municipal_staff_register_a_plan_with_its_document(client, sapporo_staff):
    client.force_login(sapporo_staff)
    response = client.post(NEW, {**form_data(), "documents": pdf()})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.status == PlanStatus.ADOPTED and plan.bureau.code == "ishikari"
    assert attachments_of(plan).get().original_name == "計画.pdf"
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "計画.pdf" in page


def test_a_reversed_period_comes_back_with_an_error(english, sapporo_staff):
    english.force_login(sapporo_staff)
    year = fiscal_year()
    response = english.post(NEW, form_data(start_year=str(year + 2), end_year=str(year)))
    assert response.status_code == 200
    assert Plan.objects.count() == 0
    assert 'class="error-summary"' in response.content.decode()
    # The page title says so once (base.html adds it; the page must not add it again).
    title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)
    assert title.count("Error:") == 1
    with pytest.raises(ValidationError) as error:
        services.plan_register(
            actor=sapporo_staff,
            data={
                "plan_type": plan_type(),
                "title": "x",
                "start_year": year + 2,
                "end_year": year,
                "summary": "y",
            },
        )
    assert error.value.error_dict["end_year"][0].code == "period_reversed"


def test_the_status_table(sapporo_staff, ishikari_officer, ebetsu_staff):
    plan = PlanFactory(status="drafting")
    with pytest.raises(InvalidTransition):
        services.plan_revise(plan=plan, actor=sapporo_staff)  # not adopted yet
    services.plan_adopt(plan=plan, actor=sapporo_staff)
    assert plan.status == PlanStatus.ADOPTED
    services.plan_revise(plan=plan, actor=sapporo_staff, comment="第2期へ")
    services.plan_revise(plan=plan, actor=sapporo_staff)  # already there: harmless
    assert Plan.objects.get().status == PlanStatus.REVISING
    services.plan_adopt(plan=plan, actor=sapporo_staff)
    assert Plan.objects.get().status == PlanStatus.ADOPTED
    for outsider in (ishikari_officer, ebetsu_staff):
        with pytest.raises(PermissionDenied):
            services.plan_revise(plan=plan, actor=outsider)


def test_officers_advise_and_the_municipality_replies_each_notified(
    sapporo_staff, ishikari_officer, django_capture_on_commit_callbacks
):
    plan = PlanFactory(created_by=sapporo_staff)
    with django_capture_on_commit_callbacks(execute=True):
        advice = services.plan_comment(plan=plan, actor=ishikari_officer, body="目標値を追加しては")
    assert [m.to for m in mail.outbox] == [[sapporo_staff.email]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.plan_comment(
            plan=plan, actor=sapporo_staff, body="追加します", parent=advice
        )
    assert [m.to for m in mail.outbox] == [[ishikari_officer.email]]
    assert reply.parent == advice
    with pytest.raises(ValidationError) as error:
        services.plan_comment(plan=plan, actor=sapporo_staff, body="  ")
    assert error.value.error_dict["body"][0].code == "body_required"


def test_the_thread_on_the_page(client, sapporo_staff, ishikari_officer):
    plan = PlanFactory(created_by=sapporo_staff)
    client.force_login(ishikari_officer)
    response = client.post(reverse("casebook:plan_comment", args=[plan.pk]), {"body": "助言"})
    assert response.status_code == 302
    advice = PlanComment.objects.get()
    client.force_login(sapporo_staff)
    client.post(
        reverse("casebook:plan_comment", args=[plan.pk]), {"body": "返信", "parent": advice.pk}
    )
    html = client.get(plan.get_absolute_url()).content.decode()
    assert html.index("助言") < html.index("返信")
    assert 'class="plan-comment depth-1"' in html
    assert (
        client.post(reverse("casebook:plan_comment", args=[plan.pk]), {"body": ""}).status_code
        == 400
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("sapporo_staff", 200),
        ("ishikari_officer", 200),
        ("hq_user", 200),
        ("ebetsu_staff", 404),
        ("hakodate_staff", 404),
        ("oshima_officer", 404),
        ("advisor", 404),
    ],
)
def test_the_plan_page_by_role(client, request, role, status):
    plan = PlanFactory()
    client.force_login(request.getfixturevalue(role))
    assert client.get(plan.get_absolute_url()).status_code == status
    admin_status = {"ishikari_officer": 200, "hq_user": 200, "oshima_officer": 404}.get(role)
    if admin_status is not None:
        url = reverse("admin:casebook_plan_change", args=[plan.pk])
        assert client.get(url).status_code == admin_status


@pytest.mark.parametrize("role", ["ishikari_officer", "ebetsu_staff", "hq_user"])
def test_only_the_municipality_edits_its_plan(client, request, role):
    plan = PlanFactory()
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("casebook:plan_edit", args=[plan.pk])).status_code == 404
    assert client.post(reverse("casebook:plan_step", args=[plan.pk, "revise"])).status_code == 404


def test_due_for_revision():
    year = fiscal_year()
    due = PlanFactory(start_year=year - 4, end_year=year)
    ended = PlanFactory(start_year=year - 6, end_year=year - 1)
    later = PlanFactory(start_year=year, end_year=year + 4)
    revising = PlanFactory(start_year=year - 4, end_year=year, status="revising")
    assert due.due_for_revision(year) and ended.due_for_revision(year)
    assert not later.due_for_revision(year) and not revising.due_for_revision(year)
    from casebook.selectors.plans import due_for_revision_q

    assert set(Plan.objects.filter(due_for_revision_q(year))) == {due, ended}


def test_the_matrix(ishikari_officer, hq_user):
    year = fiscal_year()
    PlanFactory()
    PlanFactory(municipality=muni("012173"), plan_type=plan_type("strategy"), end_year=year)
    PlanFactory(municipality=muni("012025"))  # another bureau
    matrix = plan_matrix(ishikari_officer)
    codes = [row.municipality.code for row in matrix["rows"]]
    assert "011002" in codes and "012025" not in codes
    types = [t.code for t in matrix["types"]]
    ebetsu = next(r for r in matrix["rows"] if r.municipality.code == "012173")
    assert ebetsu.cells[types.index("strategy")]["due"] is True
    assert ebetsu.cells[types.index("transport")]["plan"] is None
    due_rows = plan_matrix(ishikari_officer, due_only=True)["rows"]
    assert [r.municipality.code for r in due_rows] == ["012173"]
    everywhere = plan_matrix(hq_user)
    assert everywhere["municipality_count"] == 179
    assert everywhere["totals"][types.index("transport")] == 2


def test_the_matrix_page_query_count_does_not_grow(client, hq_user):
    client.force_login(hq_user)
    PlanFactory()
    client.get(MATRIX)
    with CaptureQueriesContext(connection) as few:
        assert client.get(MATRIX).status_code == 200
    for code in ("012173", "012025", "012246", "012033"):
        PlanFactory(municipality=muni(code))
        PlanFactory(municipality=muni(code), plan_type=plan_type("strategy"))
    with CaptureQueriesContext(connection) as many:
        assert client.get(MATRIX).status_code == 200
    assert len(many) == len(few)


@pytest.mark.parametrize("role", ["sapporo_staff", "advisor", "newcomer"])
def test_the_matrix_is_for_staff(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(MATRIX).status_code == 404


def test_the_list_query_count_does_not_grow(client, ishikari_officer):
    client.force_login(ishikari_officer)
    url = reverse("casebook:plan_list")
    PlanFactory()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for code in ("012173", "012246"):
        PlanFactory(municipality=muni(code))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_the_municipality_sees_only_its_plans(sapporo_staff):
    PlanFactory(title="札幌の計画")
    PlanFactory(title="江別の計画", municipality=muni("012173"))
    assert [p.title for p in plans_visible_to(sapporo_staff)] == ["札幌の計画"]


def test_the_list_filters_plans_due_for_revision(client, ishikari_officer):
    year = fiscal_year()
    PlanFactory(title="改定が近い計画", start_year=year - 4, end_year=year)
    PlanFactory(title="新しい計画", start_year=year, end_year=year + 5)
    client.force_login(ishikari_officer)
    html = client.get(reverse("casebook:plan_list"), {"due": "yes"}).content.decode()
    assert "改定が近い計画" in html and "新しい計画" not in html


def test_the_registration_form_is_for_municipal_staff(client, sapporo_staff, ishikari_officer):
    client.force_login(sapporo_staff)
    assert client.get(NEW).status_code == 200
    client.force_login(ishikari_officer)
    response = client.get(NEW)
    assert response.status_code == 302 and response["Location"] == reverse("casebook:plan_list")


@pytest.mark.parametrize("role", ["ishikari_officer", "hq_user"])
def test_the_plan_admin_pages(client, request, role):
    PlanFactory()
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("admin:casebook_plan_changelist")).status_code == 200
    assert client.get(reverse("admin:casebook_plantype_changelist")).status_code == 200
    add = client.get(reverse("admin:casebook_plantype_add"))
    assert add.status_code == (200 if role == "hq_user" else 403)  # HQ configures the types


def test_the_list_filters_offer_every_plan_type_and_only_the_bureaus_municipalities(
    client, ishikari_officer
):
    client.force_login(ishikari_officer)
    html = client.get(reverse("casebook:plan_list")).content.decode()
    transport = plan_type("transport")
    assert f'<option value="{transport.code}">' in html
    assert '<option value="011002">' in html  # 札幌市, 石狩振興局
    assert '<option value="012025">' not in html  # 函館市, another bureau


def test_the_plan_period_has_no_default_year(english, sapporo_staff):
    """A period defaulting to the top of the list (ten years ahead) was a risky answer nobody
    gave: nothing is chosen until the user chooses, and leaving it so is an error."""
    english.force_login(sapporo_staff)
    page = english.get(NEW).content.decode()
    for name in ("start_year", "end_year"):
        select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
        assert re.search(r'<option value="" selected>', select)
        assert select.count(" selected") == 1
    response = english.post(NEW, form_data(start_year="", end_year=""))
    assert response.status_code == 200
    assert Plan.objects.count() == 0
    assert response.context["form"].errors.keys() >= {"start_year", "end_year"}
