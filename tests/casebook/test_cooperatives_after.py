"""I3 after certification: notifications (届出) of name, officer or office changes within 30
days — the reminder (idempotent), the overdue flag, acceptance — and the annual report."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from casebook.models import ChangeNotification
from casebook.models.cooperative_changes import NotificationStatus
from casebook.services import cooperative_changes as changes
from casebook.tasks import send_cooperative_notification_reminders
from portal.japanese import fiscal_year, nendo
from portal.models import Bureau, Notification, Role
from tests.casebook import cooperative_helpers as h
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kamikawa_officer(db):
    return UserFactory(role=Role.BUREAU, is_staff=True, bureau=Bureau.objects.get(code="kamikawa"))


@pytest.fixture
def coop(hq_user):
    coop, _app = h.certified(hq_user)
    return coop


def _record(coop, *, days_ago=0, kind="officers"):
    return changes.notification_create(
        cooperative=coop,
        actor=coop.user,
        kind=kind,
        changed_on=timezone.localdate() - dt.timedelta(days=days_ago),
        new_value="代表理事 山田 太郎\n理事 鈴木 一郎",
    )


def test_a_notification_is_due_30_days_after_the_change(coop):
    n = _record(coop, days_ago=3)
    assert n.due_on == n.changed_on + dt.timedelta(days=30)
    assert not n.is_overdue()


def test_an_unfiled_notification_is_overdue_after_30_days(coop):
    n = _record(coop, days_ago=31)
    assert n.is_overdue()
    assert not n.is_overdue(today=n.due_on)


def test_a_notification_filed_late_stays_flagged(coop):
    n = _record(coop, days_ago=40)
    changes.notification_add_attachment(notification=n, actor=coop.user, upload=h.pdf())
    n = changes.notification_file(notification=n, actor=coop.user)
    assert n.status == NotificationStatus.FILED
    assert n.is_overdue()


def test_filing_needs_a_document(coop):
    n = _record(coop)
    with pytest.raises(ValidationError) as exc:
        changes.notification_file(notification=n, actor=coop.user)
    assert exc.value.code == "no_documents"


def test_only_a_certified_cooperative_notifies(hq_user):
    coop = h.cooperative(hq_user)
    with pytest.raises(ValidationError) as exc:
        _record(coop)
    assert exc.value.code == "not_certified"


def test_a_change_in_the_future_is_refused(coop):
    with pytest.raises(ValidationError) as exc:
        changes.notification_create(
            cooperative=coop,
            actor=coop.user,
            kind="name",
            changed_on=timezone.localdate() + dt.timedelta(days=1),
            new_value="新名称",
        )
    assert "changed_on" in exc.value.error_dict


def test_accepting_updates_the_register(coop, kamikawa_officer, ishikari_officer):
    n = _record(coop, kind="name")
    changes.notification_add_attachment(notification=n, actor=coop.user, upload=h.pdf())
    changes.notification_file(notification=n, actor=coop.user)
    with pytest.raises(PermissionDenied):
        changes.notification_accept(notification=n, actor=ishikari_officer)
    changes.notification_accept(notification=n, actor=kamikawa_officer)
    coop.refresh_from_db()
    assert coop.name == "代表理事 山田 太郎\n理事 鈴木 一郎"[:200]
    assert Notification.objects.filter(
        recipient=coop.user, kind="cooperative.notification_accepted"
    ).exists()


@pytest.mark.parametrize(("days_ago", "reminded"), [(23, 1), (29, 1), (30, 1), (31, 1), (20, 0)])
def test_reminders_fall_7_and_1_days_before_on_the_day_and_the_day_after(coop, days_ago, reminded):
    _record(coop, days_ago=days_ago)
    assert changes.notification_reminders_send() == reminded


def test_the_reminder_task_is_idempotent(
    coop, kamikawa_officer, django_capture_on_commit_callbacks
):
    n = _record(coop, days_ago=31)  # due yesterday: the cooperative and the bureau are told
    with django_capture_on_commit_callbacks(execute=True):
        assert send_cooperative_notification_reminders.delay().get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        send_cooperative_notification_reminders.delay().get()
    reminders = Notification.objects.filter(kind="cooperative.notification_reminder")
    assert reminders.count() == 1
    assert reminders.get().recipient == coop.user
    overdue = Notification.objects.filter(kind="cooperative.notification_overdue")
    assert list(overdue.values_list("recipient", flat=True)) == [kamikawa_officer.pk]
    subjects = [m.subject for m in mail.outbox]
    assert len([s for s in subjects if coop.name in s]) == 2
    # A filed notification is not reminded.
    changes.notification_add_attachment(notification=n, actor=coop.user, upload=h.pdf())
    changes.notification_file(notification=n, actor=coop.user)
    later = n.due_on + dt.timedelta(days=1)
    assert changes.notification_reminders_send(today=later) == 0


def test_the_task_takes_an_iso_date(coop):
    n = _record(coop, days_ago=0)
    day = (n.due_on - dt.timedelta(days=7)).isoformat()
    assert send_cooperative_notification_reminders(day) == 1
    assert send_cooperative_notification_reminders(day) == 1  # counted, but nothing sent twice
    assert Notification.objects.filter(kind="cooperative.notification_reminder").count() == 1


def test_the_beat_schedule_runs_the_reminders_daily():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "casebook.tasks.send_cooperative_notification_reminders" in tasks


def test_overdue_shows_on_the_cooperatives_page(client, coop):
    _record(coop, days_ago=35)
    client.force_login(coop.user)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("casebook:cooperative_home"))
    assert "Overdue" in response.content.decode()


@pytest.mark.parametrize(("days_ago", "late"), [(29, False), (30, False), (31, True)])
def test_a_late_notification_is_not_told_to_file_by_a_past_date(client, coop, days_ago, late):
    """Due 30 days after the change: on the day and before, 「提出期限」 and the date; the day
    after, the page says the deadline has passed instead of asking to file by it."""
    n = _record(coop, days_ago=days_ago)
    client.force_login(coop.user)
    page = client.get(reverse("casebook:cooperative_notification_detail", args=[n.pk]))
    text = page.content.decode()
    assert ("を過ぎています" in text) is late
    assert ("提出期限" in text) is not late  # "file by" only while the date is ahead


def test_notification_pages_and_scope(client, coop, hq_user):
    client.force_login(coop.user)
    url = reverse("casebook:cooperative_notification_create")
    bad = client.post(url, {"kind": "office", "changed_on": "2026-13-01", "new_value": "新事務所"})
    assert bad.status_code == 200 and bad.context["form"].errors
    assert "新事務所" in bad.content.decode()
    changed = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
    response = client.post(url, {"kind": "office", "changed_on": changed, "new_value": "新事務所"})
    assert response.status_code == 302
    n = ChangeNotification.objects.get()
    detail = reverse("casebook:cooperative_notification_detail", args=[n.pk])
    refused = client.post(detail, {"action": "file"})
    assert refused.status_code == 200 and refused.context["form"].errors
    filed = client.post(detail, {"action": "file", "files": h.pdf("minutes.pdf")})
    assert filed.status_code == 302
    n.refresh_from_db()
    assert n.status == NotificationStatus.FILED
    other = h.cooperative(hq_user, name="別の組合")
    client.force_login(other.user)
    assert client.get(detail).status_code == 404


def test_admin_notifications_scoped_to_the_bureau(client, coop, kamikawa_officer, ishikari_officer):
    n = _record(coop, days_ago=35)
    url = reverse("admin:casebook_changenotification_change", args=[n.pk])
    client.force_login(ishikari_officer)
    assert client.get(url).status_code == 404
    client.force_login(kamikawa_officer)
    assert client.get(url).status_code == 200
    listing = client.get(reverse("admin:casebook_changenotification_changelist"))
    assert listing.status_code == 200


def test_annual_report_once_a_year(client, coop):
    client.force_login(coop.user)
    url = reverse("casebook:cooperative_annual_report_create")
    assert client.get(url).status_code == 200
    data = {"fiscal_year": "２０２５", "summary": "派遣実績 延べ120日"}
    response = client.post(url, {**data, "files": h.pdf("report.pdf")})
    assert response.status_code == 302
    assert coop.annual_reports.get().fiscal_year == 2025
    again = client.post(url, {**data, "files": h.pdf("report.pdf")})
    assert again.status_code == 200
    assert again.context["form"].errors["fiscal_year"]


def test_the_report_year_is_chosen_by_its_reiwa_name(client, coop):
    """年度 is a choice of 令和 names (「令和7年度」), last 年度 chosen, never a typed 西暦
    number; a year outside the list is an error on the form, not a 500."""
    client.force_login(coop.user)
    url = reverse("casebook:cooperative_annual_report_create")
    page = client.get(url).content.decode()
    select = re.search(r'<select name="fiscal_year".*?</select>', page, re.S).group(0)
    last = fiscal_year() - 1
    assert re.search(rf'<option value="{last}" selected>{nendo(last)}</option>', select)
    assert '<option value="2019">' in select and 'type="number"' not in page
    bad = client.post(url, {"fiscal_year": "2018", "files": h.pdf("report.pdf")})
    assert bad.status_code == 200 and bad.context["form"].errors["fiscal_year"]


def test_admin_overdue_filter(client, coop, hq_user):
    late = _record(coop, days_ago=35)
    _record(coop, days_ago=2)
    client.force_login(hq_user)
    url = reverse("admin:casebook_changenotification_changelist")
    response = client.get(url, {"overdue": "yes"})
    assert [n.pk for n in response.context["cl"].result_list] == [late.pk]
    assert len(client.get(url, {"overdue": "no"}).context["cl"].result_list) == 1
