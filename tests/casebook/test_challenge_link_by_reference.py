"""Linking support to a challenge (admin) by the number people see: a dispatch request's
reference number R8-石狩-派0003 (however it is typed), a consultation's C number, or the
number of a page; unknown and out-of-scope numbers are refused alike, with the typed text
kept. A case study's funding source takes a decided grant's reference number the same way."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from casebook.models import ChallengeLink, LinkKind
from tests.casebook.factories import CaseStudyFactory
from tests.casebook.factories_challenges import ChallengeFactory
from tests.casebook.test_admin import case_form, change_url
from tests.dispatch.factories import submitted_request

pytestmark = pytest.mark.django_db

NOT_FOUND = "Reference number {} was not found."


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def challenge(ishikari_officer, client):
    client.force_login(ishikari_officer)
    return ChallengeFactory()


def link(client, challenge, kind, typed):
    return client.post(
        reverse("admin:casebook_challenge_link", args=[challenge.pk]),
        {"kind": kind, "target_id": typed, "note": ""},
    )


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def test_a_dispatch_request_is_linked_by_its_reference_number(client, challenge, sapporo_staff):
    request = submitted_request(sapporo_staff)
    assert request.reference.startswith("R") and "-石狩-派" in request.reference
    response = link(client, challenge, "dispatch_request", request.reference)
    assert response.status_code == 302
    linked = ChallengeLink.objects.get()
    assert (linked.kind, linked.target_id) == (LinkKind.DISPATCH_REQUEST, str(request.pk))
    assert linked.url == reverse("dispatch:request_detail", args=[request.pk])


def test_a_full_width_number_links_the_request_whatever_kind_was_left_chosen(
    client, challenge, sapporo_staff
):
    request = submitted_request(sapporo_staff)
    typed = full_width(request.reference).lower()
    assert link(client, challenge, "call", typed).status_code == 302
    linked = ChallengeLink.objects.get()
    assert (linked.kind, linked.target_id) == (LinkKind.DISPATCH_REQUEST, str(request.pk))


def test_a_consultation_is_linked_by_its_c_number(client, challenge, consultation):
    assert link(client, challenge, "consultation", consultation.reference).status_code == 302
    assert ChallengeLink.objects.get().target_id == str(consultation.pk)


def test_a_case_study_is_still_linked_by_the_number_of_its_page(client, challenge):
    case = CaseStudyFactory(published=True)
    assert link(client, challenge, "case_study", full_width(str(case.pk))).status_code == 302
    assert ChallengeLink.objects.get().target_id == str(case.pk)


def test_unknown_and_out_of_scope_numbers_get_the_same_message_and_keep_the_input(
    client, challenge, hakodate_staff
):
    elsewhere = submitted_request(hakodate_staff)  # 渡島: not the Ishikari officer's
    for typed in ("Ｒ８－石狩－派９９９９", elsewhere.reference):
        response = link(client, challenge, "dispatch_request", typed)
        assert response.status_code == 200
        html = response.content.decode()
        assert NOT_FOUND.format(typed) in html
        assert f'value="{typed}"' in html
    assert not ChallengeLink.objects.exists()


def test_a_decided_grant_is_named_by_its_reference_number_typed_full_width(
    client, ishikari_officer
):
    from tests.grants.factories import ApplicationFactory

    application = ApplicationFactory(
        status="approved",
        reference="R8-石狩-0009",
        approved_amount=600_000,
        submitted_at=timezone.now(),
    )
    draft = CaseStudyFactory()
    client.force_login(ishikari_officer)
    data = case_form(municipality="011002", title=draft.title)
    data.update(
        {
            "funding_sources-TOTAL_FORMS": "1",
            "funding_sources-0-name": "",
            "funding_sources-0-amount": "",
            "funding_sources-0-grant_reference": "ｒ８－石狩－０００９",
            "funding_sources-0-url": "",
            "funding_sources-0-order": "0",
        }
    )
    assert client.post(change_url(draft), data).status_code == 302
    source = draft.funding_sources.get()
    assert source.grant_reference == "R8-石狩-0009"  # stored as the grant has it
    assert source.grant_application_id == application.pk
    assert source.amount == 600_000
