"""Every transition of the F1 lifecycle through its service: legal and illegal moves."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from grants.models import Application, ChangeRequest, Notice, Payment
from grants.selectors import applications as selectors
from grants.services import after, applications, payments, review
from portal.models import AuditEvent
from portal.workflow import InvalidTransition
from tests.factories import UserFactory
from tests.grants.factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(draft, sapporo_staff, ishikari_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return applications.application_submit(application=draft, actor=sapporo_staff)


@pytest.fixture
def approved(submitted, ishikari_officer, allocation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        review.application_start_review(application=submitted, actor=ishikari_officer)
        return review.application_approve(
            application=submitted,
            actor=ishikari_officer,
            amount=600_000,
            conditions="年度内に完了すること",
        )


def test_submitting_assigns_a_reference_and_a_revision(submitted, ishikari_officer):
    assert submitted.status == "submitted"
    assert submitted.reference == "R8-石狩-0001"
    assert submitted.revision == 1
    assert submitted.revisions.get().data["title"] == "商店街キャッシュレス推進事業"
    assert mail.outbox[-1].to == [ishikari_officer.email]
    assert "R8-石狩-0001" in mail.outbox[-1].subject


def test_reference_numbers_follow_on_per_bureau_and_year(sapporo_staff, call):
    first = ApplicationFactory(call=call, created_by=sapporo_staff)
    second = ApplicationFactory(call=call, created_by=sapporo_staff)
    applications.application_submit(application=first, actor=sapporo_staff)
    applications.application_submit(application=second, actor=sapporo_staff)
    second.refresh_from_db()
    assert second.reference == "R8-石狩-0002"


def test_an_incomplete_application_cannot_be_submitted(sapporo_staff, call):
    draft = ApplicationFactory(call=call, created_by=sapporo_staff, kpi_name="", attachments=False)
    with pytest.raises(ValidationError) as error:
        applications.application_submit(application=draft, actor=sapporo_staff)
    text = " ".join(error.value.messages)
    assert "総合戦略" in text or "strategy" in text
    assert Application.objects.get(pk=draft.pk).status == "draft"


def test_a_request_above_the_maximum_blocks_submission(sapporo_staff, call):
    draft = ApplicationFactory(call=call, created_by=sapporo_staff, requested_amount=700_000)
    with pytest.raises(ValidationError) as error:
        applications.application_submit(application=draft, actor=sapporo_staff)
    assert any("600,000円" in m for m in error.value.messages)


def test_a_closed_call_refuses_new_submissions(sapporo_staff):
    from django.utils import timezone

    call = CallFactory(
        opens_at=timezone.now() - dt.timedelta(days=60),
        closes_at=timezone.now() - dt.timedelta(days=1),
    )
    draft = ApplicationFactory(call=call, created_by=sapporo_staff)
    with pytest.raises(ValidationError, match=r"closed|締め切"):
        applications.application_submit(application=draft, actor=sapporo_staff)


def test_other_municipalities_cannot_touch_an_application(draft, ebetsu_staff, hakodate_staff):
    for outsider in (ebetsu_staff, hakodate_staff):
        with pytest.raises(PermissionDenied):
            applications.application_submit(application=draft, actor=outsider)
        with pytest.raises(PermissionDenied):
            applications.application_save_section(
                application=draft, actor=outsider, section="overview", data={"title": "x"}
            )


def test_return_and_resubmit_keeps_both_revisions(
    submitted, sapporo_staff, ishikari_officer, django_capture_on_commit_callbacks
):
    review.application_start_review(application=submitted, actor=ishikari_officer)
    with django_capture_on_commit_callbacks(execute=True):
        returned = review.application_return(
            application=submitted,
            actor=ishikari_officer,
            reason="KPIの目標値の根拠を追記してください",
        )
    assert returned.status == "returned"
    assert "KPIの目標値" in mail.outbox[-1].body
    applications.application_save_section(
        application=returned,
        actor=sapporo_staff,
        section="strategy",
        data={"kpi_target": "80店舗（商工会調査に基づく）"},
    )
    resubmitted = applications.application_submit(application=returned, actor=sapporo_staff)
    assert resubmitted.status == "submitted"
    assert resubmitted.reference == submitted.reference
    first, second = resubmitted.revisions.order_by("number")
    assert first.data["kpi_target"] == "60店舗"
    assert second.data["kpi_target"] == "80店舗（商工会調査に基づく）"


def test_return_needs_a_reason(submitted, ishikari_officer):
    with pytest.raises(ValidationError):
        review.application_return(application=submitted, actor=ishikari_officer, reason=" ")


def test_approval_issues_a_numbered_notice_and_notifies(approved, sapporo_staff):
    assert approved.status == "approved"
    assert approved.approved_amount == 600_000
    assert approved.report_due == dt.date(2027, 3, 30)  # end date + 30 days
    notice = approved.notices.get()
    assert notice.kind == Notice.Kind.DECISION
    assert notice.document_number == "石振地第1号"
    assert notice.document.status == "done"
    assert mail.outbox[-1].to == [sapporo_staff.email]
    assert AuditEvent.objects.for_object(approved).filter(action="approve").count() == 1


def test_approving_twice_issues_one_notice(approved, ishikari_officer):
    review.application_approve(application=approved, actor=ishikari_officer, amount=600_000)
    assert approved.notices.count() == 1


@pytest.mark.parametrize(
    ("amount", "message"),
    [(700_000, "600,000円"), (650_000, "100,000円"), (0, "0")],
)
def test_approval_amount_is_checked(submitted, ishikari_officer, allocation, amount, message):
    with pytest.raises(ValidationError) as error:
        review.application_start_review(application=submitted, actor=ishikari_officer)
        review.application_approve(application=submitted, actor=ishikari_officer, amount=amount)
    assert any(message in m for m in error.value.messages)


def test_approval_never_exceeds_the_allocation(submitted, ishikari_officer):
    from tests.grants.factories import AllocationFactory

    AllocationFactory(amount=500_000)
    with pytest.raises(ValidationError) as error:
        review.application_start_review(application=submitted, actor=ishikari_officer)
        review.application_approve(application=submitted, actor=ishikari_officer, amount=600_000)
    assert "500,000円" in " ".join(error.value.messages)
    assert Application.objects.get(pk=submitted.pk).status == "under_review"


def test_another_bureau_cannot_decide(submitted, oshima_officer, ishikari_officer, allocation):
    review.application_start_review(application=submitted, actor=ishikari_officer)
    with pytest.raises(PermissionDenied):
        review.application_approve(application=submitted, actor=oshima_officer, amount=600_000)
    with pytest.raises(PermissionDenied):
        review.application_return(application=submitted, actor=oshima_officer, reason="x")


def test_rejection_issues_the_non_grant_notice(submitted, ishikari_officer, sapporo_staff):
    review.application_start_review(application=submitted, actor=ishikari_officer)
    rejected = review.application_reject(
        application=submitted, actor=ishikari_officer, reason="予算の範囲を超えるため"
    )
    assert rejected.status == "rejected"
    assert rejected.notices.get().kind == Notice.Kind.REJECTION
    with pytest.raises(InvalidTransition):
        review.application_approve(application=rejected, actor=ishikari_officer, amount=600_000)


def test_withdraw_from_draft_or_submitted_only(call, sapporo_staff, approved):
    draft = ApplicationFactory(call=call, created_by=sapporo_staff)
    applications.application_withdraw(application=draft, actor=sapporo_staff, reason="見送り")
    draft.refresh_from_db()
    assert draft.status == "withdrawn"
    with pytest.raises(InvalidTransition):
        applications.application_withdraw(application=approved, actor=sapporo_staff)


def test_reviewers_declare_no_conflict_before_scoring(submitted, ishikari_officer):
    colleague = UserFactory(ishikari_officer=True)
    review.application_assign(
        application=submitted,
        actor=ishikari_officer,
        lead_officer=ishikari_officer,
        reviewers=[colleague],
    )
    assignment = submitted.reviewer_assignments.get(reviewer=colleague)
    criteria = list(submitted.call.criteria.all())
    with pytest.raises(ValidationError):
        review.reviewer_score(assignment=assignment, actor=colleague, scores={criteria[0]: (4, "")})
    review.reviewer_declare_no_conflict(assignment=assignment, actor=colleague)
    review.reviewer_score(
        assignment=assignment,
        actor=colleague,
        scores={criteria[0]: (4, "良い"), criteria[1]: (2, "")},
    )
    with pytest.raises(ValidationError):
        review.reviewer_score(assignment=assignment, actor=colleague, scores={criteria[0]: (9, "")})
    with pytest.raises(PermissionDenied):
        review.reviewer_score(
            assignment=assignment, actor=ishikari_officer, scores={criteria[0]: (1, "")}
        )


def test_reviewers_must_be_officers_of_the_bureau(submitted, ishikari_officer, oshima_officer):
    with pytest.raises(ValidationError):
        review.application_assign(
            application=submitted,
            actor=ishikari_officer,
            lead_officer=None,
            reviewers=[oshima_officer],
        )


def test_change_request_approved_updates_plan_and_amount(approved, sapporo_staff, ishikari_officer):
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
    approved.refresh_from_db()
    assert approved.status == "change_requested"
    after.change_request_approve(change=change, actor=ishikari_officer, note="承認")
    approved.refresh_from_db()
    assert approved.status == "approved"
    assert approved.approved_amount == 500_000
    assert approved.budget_lines.get().amount == 1_000_000
    assert approved.notices.filter(kind=Notice.Kind.CHANGE_APPROVAL).count() == 1


def test_abolition_ends_the_project_and_frees_the_allocation(
    approved, sapporo_staff, ishikari_officer
):
    from grants.selectors.applications import committed_amount

    change = after.change_request_submit(
        application=approved, actor=sapporo_staff, kind=ChangeRequest.Kind.ABOLITION, reason="中止"
    )
    after.change_request_approve(change=change, actor=ishikari_officer)
    approved.refresh_from_db()
    assert approved.status == "closed"
    assert committed_amount(approved.bureau_id, 2026) == 0


def test_change_rejected_keeps_the_plan(approved, sapporo_staff, ishikari_officer):
    change = after.change_request_submit(
        application=approved,
        actor=sapporo_staff,
        kind=ChangeRequest.Kind.CONTENT,
        reason="内容変更",
        new_description="別の内容",
    )
    after.change_request_reject(change=change, actor=ishikari_officer, note="趣旨が変わるため")
    approved.refresh_from_db()
    assert approved.status == "approved"
    assert approved.description != "別の内容"
    assert approved.notices.filter(kind=Notice.Kind.CHANGE_REJECTION).count() == 1


def _report(application, actor, actual_factor=1.0):
    actuals = {line.pk: int(line.amount * actual_factor) for line in application.budget_lines.all()}
    return after.report_submit(
        application=application,
        actor=actor,
        completed_on=dt.date(2027, 2, 20),
        summary="導入支援を実施した。",
        kpi_result="64店舗",
        actuals=actuals,
    )


def test_report_fix_claim_pay_close(approved, sapporo_staff, ishikari_officer):
    _report(approved, sapporo_staff, actual_factor=0.9)  # eligible 1,080,000 → 500,000
    approved.refresh_from_db()
    assert approved.status == "report_submitted"
    fixed = payments.amount_fix(application=approved, actor=ishikari_officer)
    assert fixed.fixed_amount == 500_000
    assert fixed.notices.filter(kind=Notice.Kind.AMOUNT_FIXED).count() == 1
    payments.payment_claim(application=fixed, actor=sapporo_staff)
    paid = payments.payment_record(
        application=fixed, actor=ishikari_officer, paid_on=dt.date(2027, 4, 20)
    )
    assert paid.status == "paid"
    assert paid.payments.get().amount == 500_000
    closed = payments.application_close(application=paid, actor=ishikari_officer)
    assert closed.status == "closed"


def test_advance_payment_reconciled_with_a_refund(approved, sapporo_staff, ishikari_officer):
    payments.advance_payment_record(
        application=approved, actor=ishikari_officer, amount=600_000, paid_on=dt.date(2026, 11, 1)
    )
    with pytest.raises(ValidationError):  # never above the decided amount
        payments.advance_payment_record(
            application=approved, actor=ishikari_officer, amount=1, paid_on=dt.date(2026, 11, 2)
        )
    _report(approved, sapporo_staff, actual_factor=0.9)
    fixed = payments.amount_fix(application=approved, actor=ishikari_officer)
    figures = selectors.amounts_for_fixing(fixed)
    assert (figures["fixed"], figures["to_pay"], figures["to_refund"]) == (500_000, 0, 100_000)
    with pytest.raises(ValidationError):
        payments.payment_claim(application=fixed, actor=sapporo_staff)
    with pytest.raises(ValidationError):
        payments.application_close(application=fixed, actor=ishikari_officer)
    payments.refund_record(application=fixed, actor=ishikari_officer, paid_on=dt.date(2027, 5, 1))
    assert fixed.payments.filter(kind=Payment.Kind.REFUND).get().amount == 100_000
    assert payments.application_close(application=fixed, actor=ishikari_officer).status == "closed"


def test_report_returned_for_correction(approved, sapporo_staff, ishikari_officer):
    _report(approved, sapporo_staff)
    approved.refresh_from_db()
    after.report_return(application=approved, actor=ishikari_officer, reason="領収書が不足")
    approved.refresh_from_db()
    assert approved.status == "approved"


def test_group_applies_through_its_municipality(
    call, sapporo_staff, ishikari_officer, django_capture_on_commit_callbacks
):
    from grants.models import ApplicantKind
    from portal.models import Role

    group = UserFactory(role=Role.GROUP, municipality=sapporo_staff.municipality)
    draft = applications.application_create(
        call=call,
        actor=group,
        applicant_kind=ApplicantKind.objects.get(code="group"),
        applicant_name="札幌まちづくりNPO",
    )
    for field in (
        "title",
        "purpose",
        "description",
        "strategy_name",
        "kpi_name",
        "kpi_target",
        "start_date",
        "end_date",
        "requested_amount",
        "contact_name",
        "contact_department",
        "contact_phone",
        "contact_email",
    ):
        setattr(draft, field, getattr(ApplicationFactory.build(call=call), field))
    draft.save()
    from grants.models import BudgetLine, CostCategory

    BudgetLine.objects.create(
        application=draft,
        description="講師謝金",
        amount=1_200_000,
        cost_category=CostCategory.objects.get(code="honorarium"),
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    applications.application_add_attachment(
        application=draft,
        actor=group,
        label="事業計画書",
        upload=SimpleUploadedFile(
            "計画.pdf",
            b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n"
            b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n",
        ),
    )
    sent = applications.application_submit(application=draft, actor=group)
    assert sent.status == "municipal_review"
    with pytest.raises(PermissionDenied):  # the group cannot forward itself
        applications.application_forward(application=sent, actor=group)
    with django_capture_on_commit_callbacks(execute=True):
        forwarded = applications.application_forward(
            application=sent, actor=sapporo_staff, comment="市として優先度が高い事業です"
        )
    assert forwarded.status == "submitted"
    assert forwarded.municipal_comment == "市として優先度が高い事業です"
    assert mail.outbox[-1].to == [ishikari_officer.email]


def test_partner_municipalities_view_and_confirm(
    draft, sapporo_staff, ebetsu_staff, hakodate_staff
):
    from grants.permissions import applications as permissions
    from portal.models import Municipality

    applications.application_save_section(
        application=draft,
        actor=sapporo_staff,
        section="overview",
        data={"partners": [Municipality.objects.get(code="012173")]},
    )
    assert permissions.can_view_application(ebetsu_staff, draft)
    assert not permissions.can_edit_application(ebetsu_staff, draft)
    assert not permissions.can_view_application(hakodate_staff, draft)
    applications.partner_confirm(application=draft, actor=ebetsu_staff, comment="参加します")
    with pytest.raises(PermissionDenied):
        applications.partner_confirm(application=draft, actor=hakodate_staff)
    assert draft.partner_confirmations.get().municipality_id == "012173"


def test_sections_keep_drafts_and_report_status(draft, sapporo_staff):
    from grants.selectors.applications import application_readiness

    assert application_readiness(draft)["complete"]
    applications.application_keep_draft(
        application=draft, actor=sapporo_staff, section="schedule", raw={"start_date": "2026-13-45"}
    )
    readiness = application_readiness(Application.objects.get(pk=draft.pk))
    statuses = {s["section"].key: s["status"] for s in readiness["sections"]}
    assert statuses["schedule"] == "in_progress"
    assert not readiness["complete"]


def test_a_kept_draft_with_nul_bytes_is_stored_without_them(draft, sapporo_staff):
    applications.application_keep_draft(
        application=draft,
        actor=sapporo_staff,
        section="schedule",
        raw={"schedule_notes": "\x00準備\x00", "start_date": ["2026-13-01", "\x00"]},
    )
    draft.refresh_from_db()
    assert draft.section_drafts["schedule"] == {
        "schedule_notes": "準備",
        "start_date": ["2026-13-01", ""],
    }
