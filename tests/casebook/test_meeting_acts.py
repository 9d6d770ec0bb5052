"""Acts on liaison meetings that others see: minutes go public only once read and
confirmed, and are withdrawn with a reason; a closed action item is confirmed first and
can be reopened."""

import pytest
from django.urls import reverse

from casebook.models import ActionItem, LiaisonMeeting
from casebook.services import meetings as services
from portal.models import AuditEvent
from portal.registry import todos_for
from tests.casebook.factories_challenges import ActionItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def minutes_url(meeting):
    return reverse("admin:casebook_liaisonmeeting_minutes", args=[meeting.pk])


def public_url(meeting):
    return reverse("casebook:minutes_detail", args=[meeting.pk])


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def officer_client(client, ishikari_officer):
    client.force_login(ishikari_officer)
    return client


def test_the_meeting_page_asks_to_confirm_before_publishing(officer_client):
    meeting = MeetingFactory(minutes="公開する議事録")
    change = reverse("admin:casebook_liaisonmeeting_change", args=[meeting.pk])
    content = officer_client.get(change).content.decode()
    assert 'name="confirmed"' in content


def test_minutes_are_published_only_with_the_box_ticked(officer_client, client):
    meeting = MeetingFactory(minutes="公開する議事録")
    response = officer_client.post(minutes_url(meeting), {"public": "1"}, follow=True)
    assert any("tick the box" in m or "チェック" in m for m in messages_of(response))
    assert not LiaisonMeeting.objects.get(pk=meeting.pk).minutes_public
    officer_client.post(minutes_url(meeting), {"public": "1", "confirmed": "on"})
    assert LiaisonMeeting.objects.get(pk=meeting.pk).minutes_public
    client.logout()
    assert client.get(public_url(meeting)).status_code == 200


def test_withdrawing_minutes_needs_a_reason_kept_in_the_history(officer_client, client):
    meeting = MeetingFactory(minutes="公開する議事録")
    officer_client.post(minutes_url(meeting), {"public": "1", "confirmed": "on"})
    officer_client.post(minutes_url(meeting), {"public": "0", "reason": ""})
    assert LiaisonMeeting.objects.get(pk=meeting.pk).minutes_public
    officer_client.post(minutes_url(meeting), {"public": "0", "reason": "個人名の誤掲載"})
    assert not LiaisonMeeting.objects.get(pk=meeting.pk).minutes_public
    event = AuditEvent.objects.for_object(meeting).get(action="unpublish_minutes")
    assert event.comment == "個人名の誤掲載"
    client.logout()
    assert client.get(public_url(meeting)).status_code == 404


def test_another_bureau_cannot_publish(client, oshima_officer):
    meeting = MeetingFactory(minutes="議事録")
    client.force_login(oshima_officer)
    response = client.post(minutes_url(meeting), {"public": "1", "confirmed": "on"})
    assert response.status_code == 404
    assert not LiaisonMeeting.objects.get(pk=meeting.pk).minutes_public


def test_closing_is_confirmed_on_its_own_page(client, sapporo_staff):
    item = ActionItemFactory(owner=sapporo_staff)
    client.force_login(sapporo_staff)
    detail = client.get(item.meeting.get_absolute_url()).content.decode()
    close = reverse("casebook:action_item_close", args=[item.pk])
    assert f'href="{close}"' in detail
    page = client.get(close)
    assert page.status_code == 200
    assert item.title in page.content.decode()
    assert ActionItem.objects.get().closed_at is None  # asking closes nothing


def test_a_closed_item_is_reopened_and_back_on_the_to_do_list(
    client, sapporo_staff, ishikari_officer
):
    item = ActionItemFactory(owner=sapporo_staff)
    services.action_item_close(item=item, actor=sapporo_staff)
    assert not [t for t in todos_for(sapporo_staff) if item.title in str(t)]
    client.force_login(sapporo_staff)
    detail = client.get(item.meeting.get_absolute_url()).content.decode()
    reopen = reverse("casebook:action_item_reopen", args=[item.pk])
    assert reopen in detail
    response = client.post(reverse("casebook:action_item_reopen", args=[item.pk]))
    assert response.status_code == 302
    assert ActionItem.objects.get().closed_at is None
    assert [t for t in todos_for(sapporo_staff) if item.title in str(t)]
    assert AuditEvent.objects.for_object(item.meeting).filter(action="action_item_reopened")
    # Reopening an open item is harmless.
    client.post(reverse("casebook:action_item_reopen", args=[item.pk]))
    assert AuditEvent.objects.filter(action="action_item_reopened").count() == 1


def test_who_may_not_reopen(client, sapporo_staff, ebetsu_staff):
    item = ActionItemFactory(owner=sapporo_staff)
    services.action_item_close(item=item, actor=sapporo_staff)
    client.force_login(ebetsu_staff)
    assert client.post(reverse("casebook:action_item_reopen", args=[item.pk])).status_code == 404
    assert ActionItem.objects.get().closed_at is not None
