"""Liaison meetings: action items sit on their owner's to-do list until closed; minutes
show on the public site only when made public; pages and files are scoped (404)."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from casebook.models import ActionItem, LiaisonMeeting
from casebook.services import meetings as services
from portal.registry import todos_for
from tests.casebook.factories_challenges import ActionItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def pdf(name="資料.pdf"):
    return SimpleUploadedFile(
        name,
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n",
    )


def new_item(meeting, owner, title="照会に回答する"):
    return ActionItem(
        meeting=meeting,
        title=title,
        owner=owner,
        due_date=timezone.localdate() + dt.timedelta(days=10),
    )


def test_an_action_item_is_on_the_owners_to_do_list_until_closed(
    ishikari_officer, sapporo_staff, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory()
    with django_capture_on_commit_callbacks(execute=True):
        item = services.action_item_save(
            item=new_item(meeting, sapporo_staff), actor=ishikari_officer
        )
    assert [m.to for m in mail.outbox] == [[sapporo_staff.email]]
    todo = [t for t in todos_for(sapporo_staff) if "照会に回答する" in t.title]
    assert len(todo) == 1 and todo[0].url == meeting.get_absolute_url()
    assert todo[0].due == item.due_date
    services.action_item_close(item=item, actor=sapporo_staff)
    services.action_item_close(item=item, actor=sapporo_staff)  # twice: harmless
    assert not [t for t in todos_for(sapporo_staff) if "照会に回答する" in t.title]
    item.refresh_from_db()
    assert item.closed_by == sapporo_staff


def test_the_owner_must_belong_to_the_meeting(ishikari_officer, hakodate_staff, oshima_officer):
    meeting = MeetingFactory()
    for outsider in (hakodate_staff, oshima_officer):
        with pytest.raises(ValidationError) as error:
            services.action_item_save(item=new_item(meeting, outsider), actor=ishikari_officer)
        assert error.value.error_dict["owner"][0].code == "owner_out_of_scope"
    with pytest.raises(PermissionDenied):
        services.action_item_save(item=new_item(meeting, oshima_officer), actor=oshima_officer)


def test_who_may_close_an_action_item(client, ishikari_officer, sapporo_staff, ebetsu_staff):
    item = ActionItemFactory(owner=sapporo_staff)
    with pytest.raises(PermissionDenied):
        services.action_item_close(item=item, actor=ebetsu_staff)
    client.force_login(ebetsu_staff)  # not invited: the item is not found
    assert client.post(reverse("casebook:action_item_close", args=[item.pk])).status_code == 404
    client.force_login(ishikari_officer)
    response = client.post(reverse("casebook:action_item_close", args=[item.pk]))
    assert response.status_code == 302
    assert ActionItem.objects.get().closed_at is not None


def test_minutes_are_public_only_when_marked(client, ishikari_officer):
    meeting = MeetingFactory(minutes="公開する議事録")
    hidden = MeetingFactory(title="内部の会議", minutes="非公開の議事録")
    public_list = reverse("casebook:minutes_list")
    assert client.get(reverse("casebook:minutes_detail", args=[meeting.pk])).status_code == 404
    assert meeting.title not in client.get(public_list).content.decode()
    services.meeting_publish_minutes(meeting=meeting, actor=ishikari_officer)
    html = client.get(public_list).content.decode()
    assert meeting.title in html and hidden.title not in html
    detail = client.get(reverse("casebook:minutes_detail", args=[meeting.pk]))
    assert detail.status_code == 200 and "公開する議事録" in detail.content.decode()
    assert client.get(reverse("casebook:minutes_detail", args=[hidden.pk])).status_code == 404
    services.meeting_unpublish_minutes(meeting=meeting, actor=ishikari_officer, reason="誤記")
    assert client.get(reverse("casebook:minutes_detail", args=[meeting.pk])).status_code == 404


def test_empty_minutes_cannot_be_made_public(ishikari_officer, oshima_officer):
    meeting = MeetingFactory(minutes="")
    with pytest.raises(ValidationError) as error:
        services.meeting_publish_minutes(meeting=meeting, actor=ishikari_officer)
    assert error.value.code == "no_minutes"
    other = MeetingFactory()
    with pytest.raises(PermissionDenied):
        services.meeting_publish_minutes(meeting=other, actor=oshima_officer)
    assert not LiaisonMeeting.objects.filter(minutes_public=True).exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("sapporo_staff", 200),  # invited
        ("ishikari_officer", 200),
        ("hq_user", 200),
        ("ebetsu_staff", 404),  # same bureau, not invited
        ("hakodate_staff", 404),
        ("oshima_officer", 404),
        ("advisor", 404),
    ],
)
def test_the_meeting_page_by_role(client, request, role, status):
    meeting = MeetingFactory()
    client.force_login(request.getfixturevalue(role))
    assert client.get(meeting.get_absolute_url()).status_code == status


@pytest.mark.parametrize(("role", "status"), [("ishikari_officer", 200), ("oshima_officer", 404)])
def test_the_meeting_admin_by_role(client, request, role, status):
    meeting = MeetingFactory()
    client.force_login(request.getfixturevalue(role))
    url = reverse("admin:casebook_liaisonmeeting_change", args=[meeting.pk])
    assert client.get(url).status_code == status


def test_attachments_are_scoped(client, ishikari_officer, sapporo_staff, ebetsu_staff):
    meeting = MeetingFactory()
    client.force_login(ishikari_officer)
    response = client.post(
        reverse("casebook:meeting_upload", args=[meeting.pk]), {"documents": pdf()}
    )
    assert response.status_code == 302
    from portal.services.attachments import attachments_of

    attachment = attachments_of(meeting).get()
    url = reverse("portal:attachment_download", args=[attachment.pk])
    client.force_login(sapporo_staff)
    assert client.get(url).status_code == 200
    client.force_login(ebetsu_staff)
    assert client.get(url).status_code == 404
    # Invited staff read the files but cannot add any.
    client.force_login(sapporo_staff)
    response = client.post(
        reverse("casebook:meeting_upload", args=[meeting.pk]), {"documents": pdf()}
    )
    assert response.status_code == 404


def test_a_bad_file_is_refused_with_a_message(client, ishikari_officer):
    meeting = MeetingFactory()
    client.force_login(ishikari_officer)
    bad = SimpleUploadedFile("x.exe", b"MZ\x90\x00binary")
    response = client.post(
        reverse("casebook:meeting_upload", args=[meeting.pk]), {"documents": bad}
    )
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()


def test_the_admin_records_a_meeting_with_an_action_item(client, ishikari_officer, sapporo_staff):
    client.force_login(ishikari_officer)
    data = {
        "title": "連携会議",
        "date": timezone.localdate().isoformat(),
        "place": "会議室",
        "invited_municipalities": ["011002"],
        "invited_organisations": "商工会",
        "agenda": "議題",
        "attendance": "",
        "minutes": "",
        "action_items-TOTAL_FORMS": "1",
        "action_items-INITIAL_FORMS": "0",
        "action_items-MIN_NUM_FORMS": "0",
        "action_items-MAX_NUM_FORMS": "1000",
        "action_items-0-title": "回答する",
        "action_items-0-owner": str(ishikari_officer.pk),
        "action_items-0-due_date": timezone.localdate().isoformat(),
    }
    response = client.post(reverse("admin:casebook_liaisonmeeting_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = LiaisonMeeting.objects.get()
    assert meeting.bureau_id == ishikari_officer.bureau_id
    assert meeting.action_items.get().owner == ishikari_officer


def test_the_meeting_list_query_count_does_not_grow(client, ishikari_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    MeetingFactory()
    client.force_login(ishikari_officer)
    url = reverse("casebook:meeting_list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        ActionItemFactory(owner=ishikari_officer)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_the_public_minutes_list_costs_two_queries(
    client, ishikari_officer, django_assert_num_queries
):
    for _ in range(3):
        services.meeting_publish_minutes(meeting=MeetingFactory(), actor=ishikari_officer)
    with django_assert_num_queries(2):  # count + page
        client.get(reverse("casebook:minutes_list"))


def test_the_meeting_list_shows_only_invitations(client, sapporo_staff, ebetsu_staff):
    MeetingFactory(title="札幌を招いた会議")
    MeetingFactory(title="江別を招いた会議", invited=["012173"])
    client.force_login(sapporo_staff)
    html = client.get(reverse("casebook:meeting_list")).content.decode()
    assert "札幌を招いた会議" in html and "江別を招いた会議" not in html
