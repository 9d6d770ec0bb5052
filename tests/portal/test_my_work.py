"""自分の申請・依頼: signed-in municipal staff find their way back to their own work from the
header and from my page, with counts of their municipality's work only."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from portal.models import Municipality
from tests.casebook.factories_challenges import ChallengeFactory
from tests.dispatch.factories import draft_request
from tests.factories import ConsultationFactory, UserFactory
from tests.grants.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

HEADER_LINK = "My applications and requests"


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def work(sapporo_staff, hakodate_staff):
    """Sapporo: 2 applications, 1 request, 3 consultations, 1 challenge. Hakodate has one of
    each, which Sapporo's staff must not count."""
    ApplicationFactory.create_batch(2)
    draft_request(sapporo_staff)
    ConsultationFactory.create_batch(3, asker=sapporo_staff)
    ChallengeFactory()
    hakodate = Municipality.objects.get(code="012025")
    ApplicationFactory(municipality=hakodate)
    draft_request(hakodate_staff)
    ConsultationFactory(asker=hakodate_staff)
    ChallengeFactory(municipality=hakodate)


def cards(response) -> dict[str, tuple[str, str]]:
    """key -> (href, text) of each card."""
    content = response.content.decode()
    found = re.findall(
        r'<li class="work-card" id="work-(\w+)">\s*<a href="([^"]+)">(.*?)</a>', content, re.S
    )
    return {
        key: (href, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip())
        for key, href, body in found
    }


def test_my_page_shows_a_card_per_kind_of_work_with_counts(client, sapporo_staff, work):
    client.force_login(sapporo_staff)
    found = cards(client.get(reverse("portal:mypage")))
    assert list(found) == ["applications", "requests", "consultations", "challenges", "notices"]
    assert found["applications"] == (
        reverse("grants:application_list"),
        "Grant applications 2 items",
    )
    assert found["requests"] == (reverse("dispatch:request_list"), "Support requests 1 item")
    assert found["consultations"] == (reverse("portal:consultation_list"), "Consultations 3 items")
    assert found["challenges"] == (reverse("casebook:challenge_list"), "Challenges 1 item")
    assert found["notices"] == (
        reverse("casebook:notice_inbox"),
        "Notices from the prefecture 0 items",
    )


def test_the_header_links_municipal_staff_to_their_work(client, sapporo_staff, work):
    client.force_login(sapporo_staff)
    response = client.get(reverse("portal:home"))
    content = response.content.decode()
    header = content.split("</header>")[0]
    assert f'<a href="{reverse("portal:my_work")}">{HEADER_LINK}</a>' in header
    page = client.get(reverse("portal:my_work"))
    assert page.status_code == 200
    assert cards(page)["consultations"][1] == "Consultations 3 items"


@pytest.mark.parametrize("traits", [{"ishikari_officer": True}, {"advisor": True}, {}])
def test_others_have_no_such_link_nor_cards(client, traits, work):
    client.force_login(UserFactory(**traits))
    content = client.get(reverse("portal:mypage")).content.decode()
    assert HEADER_LINK not in content
    assert "work-card" not in content
    response = client.get(reverse("portal:my_work"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:mypage")


def test_anonymous_visitors_see_no_link_and_are_sent_to_sign_in(client, work):
    assert HEADER_LINK not in client.get(reverse("portal:home")).content.decode()
    response = client.get(reverse("portal:my_work"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_my_page_queries_do_not_grow_with_the_work(
    client, sapporo_staff, work, django_assert_num_queries
):
    client.force_login(sapporo_staff)
    client.get(reverse("portal:mypage"))  # warm the per-process caches
    # Session, user, the page's own reads, the pillars' to-do items (the 協力隊 members whose
    # last report is missing: one more) and one count per card; the 決裁 waiting on them
    # (#20): their stand-in duties and the drafts, two more.
    with django_assert_num_queries(34) as captured:
        client.get(reverse("portal:mypage"))
    counts = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT COUNT")]
    assert len(counts) >= 4
    ApplicationFactory.create_batch(3)
    ConsultationFactory.create_batch(2, asker=sapporo_staff)
    ChallengeFactory.create_batch(2)
    with django_assert_num_queries(len(captured)):
        client.get(reverse("portal:mypage"))
