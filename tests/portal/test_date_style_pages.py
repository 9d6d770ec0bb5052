"""Histories, lists and mails write dates one way: 令和8年（2026年）8月1日 and 令和8年12月5日
14:02. No ISO date (2026-08-01) in what a reader sees; machine formats stay in attributes."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.urls import reverse

from dispatch.services import volunteers as volunteer_services
from portal.services import consultations as services
from tests.dispatch.test_kyoryokutai_factories import TOBETSU, make_volunteer, today, town
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
REIWA_DATE = re.compile(r"令和(元|\d+)年（\d{4}年）\d{1,2}月\d{1,2}日")
REIWA_TIMESTAMP = re.compile(r"令和(元|\d+)年\d{1,2}月\d{1,2}日 \d{2}:\d{2}")


class _VisibleText(HTMLParser):
    """The text a reader sees: no tags, attributes (input values, datetime=…), scripts."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style", "template")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style", "template") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(response) -> str:
    assert response.status_code == 200
    parser = _VisibleText()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


def assert_one_style(text: str, *patterns):
    assert not ISO_DATE.findall(text), f"ISO dates in: {text[:2000]}"
    for pattern in patterns:
        assert pattern.search(text), f"no {pattern.pattern} in: {text[:2000]}"


@pytest.fixture
def answered(consultation, ishikari_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_reply(
            consultation=consultation, actor=ishikari_officer, body="締切は6月30日です。"
        )
    return consultation


def test_a_consultations_history_and_the_list_show_reiwa_dates(client, answered):
    client.force_login(answered.asker)
    detail = visible_text(client.get(reverse("portal:consultation_detail", args=[answered.pk])))
    assert_one_style(detail, REIWA_TIMESTAMP)
    listing = visible_text(client.get(reverse("portal:consultation_list")))
    assert_one_style(listing, REIWA_DATE)


def test_the_notification_list_shows_timestamps_and_keeps_the_machine_time(client, answered):
    client.force_login(answered.asker)
    response = client.get("/notifications/")
    assert_one_style(visible_text(response), REIWA_TIMESTAMP)
    # The <time datetime="…"> attribute keeps the machine format.
    assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}T', response.content.decode())


def test_the_english_ui_gets_an_english_date_from_the_same_filter(client, answered):
    client.force_login(answered.asker)
    client.cookies["django_language"] = "en"
    text = visible_text(client.get("/notifications/"))
    assert not ISO_DATE.findall(text)
    assert re.search(r"\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2}", text)


def test_an_invitation_mail_and_the_invitation_list(
    client, sapporo_staff, django_capture_on_commit_callbacks
):
    client.force_login(sapporo_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portal:group_invitation_create"),
            {"group_name": "札幌まちづくり協議会", "email": "group@example.jp"},
        )
    [message] = mail.outbox
    assert_one_style(message.subject + message.body, REIWA_TIMESTAMP)
    assert_one_style(visible_text(client.get(reverse("portal:group_list"))), REIWA_DATE)


def test_a_reminder_mail_writes_the_date_in_the_recipients_language(
    ishikari_officer, django_capture_on_commit_callbacks
):
    staff = UserFactory(role="municipal", municipality=town(TOBETSU))
    english = UserFactory(role="municipal", municipality=town(TOBETSU), language="en")
    volunteer = make_volunteer(staff, term_start=today() - DAY * 1000, term_end=today() + DAY * 90)
    with django_capture_on_commit_callbacks(execute=True):
        volunteer_services.volunteer_term_end_reminders_send()
    by_recipient = {m.to[0]: m for m in mail.outbox}
    japanese = by_recipient[staff.email]
    assert_one_style(japanese.subject + japanese.body, REIWA_DATE)
    day = volunteer.term_end
    expected = f"{day.day} {day:%B} {day.year}"
    assert expected in by_recipient[english.email].subject
    assert not ISO_DATE.findall(by_recipient[english.email].body)
