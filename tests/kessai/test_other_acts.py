"""The other routed acts: a change approval on its change request's row (the target kept on
the draft), a 不交付 with its reason, and HQ's certification of a cooperative."""

from __future__ import annotations

import pytest
from django.urls import reverse

from grants.models import ChangeRequest, Notice
from grants.services import after, review
from portal.kessai import routed_acts
from portal.models import Kessai, Position
from tests.factories import UserFactory

from .conftest import CONFIRMED, detail_url, login, set_route, text

pytestmark = pytest.mark.django_db


def act(client, user, kessai, op="approve", comment=""):
    return login(client, user).post(detail_url(kessai), {"op": op, "comment": comment}, follow=True)


def test_every_act_of_the_issue_is_registered():
    kinds = {act.kind: act.side for act in routed_acts()}
    assert kinds == {
        "grants.application_submit": "municipality",
        "grants.payment_claim": "municipality",
        "grants.application_approve": "bureau",
        "grants.application_reject": "bureau",
        "grants.amount_fix": "bureau",
        "grants.change_approve": "bureau",
        "grants.change_reject": "bureau",
        "casebook.certify": "hq",
        "dispatch.notice_issue": "bureau",
    }


def test_a_change_approval_keeps_its_change_request_and_decides_at_the_head(
    client, town, office, ishikari, under_review
):
    approved = review.application_approve(
        application=under_review, actor=office["staff"], amount=600_000
    )
    change = after.change_request_submit(
        application=approved,
        actor=town["staff"],
        kind=ChangeRequest.Kind.CONTENT,
        reason="内容変更",
        new_description="別の内容",
    )
    set_route("grants.change_approve", Position.HEAD, bureau=ishikari)
    url = reverse("admin:grants_application_changerequest_approve", args=[approved.pk, change.pk])
    login(client, office["staff"]).post(url, {"note": "承認します", **CONFIRMED})
    kessai = Kessai.objects.get()
    assert kessai.payload["_target"] == {"change_pk": change.pk}
    change.refresh_from_db()
    assert change.status == "pending"
    act(client, office["head"], kessai)
    change.refresh_from_db()
    assert (change.status, change.decision_note) == ("approved", "承認します")
    assert Notice.objects.filter(kind=Notice.Kind.CHANGE_APPROVAL).count() == 1


def test_a_decision_not_to_grant_is_drafted_with_its_reason(client, office, ishikari, under_review):
    set_route("grants.application_reject", Position.MANAGER, bureau=ishikari)
    url = reverse("admin:grants_application_reject", args=[under_review.pk])
    login(client, office["staff"]).post(url, {"reason": "要件を満たさない", **CONFIRMED})
    kessai = Kessai.objects.get()
    assert text(login(client, office["manager"]).get(detail_url(kessai)))
    act(client, office["manager"], kessai)
    under_review.refresh_from_db()
    assert under_review.status == "rejected"


def test_the_municipal_pages_drafts_do_not_reach_a_group_or_hq(client, town, sapporo, hq_user):
    # HQ standing in and people outside the organisation act at once, as before.
    from portal.kessai import draft_instead, routed_act

    set_route("grants.application_submit", Position.MANAGER, municipality=sapporo)

    class Request:
        user = hq_user

    application = type("A", (), {"municipality_id": sapporo.pk, "bureau_id": None})()
    assert (
        draft_instead(Request, routed_act("grants.application_submit"), application, None) is None
    )


def test_hqs_certification_goes_through_the_director_general(
    client, hq_user, django_capture_on_commit_callbacks
):
    from casebook.models.cooperative_applications import ApplicationStatus
    from portal.models import Unit
    from tests.casebook import cooperative_helpers as h

    forwarded = h.forwarded(h.submitted(h.cooperative(hq_user)), hq_user)
    division = Unit.objects.create(name="地域戦略課")
    drafter = UserFactory(hq=True, unit=division)
    director = UserFactory(hq=True, unit=division, position=Position.MANAGER)
    set_route("casebook.certify", Position.MANAGER)
    url = reverse("admin:casebook_certificationapplication_step", args=[forwarded.pk, "certify"])
    login(client, drafter).post(url, CONFIRMED)
    kessai = Kessai.objects.get()
    assert (kessai.municipality_id, kessai.bureau_id) == (None, None)
    forwarded.refresh_from_db()
    assert forwarded.status != ApplicationStatus.CERTIFIED and not forwarded.document_number
    with django_capture_on_commit_callbacks(execute=True):
        act(client, director, kessai, comment="認定相当")
    forwarded.refresh_from_db()
    assert forwarded.status == ApplicationStatus.CERTIFIED and forwarded.document_number
    # HQ's stamps are HQ's: the cooperative reads its application's history without them.
    detail = reverse("casebook:cooperative_application_detail", args=[forwarded.pk])
    client.force_login(forwarded.cooperative.user)
    page = client.get(detail).content.decode()
    assert forwarded.document_number in page or "認定" in page
    assert "認定相当" not in page
