"""Official notices as PDF (WeasyPrint): what they say, and their gap-free 文書番号."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from grants.models import Notice
from grants.services import after, applications, review
from portal.japanese import wareki_date
from portal.models import Bureau, Municipality, Role
from tests.factories import UserFactory
from tests.grants.factories import AllocationFactory, ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db


CONFIRMED = {"preview-confirmed": "on"}


def _pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF")
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _notice_pdf(client, notice: Notice) -> str:
    url = reverse("admin:grants_application_notice", args=[notice.application_id, notice.pk])
    return _pdf_text(client.get(url))


def _submit(application, actor):
    """Submitted, and under review by an officer of its bureau: ready for a decision."""
    submitted = applications.application_submit(application=application, actor=actor)
    officer = UserFactory(role=Role.BUREAU, is_staff=True, bureau=submitted.bureau)
    return review.application_start_review(application=submitted, actor=officer)


def _decide(client, application, capture, *, amount="600,000", conditions=""):
    """Approve through the admin; the notice's PDF is rendered by the task after commit."""
    with capture(execute=True):  # leaving the block runs the callbacks, even on return
        return client.post(
            reverse("admin:grants_application_approve", args=[application.pk]),
            {"amount": amount, "conditions": conditions, **CONFIRMED},
        )


@pytest.fixture
def officer_client(client, ishikari_officer):
    client.force_login(ishikari_officer)
    return client


@pytest.fixture
def submitted(draft, sapporo_staff):
    return _submit(draft, sapporo_staff)


def test_the_decision_notice_states_number_date_amount_addressee_and_issuer(
    officer_client, submitted, allocation, django_capture_on_commit_callbacks
):
    response = _decide(
        officer_client,
        submitted,
        django_capture_on_commit_callbacks,
        conditions="年度内に完了すること",
    )
    assert response.status_code == 302
    notice = submitted.notices.get()
    assert notice.kind == Notice.Kind.DECISION
    text = _notice_pdf(officer_client, notice)
    for words in (
        "交付決定通知書",
        "石振地第1号",
        wareki_date(timezone.localdate(), language="ja"),
        "600,000円",
        "札幌市長",
        "石狩振興局長",
        "商店街キャッシュレス推進事業",
        "年度内に完了すること",
        submitted.reference,
    ):
        assert words in text, words


def test_the_non_grant_notice(officer_client, submitted, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(
            reverse("admin:grants_application_reject", args=[submitted.pk]),
            {"reason": "他の事業で同様の取組が行われているため", **CONFIRMED},
        )
    notice = submitted.notices.get()
    assert notice.kind == Notice.Kind.REJECTION
    text = _notice_pdf(officer_client, notice)
    for words in (
        "不交付決定通知書",
        "石振地第1号",
        wareki_date(timezone.localdate(), language="ja"),
        "600,000円",  # the requested amount
        "他の事業で同様の取組が行われているため",
        "札幌市長",
        "石狩振興局長",
    ):
        assert words in text, words


def test_the_fixed_amount_notice(
    officer_client, submitted, allocation, sapporo_staff, django_capture_on_commit_callbacks
):
    _decide(officer_client, submitted, django_capture_on_commit_callbacks)
    submitted.refresh_from_db()
    after.report_submit(
        application=submitted,
        actor=sapporo_staff,
        completed_on=dt.date(2027, 2, 20),
        summary="導入支援を実施した。",
        kpi_result="64店舗",
        actuals={line.pk: int(line.amount * 0.9) for line in submitted.budget_lines.all()},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            reverse("admin:grants_application_fix_amount", args=[submitted.pk]), CONFIRMED
        )
    assert response.status_code == 302
    notice = submitted.notices.get(kind=Notice.Kind.AMOUNT_FIXED)
    text = _notice_pdf(officer_client, notice)
    for words in (
        "額の確定通知書",
        "石振地第2号",
        "石振地第1号",  # the decision it settles
        wareki_date(timezone.localdate(), language="ja"),
        "1,080,000円",  # eligible actual cost
        "500,000円",  # the fixed amount
        "600,000円",  # the decided amount
        "札幌市長",
        "石狩振興局長",
    ):
        assert words in text, words


def test_numbers_are_gap_free_and_consecutive_per_bureau_and_year(
    client,
    officer_client,
    ishikari_officer,
    submitted,
    sapporo_staff,
    ebetsu_staff,
    hakodate_staff,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    AllocationFactory(amount=1_000_000)
    # A decision that fails (above the maximum) takes no number.
    response = _decide(officer_client, submitted, capture, amount="700,000")
    assert response.status_code == 200
    assert not Notice.objects.exists()

    _decide(officer_client, submitted, capture)  # 第1号
    ebetsu = _submit(
        ApplicationFactory(
            call=submitted.call,
            municipality=Municipality.objects.get(code="012173"),
            created_by=ebetsu_staff,
        ),
        ebetsu_staff,
    )
    # Above what remains of the allocation: refused, no number used.
    assert _decide(officer_client, ebetsu, capture).status_code == 200
    with capture(execute=True):
        officer_client.post(
            reverse("admin:grants_application_reject", args=[ebetsu.pk]),
            {"reason": "配当額の範囲を超えるため", **CONFIRMED},
        )  # 第2号
    assert [n.document_number for n in Notice.objects.order_by("pk")] == [
        "石振地第1号",
        "石振地第2号",
    ]

    # Another bureau counts from 1 with its own prefix.
    oshima = Bureau.objects.get(code="oshima")
    AllocationFactory(bureau=oshima)
    hakodate = _submit(
        ApplicationFactory(
            call=CallFactory(bureau=oshima),
            municipality=Municipality.objects.get(code="012025"),
            created_by=hakodate_staff,
        ),
        hakodate_staff,
    )
    client.force_login(UserFactory(oshima_officer=True))
    _decide(client, hakodate, capture)
    assert hakodate.notices.get().document_number == "渡振地第1号"

    # The next 年度 of 石狩 starts again at 1.
    AllocationFactory(fiscal_year=2027)
    next_year = _submit(
        ApplicationFactory(call=CallFactory(fiscal_year=2027), created_by=sapporo_staff),
        sapporo_staff,
    )
    client.force_login(ishikari_officer)
    _decide(client, next_year, capture)
    assert next_year.notices.get().document_number == "石振地第1号"
    ishikari = Notice.objects.filter(application__bureau__code="ishikari").order_by("pk")
    assert [(n.application.fiscal_year, n.number) for n in ishikari] == [
        (2026, 1),
        (2026, 2),
        (2027, 1),
    ]
    text = _notice_pdf(client, next_year.notices.get())
    assert "石振地第1号" in text
    assert "令和9年度" in text
