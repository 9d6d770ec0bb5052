"""I3 preview → confirm → number: HQ sees the certificate (or the notice of refusal) as a
draft (案) before deciding; the 文書番号 is drawn once, on the decision."""

import pytest
from django.urls import reverse

from casebook.models.cooperative_applications import ApplicationStatus
from portal.models import Bureau, Role
from tests.casebook import cooperative_helpers as h
from tests.factories import UserFactory
from tests.previews import CONFIRMED, assert_is_draft, draft_text, traces

pytestmark = pytest.mark.django_db

STEP = "admin:casebook_certificationapplication_step"


def step(app, name):
    return reverse(STEP, args=[app.pk, name])


def preview(app, name):
    return reverse(f"{STEP}_preview", args=[app.pk, name])


@pytest.fixture
def kamikawa_officer(db):
    return UserFactory(role=Role.BUREAU, is_staff=True, bureau=Bureau.objects.get(code="kamikawa"))


@pytest.fixture
def forwarded(hq_user):
    return h.forwarded(h.submitted(h.cooperative(hq_user)), hq_user)


def test_the_certify_page_offers_the_draft(client, hq_user, forwarded):
    client.force_login(hq_user)
    content = client.get(step(forwarded, "certify")).content.decode()
    assert f'formaction="{preview(forwarded, "certify")}"' in content
    assert 'name="preview-confirmed"' in content


def test_the_certificate_draft_has_no_number_and_changes_nothing(client, hq_user, forwarded):
    client.force_login(hq_user)
    before = traces()
    text = draft_text(client.post(preview(forwarded, "certify")))
    assert_is_draft(text)
    assert "認定書" in text and "しもかわ地域づくり事業協同組合" in text
    assert traces() == before
    forwarded.refresh_from_db()
    assert forwarded.status == ApplicationStatus.FORWARDED and not forwarded.document_number


def test_the_refusal_draft_states_the_reasons(client, hq_user, forwarded):
    client.force_login(hq_user)
    text = draft_text(client.post(preview(forwarded, "refuse"), {"note": "需要が示されていない。"}))
    assert_is_draft(text)
    assert "認定をしない旨の通知書" in text and "需要が示されていない。" in text


def test_certifying_needs_the_box_and_numbers_once(
    client, hq_user, forwarded, django_capture_on_commit_callbacks
):
    client.force_login(hq_user)
    before = traces()
    assert client.post(step(forwarded, "certify")).status_code == 200
    assert traces() == before
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(step(forwarded, "certify"), CONFIRMED).status_code == 302
    once = traces()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(step(forwarded, "certify"), CONFIRMED)
    assert traces() == once
    forwarded.refresh_from_db()
    assert forwarded.status == ApplicationStatus.CERTIFIED
    assert forwarded.document_number == "地政第1号"


def test_who_may_not_certify_gets_404_on_the_draft(
    client, forwarded, kamikawa_officer, ishikari_officer
):
    # The bureau reviews but does not decide; another bureau does not see the application.
    for user in (kamikawa_officer, ishikari_officer):
        client.force_login(user)
        assert client.get(preview(forwarded, "certify")).status_code == 404, user
