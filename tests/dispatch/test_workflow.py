"""Every transition of the request's lifecycle through its service: legal and illegal moves,
the bureau chief's authority and the 地域創生枠, audit events and notifications."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from dispatch.models import DispatchRequest
from dispatch.services import requests
from dispatch.services.requests import ChiefAuthorityRequired
from portal.models import AuditEvent
from portal.workflow import InvalidTransition
from tests.dispatch.factories import (
    approved_request,
    designate_chief,
    draft_request,
    set_frame,
    submitted_request,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def actions(obj) -> list[str]:
    return list(AuditEvent.objects.for_object(obj).values_list("action", flat=True))


def test_a_draft_is_the_municipalitys_until_submitted(sapporo_staff):
    obj = draft_request(sapporo_staff)
    assert obj.status == "draft"
    assert obj.reference == ""
    assert obj.municipality == sapporo_staff.municipality
    assert obj.bureau.code == "ishikari"
    assert obj.fiscal_year == 2026
    assert obj.contact_email == sapporo_staff.email
    assert actions(obj) == ["create"]


def test_submitting_gives_a_reference_and_tells_the_bureau(
    sapporo_staff, ishikari_officer, oshima_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        obj = submitted_request(sapporo_staff)
    assert obj.status == "submitted"
    assert obj.reference == "R8-石狩-派0001"
    assert obj.first_submitted_at is not None
    assert [m.to for m in mail.outbox] == [[ishikari_officer.email]]
    assert "R8-石狩-派0001" in mail.outbox[0].subject
    second = submitted_request(sapporo_staff, title="二件目")
    assert second.reference == "R8-石狩-派0002"


def test_submitting_twice_is_harmless(sapporo_staff, ishikari_officer):
    obj = submitted_request(sapporo_staff)
    again = requests.dispatch_request_submit(request=obj, actor=sapporo_staff)
    assert again.status == "submitted"
    assert actions(obj).count("submit") == 1


def test_an_incomplete_request_cannot_be_submitted(sapporo_staff):
    obj = requests.dispatch_request_create(actor=sapporo_staff, kind="dx", title="")
    with pytest.raises(ValidationError) as error:
        requests.dispatch_request_submit(request=obj, actor=sapporo_staff)
    assert len(error.value.messages) >= 4
    assert DispatchRequest.objects.get(pk=obj.pk).status == "draft"


def test_a_regional_dispatch_needs_an_end_and_a_wide_area_one_its_partners(sapporo_staff):
    obj = draft_request(sapporo_staff, kind="regional", end=None, is_wide_area=True)
    fields = [field for field, _message in requests.request_problems(obj)]
    assert fields == ["preferred_end", "partners"]


def test_only_staff_of_the_municipality_create_and_edit(
    sapporo_staff, ebetsu_staff, ishikari_officer, advisor
):
    for other in (ishikari_officer, advisor):
        with pytest.raises(PermissionDenied):
            requests.dispatch_request_create(actor=other, kind="dx")
    obj = draft_request(sapporo_staff)
    with pytest.raises(PermissionDenied):
        requests.dispatch_request_save(request=obj, actor=ebetsu_staff, data={"title": "x"})
    with pytest.raises(PermissionDenied):
        requests.dispatch_request_submit(request=obj, actor=ebetsu_staff)


def test_return_and_resubmit(sapporo_staff, ishikari_officer, django_capture_on_commit_callbacks):
    obj = submitted_request(sapporo_staff)
    with django_capture_on_commit_callbacks(execute=True):
        obj = requests.dispatch_request_return(
            request=obj, actor=ishikari_officer, reason="対象手続の件数を追記してください。"
        )
    assert obj.status == "returned"
    assert obj.return_reason.startswith("対象手続")
    assert mail.outbox[-1].to == [sapporo_staff.email]
    obj = requests.dispatch_request_save(
        request=obj, actor=sapporo_staff, data={"reason": "年間約2万件の申請がある。"}
    )
    obj = requests.dispatch_request_submit(request=obj, actor=sapporo_staff)
    assert obj.status == "submitted"
    assert obj.reference == "R8-石狩-派0001"  # the number stays
    assert actions(obj) == ["create", "submit", "return", "resubmit"]


def test_returning_or_declining_needs_a_reason(sapporo_staff, ishikari_officer):
    obj = submitted_request(sapporo_staff)
    for service in (requests.dispatch_request_return, requests.dispatch_request_decline):
        with pytest.raises(ValidationError):
            service(request=obj, actor=ishikari_officer, reason="  ")


def test_decline_is_final(sapporo_staff, ishikari_officer):
    obj = submitted_request(sapporo_staff)
    obj = requests.dispatch_request_decline(
        request=obj, actor=ishikari_officer, reason="今年度の枠がありません。"
    )
    assert obj.status == "declined"
    assert obj.decision_note == "今年度の枠がありません。"
    with pytest.raises(InvalidTransition):
        requests.dispatch_request_approve(request=obj, actor=ishikari_officer)
    with pytest.raises(InvalidTransition):
        requests.dispatch_request_withdraw(request=obj, actor=sapporo_staff)


def test_only_an_officer_of_the_bureau_decides(sapporo_staff, oshima_officer, hq_user):
    obj = submitted_request(sapporo_staff)
    for actor in (oshima_officer, hq_user, sapporo_staff):
        with pytest.raises(PermissionDenied):
            requests.dispatch_request_approve(request=obj, actor=actor)
        with pytest.raises(PermissionDenied):
            requests.dispatch_request_decline(request=obj, actor=actor, reason="x")


def test_any_officer_approves_dx_and_visits(
    sapporo_staff, ishikari_officer, django_capture_on_commit_callbacks
):
    obj = submitted_request(sapporo_staff, kind="visit")
    with django_capture_on_commit_callbacks(execute=True):
        obj = requests.dispatch_request_approve(
            request=obj, actor=ishikari_officer, note="人選に入ります。"
        )
    assert obj.status == "approved"
    assert obj.decided_by == ishikari_officer
    assert mail.outbox[-1].to == [sapporo_staff.email]
    assert "人選に入ります。" in mail.outbox[-1].body


def test_a_regional_dispatch_is_the_bureau_chiefs_decision(sapporo_staff, ishikari_officer):
    obj = submitted_request(sapporo_staff, kind="regional", wanted=("strategy",))
    set_frame(2)
    with pytest.raises(ChiefAuthorityRequired):
        requests.dispatch_request_approve(request=obj, actor=ishikari_officer)
    assert DispatchRequest.objects.get(pk=obj.pk).status == "submitted"
    designate_chief(ishikari_officer)
    obj = requests.dispatch_request_approve(request=obj, actor=ishikari_officer)
    assert obj.status == "approved"


def test_a_chief_of_another_bureau_has_no_authority_here(sapporo_staff, oshima_officer):
    obj = submitted_request(sapporo_staff, kind="regional", wanted=("strategy",))
    designate_chief(oshima_officer, "oshima")
    with pytest.raises(PermissionDenied):
        requests.dispatch_request_approve(request=obj, actor=oshima_officer)


def test_regional_dispatches_stay_within_the_frame(sapporo_staff, ebetsu_staff, ishikari_officer):
    designate_chief(ishikari_officer)
    first = submitted_request(sapporo_staff, kind="regional", wanted=("strategy",))
    second = submitted_request(ebetsu_staff, kind="regional", wanted=("strategy",))
    with pytest.raises(ValidationError) as error:
        requests.dispatch_request_approve(request=first, actor=ishikari_officer)
    assert error.value.code == "no_frame"
    set_frame(1)
    requests.dispatch_request_approve(request=first, actor=ishikari_officer)
    with pytest.raises(ValidationError) as error:
        requests.dispatch_request_approve(request=second, actor=ishikari_officer)
    assert error.value.code == "frame_full"
    assert "地域創生枠" in error.value.messages[0]
    # A withdrawn dispatch gives its place back.
    requests.dispatch_request_withdraw(request=first, actor=sapporo_staff)
    assert requests.dispatch_request_approve(request=second, actor=ishikari_officer).status == (
        "approved"
    )


def test_withdrawing_tells_the_bureau_only_once_submitted(
    sapporo_staff, ishikari_officer, django_capture_on_commit_callbacks
):
    draft = draft_request(sapporo_staff)
    with django_capture_on_commit_callbacks(execute=True):
        requests.dispatch_request_withdraw(request=draft, actor=sapporo_staff)
    assert mail.outbox == []
    obj = approved_request(sapporo_staff, ishikari_officer)
    with django_capture_on_commit_callbacks(execute=True):
        obj = requests.dispatch_request_withdraw(
            request=obj, actor=sapporo_staff, reason="庁内で対応できることになった。"
        )
    assert obj.status == "withdrawn"
    assert mail.outbox[-1].to == [ishikari_officer.email]


def test_saving_keeps_partners_only_for_a_wide_area_initiative(sapporo_staff):
    from portal.models import Municipality

    ebetsu = Municipality.objects.get(code="012173")
    obj = draft_request(
        sapporo_staff, is_wide_area=True, partners=[ebetsu, sapporo_staff.municipality]
    )
    assert list(obj.partners.all()) == [ebetsu]  # not itself
    obj = requests.dispatch_request_save(
        request=obj, actor=sapporo_staff, data={"is_wide_area": False, "partners": [ebetsu]}
    )
    assert list(obj.partners.all()) == []


def test_dates_out_of_order_are_refused_with_the_field_named(sapporo_staff):
    obj = draft_request(sapporo_staff)
    with pytest.raises(ValidationError) as error:
        requests.dispatch_request_save(
            request=obj,
            actor=sapporo_staff,
            data={"preferred_start": dt.date(2026, 9, 1), "preferred_end": dt.date(2026, 8, 1)},
        )
    assert "preferred_end" in error.value.message_dict


def test_a_submitted_request_can_no_longer_be_edited(sapporo_staff):
    obj = submitted_request(sapporo_staff)
    with pytest.raises(InvalidTransition):
        requests.dispatch_request_save(request=obj, actor=sapporo_staff, data={"title": "x"})


def test_a_deactivated_officer_cannot_decide(sapporo_staff):
    officer = UserFactory(ishikari_officer=True, is_active=False)
    obj = submitted_request(sapporo_staff)
    with pytest.raises(PermissionDenied):
        requests.dispatch_request_approve(request=obj, actor=officer)
