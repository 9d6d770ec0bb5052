"""I3: the certification's workflow through its services: registration, the checklist that
refuses an incomplete submission, review, certification and refusal, change certification."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casebook.models import CertificationApplication, Cooperative
from casebook.models.cooperative_applications import ApplicationStatus
from casebook.services import cooperative_decisions as decisions
from casebook.services import cooperatives as services
from portal.models import AuditEvent, Notification, Role
from portal.workflow import InvalidTransition
from tests.casebook import cooperative_helpers as h
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kamikawa_officer(db):
    from portal.models import Bureau

    return UserFactory(role=Role.BUREAU, is_staff=True, bureau=Bureau.objects.get(code="kamikawa"))


def test_registration_approved_by_hq_gives_the_cooperative_role(hq_user, newcomer):
    coop = services.cooperative_register(
        user=newcomer,
        name="テスト組合",
        name_kana="テスト",
        corporate_number="",
        address="北海道上川郡下川町",
        municipality=h.Municipality.objects.get(code=h.SHIMOKAWA),
        representative="代表理事 山田 太郎",
        contact_phone="01655-4-0000",
    )
    assert coop.status == "pending"
    assert Notification.objects.filter(recipient=hq_user, kind="cooperative.registered").exists()
    decisions.cooperative_approve(cooperative=coop, actor=hq_user)
    newcomer.refresh_from_db()
    assert newcomer.role == Role.COOPERATIVE
    assert Notification.objects.filter(recipient=newcomer, kind="cooperative.approved").exists()


def test_a_bureau_officer_cannot_approve_a_registration(ishikari_officer, newcomer):
    coop = Cooperative.objects.create(
        user=newcomer,
        name="組合",
        name_kana="クミアイ",
        address="石狩市",
        municipality=h.Municipality.objects.get(code="012351"),
        representative="代表",
        contact_phone="0",
    )
    with pytest.raises(PermissionDenied):
        decisions.cooperative_approve(cooperative=coop, actor=ishikari_officer)


def test_declining_needs_a_reason(hq_user, newcomer):
    coop = Cooperative.objects.create(
        user=newcomer,
        name="組合",
        name_kana="クミアイ",
        address="石狩市",
        municipality=h.Municipality.objects.get(code="012351"),
        representative="代表",
        contact_phone="0",
    )
    with pytest.raises(ValidationError) as exc:
        decisions.cooperative_decline(cooperative=coop, actor=hq_user, note=" ")
    assert exc.value.code == "reason_required"


def test_submission_is_refused_until_every_required_document_is_attached(hq_user):
    coop = h.cooperative(hq_user)
    application = services.application_start(cooperative=coop, actor=coop.user, kind="initial")
    h.fill(application)
    with pytest.raises(ValidationError) as exc:
        services.application_submit(application=application, actor=coop.user)
    assert {e.code for e in exc.value.error_list} == {"incomplete"}
    # The message names every missing document, the dispatch ones included.
    text = " ".join(exc.value.messages)
    for title in ("定款", "登記事項証明書", "派遣元責任者の住民票の写し及び履歴書"):
        assert title in text
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    # Nothing typed is lost.
    assert application.business_plan.startswith("農業")
    assert application.area.count() == 2


def test_without_dispatch_the_dispatch_documents_are_not_required(hq_user):
    coop = h.cooperative(hq_user)
    application = services.application_start(cooperative=coop, actor=coop.user, kind="initial")
    h.attach_all(h.fill(application, dispatches=False))
    app = services.application_submit(application=application, actor=coop.user)
    assert app.status == ApplicationStatus.SUBMITTED
    assert app.reference.startswith("協R") and "-上川-" in app.reference


def test_one_missing_document_blocks_and_lists_only_it(hq_user):
    coop = h.cooperative(hq_user)
    application = services.application_start(cooperative=coop, actor=coop.user, kind="initial")
    h.fill(application, dispatches=False)
    for code in ("articles", "registry", "officer_residence", "officer_resumes", "plan_budget"):
        services.application_add_attachment(
            application=application, actor=coop.user, upload=h.pdf(), code=code
        )
    with pytest.raises(ValidationError) as exc:
        services.application_submit(application=application, actor=coop.user)
    assert "直近の貸借対照表及び損益計算書" in " ".join(exc.value.messages)
    assert "定款" not in " ".join(exc.value.messages)


def test_submission_goes_to_the_bureau_of_the_main_municipality(hq_user, kamikawa_officer):
    coop = h.cooperative(hq_user)
    app = h.submitted(coop)
    assert app.bureau.code == "kamikawa"
    assert Notification.objects.filter(
        recipient=kamikawa_officer, kind="cooperative.submitted"
    ).exists()


def test_the_area_must_include_its_main_municipality(hq_user):
    coop = h.cooperative(hq_user)
    application = services.application_start(cooperative=coop, actor=coop.user, kind="initial")
    with pytest.raises(ValidationError) as exc:
        services.application_save_section(
            application=application,
            actor=coop.user,
            section="area",
            data={
                "main_municipality": h.Municipality.objects.get(code=h.SHIMOKAWA),
                "area": list(h.Municipality.objects.filter(code=h.NAYORO)),
                "area_reason": "",
            },
        )
    assert "area" in exc.value.error_dict


def test_review_return_resubmit_forward_certify(hq_user, kamikawa_officer):
    coop = h.cooperative(hq_user)
    app = h.submitted(coop)
    decisions.application_start_review(application=app, actor=kamikawa_officer)
    decisions.application_comment(application=app, actor=kamikawa_officer, comment="地区の確認")
    app = decisions.application_return(
        application=app, actor=kamikawa_officer, reason="役員名簿を直してください。"
    )
    assert app.status == ApplicationStatus.RETURNED
    assert Notification.objects.filter(recipient=coop.user, kind="cooperative.returned").exists()
    app = services.application_submit(application=app, actor=coop.user)
    assert app.status == ApplicationStatus.SUBMITTED
    app = h.forwarded(app, kamikawa_officer)
    assert app.status == ApplicationStatus.FORWARDED
    # Only HQ certifies.
    with pytest.raises(PermissionDenied):
        decisions.application_certify(application=app, actor=kamikawa_officer)
    app = decisions.application_certify(application=app, actor=hq_user)
    assert app.status == ApplicationStatus.CERTIFIED
    assert app.document_number.startswith("地政第") and app.document_number.endswith("号")
    assert "令和" in app.public_notice and "下川町" in app.public_notice
    assert app.certificate is not None
    coop.refresh_from_db()
    assert coop.certified_on == app.decided_on
    assert sorted(m.code for m in coop.area.all()) == sorted([h.SHIMOKAWA, h.NAYORO])
    actions = list(
        AuditEvent.objects.for_object(app).order_by("created_at").values_list("action", flat=True)
    )
    assert actions == [
        "create",
        "submit",
        "start_review",
        "comment",
        "return",
        "resubmit",
        "start_review",
        "checklist",
        "forward",
        "certify",
    ]
    assert Notification.objects.filter(recipient=coop.user, kind="cooperative.certified").exists()


def test_certifying_twice_is_harmless(hq_user):
    _coop, app = h.certified(hq_user)
    again = decisions.application_certify(application=app, actor=hq_user)
    assert again.document_number == app.document_number
    assert Notification.objects.filter(kind="cooperative.certified").count() == 1


def test_forwarding_needs_every_criterion(hq_user, kamikawa_officer):
    app = h.submitted(h.cooperative(hq_user))
    decisions.application_start_review(application=app, actor=kamikawa_officer)
    decisions.application_save_checklist(
        application=app, actor=kamikawa_officer, criteria={"criterion_area": True}
    )
    with pytest.raises(ValidationError) as exc:
        decisions.application_forward(application=app, actor=kamikawa_officer, opinion="適当")
    assert exc.value.code == "criteria_unmet"
    app.refresh_from_db()
    assert app.status == ApplicationStatus.UNDER_REVIEW


def test_an_officer_of_another_bureau_cannot_review(hq_user, ishikari_officer):
    app = h.submitted(h.cooperative(hq_user))
    with pytest.raises(PermissionDenied):
        decisions.application_start_review(application=app, actor=ishikari_officer)
    with pytest.raises(PermissionDenied):
        decisions.application_comment(application=app, actor=ishikari_officer, comment="x")


def test_refusal_needs_reasons_and_tells_the_cooperative(hq_user):
    coop = h.cooperative(hq_user)
    app = h.forwarded(h.submitted(coop), hq_user)
    with pytest.raises(ValidationError) as exc:
        decisions.application_refuse(application=app, actor=hq_user, reasons="")
    assert exc.value.code == "reason_required"
    app = decisions.application_refuse(
        application=app, actor=hq_user, reasons="需要が示されていない。"
    )
    assert app.status == ApplicationStatus.REFUSED
    assert app.certificate is not None  # the notice of refusal
    coop.refresh_from_db()
    assert coop.certified_on is None
    assert Notification.objects.filter(recipient=coop.user, kind="cooperative.refused").exists()


def test_a_certified_cooperative_applies_for_a_change_certification(hq_user):
    coop, _app = h.certified(hq_user)
    with pytest.raises(ValidationError) as exc:
        services.application_start(cooperative=coop, actor=coop.user, kind="initial")
    assert exc.value.code == "already_certified"
    change = services.application_start(cooperative=coop, actor=coop.user, kind="change")
    assert change.area.count() == 2  # prefilled with the certified area
    h.fill(change, area=(h.SHIMOKAWA, h.NAYORO, h.BIFUKA))
    h.attach_all(change)
    change = services.application_submit(application=change, actor=coop.user)
    change = decisions.application_certify(application=h.forwarded(change, hq_user), actor=hq_user)
    coop.refresh_from_db()
    assert coop.area.count() == 3
    assert "変更認定" in change.public_notice


def test_only_one_application_at_a_time(hq_user):
    coop = h.cooperative(hq_user)
    services.application_start(cooperative=coop, actor=coop.user, kind="initial")
    with pytest.raises(ValidationError) as exc:
        services.application_start(cooperative=coop, actor=coop.user, kind="initial")
    assert exc.value.code == "open_exists"


def test_another_cooperative_cannot_edit_or_submit(hq_user):
    mine = h.cooperative(hq_user)
    other = h.cooperative(hq_user, name="別の組合")
    application = services.application_start(cooperative=mine, actor=mine.user, kind="initial")
    with pytest.raises(PermissionDenied):
        services.application_save_section(
            application=application,
            actor=other.user,
            section="officers",
            data={"officers": "x"},
        )
    with pytest.raises(PermissionDenied):
        services.application_submit(application=application, actor=other.user)


def test_a_submitted_application_can_no_longer_be_changed(hq_user):
    app = h.submitted(h.cooperative(hq_user))
    with pytest.raises(ValidationError) as exc:
        services.application_save_section(
            application=app, actor=app.cooperative.user, section="officers", data={"officers": "x"}
        )
    assert exc.value.code == "not_editable"


def test_withdrawing_from_submitted(hq_user):
    app = h.submitted(h.cooperative(hq_user))
    app = services.application_withdraw(application=app, actor=app.cooperative.user)
    assert app.status == ApplicationStatus.WITHDRAWN
    with pytest.raises(InvalidTransition):
        decisions.application_start_review(application=app, actor=hq_user)


def test_no_status_is_assigned_outside_the_workflow():
    """Nothing but portal.workflow.run_transition sets the certification's statuses."""
    from pathlib import Path

    import casebook

    root = Path(casebook.__file__).parent
    offenders = []
    for path in root.rglob("*cooperative*.py"):
        text = path.read_text()
        if ".status = " in text:
            offenders.append(path.name)
    assert offenders == []
    assert CertificationApplication._meta.get_field("status").default == "draft"
