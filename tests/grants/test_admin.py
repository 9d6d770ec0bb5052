"""The bureau officers' review in the admin: scope, steps, decisions and what follows."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants.admin.steps import STEPS
from grants.models import Allocation, Application, ChangeRequest, Notice, Payment
from grants.selectors.applications import allocation_usage
from grants.services import after, applications, payments, review
from portal.japanese import fiscal_year, nendo
from portal.models import Bureau, Municipality
from tests.factories import UserFactory
from tests.grants.factories import AllocationFactory, ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db


# --- helpers ---------------------------------------------------------------------------------


# The box 「内容を確認しました」 every step that issues a numbered document requires.
CONFIRMED = {"preview-confirmed": "on"}


def change_url(application):
    return reverse("admin:grants_application_change", args=[application.pk])


def step_url(name, application, *extra):
    return reverse(f"admin:grants_application_{name}", args=[application.pk, *extra])


def reload(application):
    return Application.objects.get(pk=application.pk)


def page(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def submitted(draft, sapporo_staff, ishikari_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return applications.application_submit(application=draft, actor=sapporo_staff)


@pytest.fixture
def officer_client(client, ishikari_officer):
    client.force_login(ishikari_officer)
    return client


@pytest.fixture
def approved(submitted, ishikari_officer, allocation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        review.application_start_review(application=submitted, actor=ishikari_officer)
        return review.application_approve(
            application=submitted, actor=ishikari_officer, amount=600_000
        )


@pytest.fixture
def under_review(submitted, ishikari_officer):
    return review.application_start_review(application=submitted, actor=ishikari_officer)


@pytest.fixture
def oshima_application(hakodate_staff):
    call = CallFactory(bureau=Bureau.objects.get(code="oshima"))
    draft = ApplicationFactory(
        call=call,
        municipality=Municipality.objects.get(code="012025"),
        created_by=hakodate_staff,
        title="函館朝市デジタル化事業",
    )
    return applications.application_submit(application=draft, actor=hakodate_staff)


def _report(application, actor, factor=1.0):
    return after.report_submit(
        application=application,
        actor=actor,
        completed_on=dt.date(2027, 2, 20),
        summary="導入支援を実施した。",
        kpi_result="64店舗",
        actuals={line.pk: int(line.amount * factor) for line in application.budget_lines.all()},
    )


# --- the list --------------------------------------------------------------------------------


def test_an_officer_sees_only_the_bureau_applications(
    officer_client, submitted, oshima_application, hq_user, client
):
    response = officer_client.get(reverse("admin:grants_application_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    assert submitted.reference in page(response)
    assert oshima_application.reference not in page(response)
    assert "函館朝市" not in page(response)

    client.force_login(hq_user)
    response = client.get(reverse("admin:grants_application_changelist"))
    assert response.context["cl"].result_count == 2
    assert oshima_application.reference in page(response)


def test_the_municipality_filter_offers_only_the_bureau_municipalities(officer_client, submitted):
    response = officer_client.get(reverse("admin:grants_application_changelist"))
    content = page(response)
    assert "江別市" in content  # 石狩: no application, still a choice
    assert "函館市" not in content
    filtered = officer_client.get(
        reverse("admin:grants_application_changelist"), {"municipality": "012173"}
    )
    assert filtered.context["cl"].result_count == 0


def test_the_list_shows_amounts_in_yen(officer_client, approved):
    content = page(officer_client.get(reverse("admin:grants_application_changelist")))
    assert "600,000円" in content


def test_allocation_panel_shows_allocated_committed_and_remaining(officer_client, approved):
    response = officer_client.get(
        reverse("admin:grants_application_changelist"), {"fiscal_year": "2026"}
    )
    rows = response.context["allocation_rows"]
    assert [(r["amount"], r["committed"], r["remaining"]) for r in rows] == [
        (30_000_000, 600_000, 29_400_000)
    ]
    content = page(response)
    panel = content[content.index("allocation-panel-heading") : content.index('id="changelist"')]
    for text in ("令和8年度", "30,000,000円", "600,000円", "29,400,000円", "2%"):
        assert text in panel


def test_a_fiscal_year_typed_by_hand_is_ignored(officer_client, submitted):
    for value in ("abc", "99999999999999999999", "２０２６"):
        response = officer_client.get(
            reverse("admin:grants_application_changelist"), {"fiscal_year": value}
        )
        assert response.status_code == 200
        assert response.context["allocation_year"] == fiscal_year()


def test_allocation_panel_defaults_to_the_current_fiscal_year(officer_client, ishikari_officer):
    AllocationFactory(fiscal_year=fiscal_year(), amount=5_000_000)
    AllocationFactory(fiscal_year=fiscal_year() + 1, amount=7_000_000)
    response = officer_client.get(reverse("admin:grants_application_changelist"))
    assert response.context["allocation_year"] == fiscal_year()
    assert nendo(fiscal_year()) in page(response)
    assert [r["amount"] for r in response.context["allocation_rows"]] == [5_000_000]


def test_hq_sees_every_bureau_allocation(client, hq_user, allocation):
    AllocationFactory(bureau=Bureau.objects.get(code="oshima"), amount=20_000_000)
    client.force_login(hq_user)
    response = client.get(reverse("admin:grants_application_changelist"), {"fiscal_year": "2026"})
    assert sorted(r["amount"] for r in response.context["allocation_rows"]) == [
        20_000_000,
        30_000_000,
    ]


def _submitted_rows(call, count, start=1):
    """Submitted applications made directly (the service path is tested elsewhere)."""
    for number in range(start, start + count):
        ApplicationFactory(
            call=call,
            attachments=False,
            status="submitted",
            reference=f"R8-石狩-{number:04d}",
            submitted_at=timezone.now(),
        )


def test_changelist_queries_are_pinned_and_do_not_grow(
    officer_client, ishikari_officer, call, allocation, django_assert_num_queries
):
    url = reverse("admin:grants_application_changelist")
    _submitted_rows(call, 1)
    with CaptureQueriesContext(connection) as one:
        response = officer_client.get(url)
    assert response.context["cl"].result_count == 1
    _submitted_rows(call, 29, start=2)
    with django_assert_num_queries(len(one)):
        response = officer_client.get(url)
    assert response.context["cl"].result_count == 30
    # Session (read, save), user and permissions; the allocation panel (its rows with their
    # committed sums and bureau, one query); four filters' choices; two counts and the rows;
    # the unread notifications.
    assert len(one) == 15


def test_the_admin_shows_what_the_grants_selector_shows(
    client, submitted, call, ishikari_officer, hq_user
):
    from grants.selectors.applications import applications_visible_to

    ApplicationFactory(call=call, title="まだ下書きの事業")  # an applicant's unsubmitted draft
    for user in (ishikari_officer, hq_user):
        client.force_login(user)
        response = client.get(reverse("admin:grants_application_changelist"))
        shown = {row.pk for row in response.context["cl"].result_list}
        assert shown == set(applications_visible_to(user).values_list("pk", flat=True))
        assert submitted.pk in shown


def test_start_review_of_selected_applications(officer_client, submitted, sapporo_staff, call):
    other = ApplicationFactory(call=call, created_by=sapporo_staff)
    response = officer_client.post(
        reverse("admin:grants_application_changelist"),
        {"action": "start_review_selected", "_selected_action": [submitted.pk, other.pk]},
        follow=True,
    )
    assert reload(submitted).status == "under_review"
    assert reload(other).status == "draft"  # not submitted: left alone
    assert any("1" in m for m in messages_of(response))


def test_hq_has_no_start_review_action(client, hq_user, submitted):
    client.force_login(hq_user)
    client.post(
        reverse("admin:grants_application_changelist"),
        {"action": "start_review_selected", "_selected_action": [submitted.pk]},
    )
    assert reload(submitted).status == "submitted"


# --- scope: 404 outside, 403 for those who only read --------------------------------------


def _every_url(application, change, notice):
    urls = [change_url(application)]
    for step in STEPS:
        extra = [change.pk] if step.target else []
        urls.append(step_url(step.name, application, *extra))
    urls.append(step_url("notice", application, notice.pk))
    return urls


def test_another_bureau_gets_404_on_every_url(
    client, oshima_officer, approved, sapporo_staff, ishikari_officer
):
    change = after.change_request_submit(
        application=approved,
        actor=sapporo_staff,
        kind="content",
        reason="変更",
        new_description="x",
    )
    notice = approved.notices.get()
    client.force_login(oshima_officer)
    urls = _every_url(approved, change, notice)
    assert len(urls) == len(STEPS) + 2
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"amount": "600000", "reason": "x", "note": "x"}).status_code == (
            404
        ), url
    assert reload(approved).status == "change_requested"
    assert ChangeRequest.objects.get(pk=change.pk).status == "pending"


def test_ids_that_do_not_exist_are_404(officer_client, approved):
    assert officer_client.get(step_url("approve", Application(pk=999999))).status_code == 404
    assert officer_client.get(step_url("notice", approved, 999999)).status_code == 404
    assert officer_client.get(step_url("changerequest_approve", approved, 999)).status_code == 404


def test_hq_sees_the_application_but_cannot_decide(
    client, hq_user, submitted, allocation, ishikari_officer
):
    client.force_login(hq_user)
    response = client.get(change_url(submitted))
    assert response.status_code == 200
    content = page(response)
    assert submitted.title in content
    for name in ("approve", "reject", "return", "start_review"):
        assert step_url(name, submitted) not in content
    assert client.get(step_url("approve", submitted)).status_code == 403
    assert client.post(step_url("approve", submitted), {"amount": "600000"}).status_code == 403
    assert client.post(step_url("reject", submitted), {"reason": "x"}).status_code == 403
    assert reload(submitted).status == "submitted"
    review.application_start_review(application=submitted, actor=ishikari_officer)
    with pytest.raises(PermissionDenied):
        review.application_approve(application=submitted, actor=hq_user, amount=600_000)


def test_hq_can_download_notices(client, hq_user, approved):
    client.force_login(hq_user)
    notice = approved.notices.get()
    response = client.get(step_url("notice", approved, notice.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


# --- the application page ----------------------------------------------------------------


def test_the_application_page_shows_the_sections(officer_client, submitted):
    response = officer_client.get(change_url(submitted))
    assert response.status_code == 200
    content = page(response)
    for text in (
        "商店街キャッシュレス推進事業",  # overview
        "第2期札幌市まちづくり戦略ビジョン",  # strategy
        "講師謝金",  # budget line
        "1,300,000円",  # total
        "1,200,000円",  # eligible
        "600,000円",  # maximum
        "事業計画書.pdf",  # attachment
        reverse("portal:attachment_download", args=[submitted_attachment(submitted).pk]),
        step_url("start_review", submitted),
    ):
        assert text in content, text
    # A decision follows the review: not offered before it has started.
    assert step_url("approve", submitted) not in content
    assert step_url("reject", submitted) not in content
    # Nothing the applicant wrote is an input here.
    assert 'name="title"' not in content
    assert 'name="purpose"' not in content


def submitted_attachment(application):
    from portal.services.attachments import attachments_of

    return attachments_of(application).get()


def test_the_page_shows_partners_and_the_municipality_view(officer_client, submitted):
    ebetsu = Municipality.objects.get(code="012173")
    submitted.partners.add(ebetsu)
    Application.objects.filter(pk=submitted.pk).update(municipal_comment="市として優先度が高い")
    content = page(officer_client.get(change_url(submitted)))
    assert "江別市" in content
    assert "市として優先度が高い" in content


def test_start_review_button(officer_client, submitted):
    response = officer_client.post(step_url("start_review", submitted), follow=True)
    assert reload(submitted).status == "under_review"
    assert response.redirect_chain[-1][0] == change_url(submitted)
    # Once under review it is no longer offered, and the page says so if asked again.
    response = officer_client.post(step_url("start_review", submitted), follow=True)
    assert reload(submitted).status == "under_review"
    assert messages_of(response)


def test_a_step_not_possible_in_the_status_changes_nothing(officer_client, approved):
    response = officer_client.post(step_url("reject", approved), {"reason": "x"}, follow=True)
    assert response.redirect_chain[-1][0] == change_url(approved)
    assert reload(approved).status == "approved"
    assert approved.notices.count() == 1
    assert messages_of(response)


# --- review: assign, declare, score, averages ------------------------------------------------


def test_assign_declare_score_and_the_lead_sees_the_average(
    client, submitted, ishikari_officer, hq_user
):
    first = UserFactory(ishikari_officer=True, name="審査 一郎")
    second = UserFactory(ishikari_officer=True, name="審査 二郎")
    client.force_login(ishikari_officer)
    response = client.post(
        step_url("assign", submitted),
        {"lead_officer": ishikari_officer.pk, "reviewers": [first.pk, second.pk]},
    )
    assert response.status_code == 302
    submitted = reload(submitted)
    assert submitted.lead_officer == ishikari_officer
    assert submitted.reviewer_assignments.count() == 2
    criteria = list(submitted.call.criteria.all())  # weights 3 and 1, maximum 5

    for reviewer, marks in ((first, (4, 2)), (second, (5, 5))):
        client.force_login(reviewer)
        content = page(client.get(change_url(submitted)))
        assert step_url("declare", submitted) in content
        assert step_url("score", submitted) not in content
        # Scoring first is refused: the step is not offered before the declaration.
        client.post(step_url("score", submitted), {})
        assert not reviewer.grant_reviews.get().scores.exists()
        client.post(step_url("declare", submitted))
        assert step_url("score", submitted) in page(client.get(change_url(submitted)))
        data = {}
        for criterion, mark in zip(criteria, marks, strict=True):
            data[f"score_{criterion.pk}"] = str(mark)
            data[f"comment_{criterion.pk}"] = "妥当"
        response = client.post(step_url("score", submitted), data)
        assert response.status_code == 302

    # first: (4×3 + 2×1) / (5×3 + 5×1) = 14/20 = 70.0%; second: 100.0%; average 85.0%.
    client.force_login(ishikari_officer)  # the lead officer
    content = page(client.get(change_url(submitted)))
    for text in ("70.0%", "100.0%", "85.0%", "審査 一郎", "審査 二郎"):
        assert text in content, text
    client.force_login(hq_user)
    assert "85.0%" in page(client.get(change_url(submitted)))
    # A reviewer who is not the lead sees their own scores only.
    client.force_login(first)
    content = page(client.get(change_url(submitted)))
    assert "70.0%" in content
    assert "100.0%" not in content
    assert "85.0%" not in content


def test_a_score_above_the_maximum_is_refused_on_the_form(client, submitted, ishikari_officer):
    reviewer = UserFactory(ishikari_officer=True)
    review.application_assign(
        application=submitted, actor=ishikari_officer, lead_officer=None, reviewers=[reviewer]
    )
    client.force_login(reviewer)
    client.post(step_url("declare", submitted))
    criteria = list(submitted.call.criteria.all())
    response = client.post(
        step_url("score", submitted),
        {f"score_{c.pk}": "9" for c in criteria} | {f"comment_{c.pk}": "" for c in criteria},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "error-summary" in page(response)
    assert not reviewer.grant_reviews.get().scores.exists()


def test_only_officers_of_the_bureau_can_be_assigned(officer_client, submitted, oshima_officer):
    response = officer_client.post(
        step_url("assign", submitted), {"reviewers": [oshima_officer.pk]}
    )
    assert response.status_code == 200  # not a choice: the form says so
    assert "reviewers" in response.context["form"].errors
    assert not submitted.reviewer_assignments.exists()


def test_recommending_an_amount(officer_client, submitted):
    response = officer_client.post(step_url("recommend", submitted), {"amount": "500,000"})
    assert response.status_code == 302
    assert reload(submitted).recommended_amount == 500_000
    response = officer_client.post(step_url("recommend", submitted), {"amount": "700000"})
    assert response.status_code == 200
    assert "600,000円" in " ".join(response.context["form"].errors["amount"])
    assert reload(submitted).recommended_amount == 500_000
    assert "500,000円" in page(officer_client.get(reverse("admin:grants_application_changelist")))


# --- return, resubmission and the diff -------------------------------------------------------


def test_returning_needs_a_reason_and_notifies_the_applicant(
    officer_client, submitted, sapporo_staff, django_capture_on_commit_callbacks
):
    response = officer_client.post(step_url("return", submitted), {"reason": "  "})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert reload(submitted).status == "submitted"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            step_url("return", submitted), {"reason": "KPIの目標値の根拠を追記してください"}
        )
    assert response.status_code == 302
    returned = reload(submitted)
    assert returned.status == "returned"
    assert returned.return_reason == "KPIの目標値の根拠を追記してください"
    assert [m.to for m in mail.outbox] == [[sapporo_staff.email]]
    assert "KPIの目標値の根拠" in mail.outbox[0].body


def test_the_diff_shows_what_changed_after_resubmission(
    officer_client, submitted, sapporo_staff, ishikari_officer
):
    assert "What changed between revisions" not in page(officer_client.get(change_url(submitted)))
    review.application_return(application=submitted, actor=ishikari_officer, reason="KPIの根拠")
    returned = reload(submitted)
    applications.application_save_section(
        application=returned,
        actor=sapporo_staff,
        section="strategy",
        data={"kpi_target": "80店舗（商工会調査に基づく）"},
    )
    from grants.models import CostCategory

    applications.application_save_budget(
        application=returned,
        actor=sapporo_staff,
        lines=[
            {
                "cost_category": CostCategory.objects.get(code="honorarium"),
                "description": "講師謝金",
                "amount": 300_000,
            },
            {
                "cost_category": CostCategory.objects.get(code="commission"),
                "description": "決済端末導入支援委託（見直し）",
                "amount": 900_000,
            },
        ],
        requested_amount=600_000,
    )
    applications.application_submit(application=returned, actor=sapporo_staff)
    response = officer_client.get(change_url(submitted))
    diff = response.context["diff"]
    labels = [str(row["label"]) for row in diff["rows"]]
    assert len(diff["rows"]) == 2, labels
    content = page(response)
    section = content[content.index("grant-diff-heading") :]
    assert "60店舗" in section
    assert "80店舗（商工会調査に基づく）" in section
    assert "決済端末導入支援委託（見直し）" in section
    assert "<del>" in section
    assert "<ins>" in section
    # Unchanged lines are not marked.
    assert "講師謝金 300,000円" not in section.replace("</ins>", "").split("<ins>")[-1]


# --- the decision ----------------------------------------------------------------------------


def test_the_approve_page_offers_the_maximum_and_the_allocation(
    officer_client, under_review, allocation
):
    response = officer_client.get(step_url("approve", under_review))
    assert response.status_code == 200
    assert response.context["form"]["amount"].value() == 600_000
    content = page(response)
    assert "30,000,000円" in content  # allocated
    assert "必須" in content or "Required" in content


def test_approving_above_the_maximum_shows_the_error_and_changes_nothing(
    officer_client, under_review, allocation
):
    response = officer_client.post(
        step_url("approve", under_review), {"amount": "700,000", "conditions": "", **CONFIRMED}
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["amount"])
    assert "600,000円" in errors
    content = page(response)
    assert "error-summary" in content
    assert 'href="#id_amount"' in content
    under_review = reload(under_review)
    assert under_review.status == "under_review"
    assert under_review.approved_amount is None
    assert not Notice.objects.exists()


def test_approving_above_the_allocation_shows_the_error(officer_client, under_review):
    AllocationFactory(amount=500_000)
    response = officer_client.post(
        step_url("approve", under_review), {"amount": "600000", **CONFIRMED}
    )
    assert response.status_code == 200
    assert "500,000円" in " ".join(response.context["form"].errors["amount"])
    assert reload(under_review).status == "under_review"
    assert not Notice.objects.exists()


def test_approving_issues_the_notice_listed_on_the_page(
    officer_client, under_review, allocation, sapporo_staff, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            step_url("approve", under_review),
            {"amount": "６００，０００", "conditions": "年度内に完了すること", **CONFIRMED},
            follow=True,
        )
    assert response.redirect_chain[-1][0] == change_url(under_review)
    assert any("石振地第1号" in m for m in messages_of(response))
    approved = reload(under_review)
    assert (approved.status, approved.approved_amount) == ("approved", 600_000)
    assert approved.conditions == "年度内に完了すること"
    notice = approved.notices.get()
    content = page(response)
    assert "石振地第1号" in content
    assert step_url("notice", approved, notice.pk) in content
    assert mail.outbox[-1].to == [sapporo_staff.email]
    download = officer_client.get(step_url("notice", approved, notice.pk))
    assert download["Content-Type"] == "application/pdf"
    # The decision buttons are gone.
    assert step_url("approve", approved) not in content


def test_rejecting_needs_a_reason_and_issues_the_notice(officer_client, under_review):
    response = officer_client.post(step_url("reject", under_review), {"reason": ""})
    assert "reason" in response.context["form"].errors
    response = officer_client.post(
        step_url("reject", under_review), {"reason": "予算の範囲を超えるため", **CONFIRMED}
    )
    assert response.status_code == 302
    rejected = reload(under_review)
    assert rejected.status == "rejected"
    assert rejected.decision_reason == "予算の範囲を超えるため"
    assert rejected.notices.get().kind == Notice.Kind.REJECTION


# --- after the decision ----------------------------------------------------------------------


def test_a_change_request_is_approved_in_the_admin(officer_client, approved, sapporo_staff):
    from grants.models import CostCategory

    change = after.change_request_submit(
        application=approved,
        actor=sapporo_staff,
        kind=ChangeRequest.Kind.BUDGET,
        reason="委託内容の見直し",
        new_budget=[
            {
                "cost_category": CostCategory.objects.get(code="commission").pk,
                "description": "委託（見直し後）",
                "amount": 1_000_000,
            }
        ],
        new_amount=500_000,
    )
    content = page(officer_client.get(change_url(approved)))
    approve_url = step_url("changerequest_approve", approved, change.pk)
    assert approve_url in content
    page_content = page(officer_client.get(approve_url))
    assert "委託（見直し後）" in page_content
    assert "委託料" in page_content  # the cost category's name, not its id
    response = officer_client.post(approve_url, {"note": "承認します", **CONFIRMED})
    assert response.status_code == 302
    approved = reload(approved)
    assert (approved.status, approved.approved_amount) == ("approved", 500_000)
    change.refresh_from_db()
    assert (change.status, change.decision_note) == ("approved", "承認します")
    assert approved.notices.filter(kind=Notice.Kind.CHANGE_APPROVAL).count() == 1


def test_a_change_request_is_not_approved_without_a_reason(officer_client, approved, sapporo_staff):
    change = after.change_request_submit(
        application=approved,
        actor=sapporo_staff,
        kind=ChangeRequest.Kind.CONTENT,
        reason="内容変更",
        new_description="別の内容",
    )
    url = step_url("changerequest_reject", approved, change.pk)
    response = officer_client.post(url, {"note": ""})
    assert "note" in response.context["form"].errors
    response = officer_client.post(url, {"note": "趣旨が変わるため", **CONFIRMED})
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == "rejected"
    assert reload(approved).status == "approved"


def test_report_fix_amount_payment_and_close_through_the_admin(
    officer_client, approved, sapporo_staff
):
    _report(approved, sapporo_staff, factor=0.9)  # eligible actual 1,080,000 → 500,000
    content = page(officer_client.get(change_url(approved)))
    assert step_url("fix_amount", approved) in content
    review_page = page(officer_client.get(step_url("fix_amount", approved)))
    for text in ("64店舗", "60店舗", "1,080,000円", "500,000円"):
        assert text in review_page, text
    response = officer_client.post(step_url("fix_amount", approved), CONFIRMED)
    assert response.status_code == 302
    fixed = reload(approved)
    assert (fixed.status, fixed.fixed_amount) == ("amount_fixed", 500_000)
    assert fixed.notices.filter(kind=Notice.Kind.AMOUNT_FIXED).count() == 1

    payments.payment_claim(application=fixed, actor=sapporo_staff)
    pay_page = officer_client.get(step_url("pay", fixed))
    assert "500,000円" in page(pay_page)  # still to pay
    response = officer_client.post(
        step_url("pay", fixed), {"paid_on": "2027-04-20", "note": "振込"}
    )
    assert response.status_code == 302
    paid = reload(fixed)
    assert paid.status == "paid"
    payment = paid.payments.get()
    assert (payment.kind, payment.amount, payment.paid_on) == (
        Payment.Kind.SETTLEMENT,
        500_000,
        dt.date(2027, 4, 20),
    )
    assert step_url("close", paid) in page(officer_client.get(change_url(paid)))
    assert officer_client.post(step_url("close", paid)).status_code == 302
    assert reload(paid).status == "closed"


def test_advance_payment_refund_and_close(officer_client, approved, sapporo_staff):
    response = officer_client.post(
        step_url("advance", approved), {"amount": "600000", "paid_on": "2026-11-01"}
    )
    assert response.status_code == 302
    response = officer_client.post(
        step_url("advance", approved), {"amount": "1000", "paid_on": "2026-11-02"}
    )
    assert response.status_code == 200  # above the decided amount: shown on the form
    assert "600,000円" in " ".join(response.context["form"].errors["amount"])
    _report(approved, sapporo_staff, factor=0.9)
    officer_client.post(step_url("fix_amount", approved), CONFIRMED)
    fixed = reload(approved)
    # Closing before the refund is refused with a message, not an error page.
    response = officer_client.post(step_url("close", fixed), follow=True)
    assert reload(fixed).status == "amount_fixed"
    assert any("refund" in m.lower() or "返還" in m for m in messages_of(response))
    response = officer_client.post(step_url("refund", fixed), {"paid_on": "2027-05-01"})
    assert response.status_code == 302
    assert fixed.payments.get(kind=Payment.Kind.REFUND).amount == 100_000
    assert step_url("refund", fixed) not in page(officer_client.get(change_url(fixed)))
    officer_client.post(step_url("close", fixed))
    assert reload(fixed).status == "closed"


def test_a_report_is_returned_for_correction(officer_client, approved, sapporo_staff):
    _report(approved, sapporo_staff)
    response = officer_client.post(step_url("report_return", approved), {"reason": "領収書が不足"})
    assert response.status_code == 302
    assert reload(approved).status == "approved"


# --- HQ's data: calls and allocations ---------------------------------------------------------


def test_officers_read_their_bureau_calls_and_only_hq_adds(client, officer_client, call, hq_user):
    oshima_call = CallFactory(bureau=Bureau.objects.get(code="oshima"))
    response = officer_client.get(reverse("admin:grants_call_changelist"))
    assert response.context["cl"].result_count == 1
    assert officer_client.get(reverse("admin:grants_call_change", args=[call.pk])).status_code == (
        200
    )
    assert (
        officer_client.get(reverse("admin:grants_call_change", args=[oshima_call.pk])).status_code
        == 404
    )
    assert officer_client.get(reverse("admin:grants_call_add")).status_code == 403
    client.force_login(hq_user)
    assert client.get(reverse("admin:grants_call_changelist")).context["cl"].result_count == 2
    response = client.get(reverse("admin:grants_call_change", args=[call.pk]))
    assert response.status_code == 200
    assert "地域課題の解決" in page(response)  # the rubric inline
    assert client.get(reverse("admin:grants_call_add")).status_code == 200
    # Once applications exist, the call's bureau and 年度 (copied onto them) are fixed.
    ApplicationFactory(call=call, attachments=False)
    content = page(client.get(reverse("admin:grants_call_change", args=[call.pk])))
    assert 'name="bureau"' not in content
    assert 'name="fiscal_year"' not in content
    assert 'name="title"' in content


def test_allocation_list_figures_match_the_selector_in_one_query(
    client, hq_user, approved, django_assert_num_queries
):
    client.force_login(hq_user)
    url = reverse("admin:grants_allocation_changelist")
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    allocation = Allocation.objects.get()
    usage = allocation_usage(allocation.bureau_id, allocation.fiscal_year)
    row = response.context["cl"].result_list[0]
    assert (row.amount, row.committed) == (usage["amount"], usage["committed"])
    assert "29,400,000円" in page(response)
    for code in ("oshima", "kamikawa", "tokachi", "kushiro"):
        AllocationFactory(bureau=Bureau.objects.get(code=code))
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert response.context["cl"].result_count == 5


def test_an_allocation_cannot_go_below_what_is_decided(client, hq_user, approved):
    client.force_login(hq_user)
    allocation = Allocation.objects.get()
    response = client.post(
        reverse("admin:grants_allocation_change", args=[allocation.pk]),
        {"bureau": allocation.bureau_id, "fiscal_year": 2026, "amount": "100000"},
    )
    assert response.status_code == 200
    assert "600,000円" in page(response)
    allocation.refresh_from_db()
    assert allocation.amount == 30_000_000


def test_officers_read_only_their_bureau_allocations(officer_client, allocation):
    AllocationFactory(bureau=Bureau.objects.get(code="oshima"))
    response = officer_client.get(reverse("admin:grants_allocation_changelist"))
    assert response.context["cl"].result_count == 1
    assert officer_client.get(reverse("admin:grants_allocation_add")).status_code == 403


def test_record_lists_are_scoped_by_the_application_bureau(
    client, oshima_officer, hq_user, approved
):
    client.force_login(oshima_officer)
    for name in ("notice", "payment", "changerequest", "performancereport"):
        response = client.get(reverse(f"admin:grants_{name}_changelist"))
        assert response.status_code == 200, name
        assert response.context["cl"].result_count == 0, name
    client.force_login(hq_user)
    response = client.get(reverse("admin:grants_notice_changelist"))
    assert response.context["cl"].result_count == 1
    assert "石振地第1号" in page(response)


def test_every_step_offered_on_the_page_opens(
    officer_client, submitted, ishikari_officer, sapporo_staff, allocation
):
    """Walk the lifecycle; at each stage open every step the application page offers."""
    review.application_assign(
        application=submitted,
        actor=ishikari_officer,
        lead_officer=ishikari_officer,
        reviewers=[ishikari_officer],
    )
    opened = set()

    def open_offered(application):
        response = officer_client.get(change_url(application))
        assert response.status_code == 200
        urls = list(response.context["steps"].values())
        urls += [
            url
            for row in response.context["changes"]
            for key, url in row.items()
            if key.startswith("changerequest_")
        ]
        for url in urls:
            step_page = officer_client.get(url)
            assert step_page.status_code == 200, url
            assert 'type="submit"' in page(step_page), url
            opened.add(step_page.context["step"].name)

    open_offered(submitted)
    review.reviewer_declare_no_conflict(
        assignment=submitted.reviewer_assignments.get(), actor=ishikari_officer
    )
    open_offered(submitted)
    review.application_start_review(application=submitted, actor=ishikari_officer)
    open_offered(submitted)
    approved = review.application_approve(
        application=submitted, actor=ishikari_officer, amount=600_000
    )
    open_offered(approved)
    after.change_request_submit(
        application=approved,
        actor=sapporo_staff,
        kind="content",
        reason="変更",
        new_description="x",
    )
    open_offered(approved)
    change = approved.change_requests.get()
    after.change_request_approve(change=change, actor=ishikari_officer)
    payments.advance_payment_record(
        application=approved, actor=ishikari_officer, amount=600_000, paid_on=dt.date(2026, 11, 1)
    )
    _report(reload(approved), sapporo_staff, factor=0.9)
    open_offered(approved)
    fixed = payments.amount_fix(application=reload(approved), actor=ishikari_officer)
    open_offered(fixed)
    assert opened == {step.name for step in STEPS} - {"pay"}


# --- removing a reviewer ---------------------------------------------------------------------


def _scored_reviewer(application, lead, name):
    """A reviewer of the bureau assigned by ``lead``, who declared and scored every criterion."""
    reviewer = UserFactory(ishikari_officer=True, name=name)
    review.application_assign(
        application=application, actor=lead, lead_officer=lead, reviewers=[reviewer]
    )
    assignment = application.reviewer_assignments.get(reviewer=reviewer)
    review.reviewer_declare_no_conflict(assignment=assignment, actor=reviewer)
    review.reviewer_score(
        assignment=assignment,
        actor=reviewer,
        scores=dict.fromkeys(application.call.criteria.all(), (3, "妥当")),
    )
    return assignment


def test_removing_a_reviewer_deletes_their_scores_and_is_audited(
    client, officer_client, submitted, ishikari_officer, sapporo_staff
):
    from grants.models import ReviewerAssignment, Score
    from portal.models import AuditEvent

    removed = _scored_reviewer(submitted, ishikari_officer, "審査 三郎")
    kept = _scored_reviewer(submitted, ishikari_officer, "審査 四郎")
    remove_url = step_url("remove_reviewer", submitted, removed.pk)
    content = page(officer_client.get(change_url(submitted)))
    assert f'formaction="{remove_url}"' in content  # a button next to each reviewer
    assert step_url("remove_reviewer", submitted, kept.pk) in content

    response = officer_client.post(remove_url, follow=True)
    assert response.redirect_chain[-1][0] == change_url(submitted)
    assert any("審査 三郎" in m for m in messages_of(response))
    assert not ReviewerAssignment.objects.filter(pk=removed.pk).exists()
    assert not Score.objects.filter(assignment_id=removed.pk).exists()
    assert Score.objects.filter(assignment=kept).count() == submitted.call.criteria.count()
    event = AuditEvent.objects.for_object(submitted).get(action="remove_reviewer")
    assert event.actor == ishikari_officer
    assert event.extra == {"reviewer": removed.reviewer_id}
    response = officer_client.get(change_url(submitted))
    assert [row["assignment"] for row in response.context["scores"]["rows"]] == [kept]
    content = page(response)
    assert remove_url not in content
    assert step_url("remove_reviewer", submitted, kept.pk) in content
    assert "remove_reviewer" not in content  # the history labels it
    # A second press finds nobody to remove.
    assert officer_client.post(remove_url).status_code == 404

    # The bureau's internal review stays out of the applicant's history.
    client.force_login(sapporo_staff)
    applicant_page = page(client.get(reverse("grants:application_detail", args=[submitted.pk])))
    assert "remove_reviewer" not in applicant_page
    assert "審査 三郎" not in applicant_page


def test_another_bureau_gets_404_when_removing_a_reviewer(
    client, oshima_officer, submitted, ishikari_officer
):
    from grants.admin.steps import ALL_STEPS

    assignment = _scored_reviewer(submitted, ishikari_officer, "審査 三郎")
    client.force_login(oshima_officer)
    reviewer_steps = [step for step in ALL_STEPS if step not in STEPS]
    assert [step.name for step in reviewer_steps] == ["remove_reviewer"]
    for step in reviewer_steps:
        url = step_url(step.name, submitted, assignment.pk)
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    assert submitted.reviewer_assignments.filter(pk=assignment.pk).exists()
    assert assignment.scores.exists()


def test_a_reviewer_of_another_application_is_404(
    officer_client, submitted, ishikari_officer, sapporo_staff, call
):
    other = ApplicationFactory(call=call, created_by=sapporo_staff)
    other = applications.application_submit(application=other, actor=sapporo_staff)
    assignment = _scored_reviewer(other, ishikari_officer, "審査 三郎")
    url = step_url("remove_reviewer", submitted, assignment.pk)
    assert officer_client.post(url).status_code == 404
    assert other.reviewer_assignments.filter(pk=assignment.pk).exists()


def test_reviewers_are_not_removed_after_the_decision_nor_by_hq(
    client, submitted, ishikari_officer, hq_user, allocation
):
    assignment = _scored_reviewer(submitted, ishikari_officer, "審査 三郎")
    url = step_url("remove_reviewer", submitted, assignment.pk)
    client.force_login(hq_user)
    assert url not in page(client.get(change_url(submitted)))
    assert client.post(url).status_code == 403  # HQ reads, only the bureau's officers act
    assert submitted.reviewer_assignments.filter(pk=assignment.pk).exists()

    client.force_login(ishikari_officer)
    review.application_start_review(application=submitted, actor=ishikari_officer)
    approved = review.application_approve(
        application=submitted, actor=ishikari_officer, amount=600_000
    )
    content = page(client.get(change_url(approved)))
    assert "審査 三郎" in content
    assert url not in content
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == change_url(approved)
    assert messages_of(response)
    assert approved.reviewer_assignments.filter(pk=assignment.pk).exists()
    assert assignment.scores.exists()


def test_the_remove_page_names_the_reviewer(officer_client, submitted, ishikari_officer):
    assignment = _scored_reviewer(submitted, ishikari_officer, "審査 三郎")
    response = officer_client.get(step_url("remove_reviewer", submitted, assignment.pk))
    assert response.status_code == 200
    assert "審査 三郎" in page(response)
    assert 'type="submit"' in page(response)
    assert submitted.reviewer_assignments.filter(pk=assignment.pk).exists()


# --- what is committed: one rule everywhere -----------------------------------------------


def test_committed_is_the_fixed_amount_once_fixed_on_every_allocation_figure(
    client, officer_client, approved, sapporo_staff, ishikari_officer, hq_user
):
    _report(approved, sapporo_staff, factor=0.9)  # eligible actual 1,080,000 → 500,000
    payments.amount_fix(application=reload(approved), actor=ishikari_officer)
    usage = allocation_usage(approved.bureau_id, approved.fiscal_year)
    assert usage["committed"] == 500_000
    panel_query = {"fiscal_year": str(approved.fiscal_year)}
    officer_rows = officer_client.get(
        reverse("admin:grants_application_changelist"), panel_query
    ).context["allocation_rows"]
    client.force_login(hq_user)
    hq_rows = client.get(reverse("admin:grants_application_changelist"), panel_query).context[
        "allocation_rows"
    ]
    allocation_row = (
        client.get(reverse("admin:grants_allocation_changelist")).context["cl"].result_list[0]
    )
    assert [r["committed"] for r in officer_rows] == [500_000]
    assert [r["committed"] for r in hq_rows] == [500_000]
    assert allocation_row.committed == 500_000


def test_a_step_page_leads_back_through_the_list_and_the_application(officer_client, under_review):
    page = officer_client.get(step_url("approve", under_review)).content.decode()
    trail = re.search(r'<div class="breadcrumbs">(.*?)</div>', page, re.S).group(1)
    assert reverse("admin:grants_application_changelist") in trail
    assert f'href="{change_url(under_review)}"' in trail
    assert under_review.reference in trail or under_review.title[:10] in trail
