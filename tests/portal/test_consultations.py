import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.models import Attachment, Consultation, ConsultationCategory
from portal.services import consultations as services
from tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"


def test_municipal_staff_open_a_consultation_from_the_web_form(
    client, sapporo_staff, ishikari_officer, oshima_officer, django_capture_on_commit_callbacks
):
    client.force_login(sapporo_staff)
    category = ConsultationCategory.objects.get(code="national-grants")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:consultation_create"),
            {
                "category": category.pk,
                "subject": "地方創生推進交付金の締切",
                "question": "今年度の締切はいつですか。",
                "attachments": [SimpleUploadedFile("事業概要.pdf", PDF)],
            },
        )
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:consultation_detail", args=[consultation.pk])
    assert consultation.bureau.code == "ishikari"
    assert consultation.municipality.code == "011002"
    assert Attachment.objects.get().original_name == "事業概要.pdf"
    assert [m.to for m in mail.outbox] == [[ishikari_officer.email]]


def test_hq_run_categories_go_to_hq(sapporo_staff, hq_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        consultation = services.consultation_open(
            actor=sapporo_staff,
            category=ConsultationCategory.objects.get(code="kyoryokutai"),
            subject="協力隊の募集",
            question="募集要項の書き方",
        )
    assert consultation.bureau is None
    assert mail.outbox[0].to == [hq_user.email]


def test_officer_answers_on_the_page_and_the_asker_is_notified(
    client, consultation, ishikari_officer, django_capture_on_commit_callbacks
):
    client.force_login(ishikari_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:consultation_detail", args=[consultation.pk]),
            {"body": "締切は6月30日です。"},
        )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == "answered"
    assert consultation.assigned_to == ishikari_officer
    assert consultation.answered_at is not None
    assert mail.outbox[-1].to == [consultation.asker.email]
    assert "締切は6月30日です。" in mail.outbox[-1].body


def test_officer_answers_in_the_admin(
    client, consultation, ishikari_officer, django_capture_on_commit_callbacks
):
    client.force_login(ishikari_officer)
    url = reverse("admin:portal_consultation_change", args=[consultation.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "assigned_to": ishikari_officer.pk,
                "answer": "管理画面からの回答です。",
                "replies-TOTAL_FORMS": "0",
                "replies-INITIAL_FORMS": "0",
                "replies-MIN_NUM_FORMS": "0",
                "replies-MAX_NUM_FORMS": "1000",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    consultation.refresh_from_db()
    assert consultation.status == "answered"
    assert consultation.replies.get().body == "管理画面からの回答です。"
    assert mail.outbox[-1].to == [consultation.asker.email]


def test_follow_up_reopens_and_closing_stops_replies(
    consultation, ishikari_officer, django_capture_on_commit_callbacks
):
    asker = consultation.asker
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_reply(consultation=consultation, actor=ishikari_officer, body="回答")
        services.consultation_reply(consultation=consultation, actor=asker, body="追加の質問")
    consultation.refresh_from_db()
    assert consultation.status == "open"
    assert mail.outbox[-1].to == [ishikari_officer.email]  # assigned officer gets follow-ups
    services.consultation_close(consultation=consultation, actor=asker)
    consultation.refresh_from_db()
    assert consultation.status == "closed"
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.consultation_reply(consultation=consultation, actor=asker, body="まだ")


def test_colleagues_of_the_same_municipality_can_follow_up(consultation, django_user_model):
    from tests.factories import UserFactory

    colleague = UserFactory(sapporo=True)
    services.consultation_reply(consultation=consultation, actor=colleague, body="補足します")
    assert consultation.replies.get().from_desk is False


def test_another_bureau_cannot_answer(consultation, oshima_officer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.consultation_reply(consultation=consultation, actor=oshima_officer, body="x")


def test_closing_from_the_page_and_illegal_move_message(client, consultation):
    client.force_login(consultation.asker)
    url = reverse("portal:consultation_action", args=[consultation.pk])
    client.post(url, {"action": "close"})
    consultation.refresh_from_db()
    assert consultation.status == "closed"
    response = client.post(url, {"action": "close"}, follow=True)
    assert response.status_code == 200
    response = client.post(url, {"action": "nonsense"}, follow=True)
    assert "現在の状態ではこの操作はできません" in response.content.decode()


def test_empty_message_shows_the_form_again(client, consultation):
    client.force_login(consultation.asker)
    response = client.post(
        reverse("portal:consultation_detail", args=[consultation.pk]), {"body": ""}
    )
    assert response.status_code == 200
    assert "エラー：" in response.content.decode()


def test_a_bad_upload_keeps_the_typed_question(client, sapporo_staff):
    client.force_login(sapporo_staff)
    category = ConsultationCategory.objects.get(code="general")
    response = client.post(
        reverse("portal:consultation_create"),
        {
            "category": category.pk,
            "subject": "件名はここ",
            "question": "質問の本文はここ",
            "attachments": [SimpleUploadedFile("ウイルス.pdf", b"MZ\x90\x00 not a pdf")],
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="件名はここ"' in html and "質問の本文はここ" in html
    assert "受け付けていない種類" in html
    assert Consultation.objects.count() == 0


def test_consultation_list_query_count_does_not_grow(
    client, ishikari_officer, sapporo_staff, django_assert_num_queries
):
    ConsultationFactory(asker=sapporo_staff)
    client.force_login(ishikari_officer)
    # 9 with the choice of the bureau's municipalities (the 年度 and place filters).
    with django_assert_num_queries(9):
        client.get(reverse("portal:consultation_list"))
    for _ in range(10):
        ConsultationFactory(asker=sapporo_staff)
    with django_assert_num_queries(9):
        response = client.get(reverse("portal:consultation_list"))
    assert response.context["page"].paginator.count == 11


def test_guest_thread_needs_the_private_token(client, consultation):
    assert client.get(reverse("portal:consultation_guest", args=["x" * 32])).status_code == 404
    response = client.get(reverse("portal:consultation_guest", args=[consultation.access_token]))
    assert response.status_code == 200
    assert consultation.subject in response.content.decode()


def test_the_general_form_does_not_offer_a_survey_s_own_category(client, sapporo_staff):
    """A question about a survey is asked from the survey's page, which links it; the
    general form neither lists that category nor accepts it, and keeps what was typed."""
    client.force_login(sapporo_staff)
    survey = ConsultationCategory.objects.get(code="survey")
    page = client.get(reverse("portal:consultation_create")).content.decode()
    assert f'value="{survey.pk}"' not in page
    assert f'value="{ConsultationCategory.objects.get(code="general").pk}"' in page
    response = client.post(
        reverse("portal:consultation_create"),
        {"category": survey.pk, "subject": "照会の件", "question": "回答期限を教えてください。"},
    )
    assert response.status_code == 200
    assert not Consultation.objects.exists()
    assert "回答期限を教えてください。" in response.content.decode()
    assert response.context["form"].errors["category"]
