"""``dispatch.api``: what the dispatch pillar publishes for the other pillars returns plain
frozen dataclasses (never models or querysets), keeps the dispatch pillar's scope (a user out
of scope gets nothing), and the casebook's challenge pages built on it show what they showed
before."""

import dataclasses

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casebook.models import LinkKind
from casebook.services import challenges as challenge_services
from dispatch import api
from portal import registry
from tests.casebook.factories_challenges import ChallengeFactory
from tests.dispatch.factories import PersonFactory, submitted_request

pytestmark = pytest.mark.django_db


def plain(value) -> bool:
    return (
        dataclasses.is_dataclass(value)
        and value.__dataclass_params__.frozen
        and not any(
            hasattr(getattr(value, f.name), "_meta") or hasattr(getattr(value, f.name), "query")
            for f in dataclasses.fields(value)
        )
    )


def test_a_request_is_seen_by_its_municipality_and_bureau_only(
    sapporo_staff, ebetsu_staff, ishikari_officer, oshima_officer
):
    request = submitted_request(sapporo_staff)
    for user in (sapporo_staff, ishikari_officer):
        found = api.request_visible_to(user, request.pk)
        assert plain(found)
        assert found == api.RequestSummary(
            id=request.pk,
            title=str(request),
            url=reverse("dispatch:request_detail", args=[request.pk]),
        )
    assert api.request_visible_to(ebetsu_staff, request.pk) is None
    assert api.request_visible_to(oshima_officer, request.pk) is None
    assert api.request_visible_to(ishikari_officer, 999_999) is None
    assert registry.page_url("dispatch.request", request.pk) == found.url


def test_a_person_is_seen_by_staff_and_by_themselves_only(advisor, ishikari_officer, sapporo_staff):
    person = PersonFactory(user=advisor, name="助言 五月", organisation="株式会社サンプル")
    found = api.person_visible_to(ishikari_officer, person.pk)
    assert plain(found)
    assert (found.id, found.name, found.label) == (
        person.pk,
        "助言 五月",
        "助言 五月（株式会社サンプル）",
    )
    assert found.url == reverse("dispatch:person_detail", args=[person.pk])
    assert api.person_visible_to(advisor, person.pk) == found
    assert api.person_visible_to(sapporo_staff, person.pk) is None
    assert registry.page_url("dispatch.person", person.pk) == found.url


def test_the_challenge_page_shows_a_linked_request_and_advisor(
    client, sapporo_staff, ishikari_officer, advisor
):
    challenge = ChallengeFactory(submitted_by=sapporo_staff)
    request = submitted_request(sapporo_staff)
    person = PersonFactory(user=advisor, name="助言 五月", organisation="")
    by_request = challenge_services.challenge_link(
        challenge=challenge,
        actor=ishikari_officer,
        kind=LinkKind.DISPATCH_REQUEST,
        target_id=request.pk,
    )
    by_person = challenge_services.challenge_link(
        challenge=challenge, actor=ishikari_officer, kind=LinkKind.ADVISOR, target_id=person.pk
    )
    assert by_request.label == str(request) and by_person.label == "助言 五月"
    client.force_login(sapporo_staff)
    html = client.get(challenge.get_absolute_url()).content.decode()
    assert reverse("dispatch:request_detail", args=[request.pk]) in html
    assert "助言 五月" in html
    # The advisor's roster page is linked for the bureau's staff only.
    assert reverse("dispatch:person_detail", args=[person.pk]) not in html
    client.force_login(ishikari_officer)
    html = client.get(challenge.get_absolute_url()).content.decode()
    assert reverse("dispatch:person_detail", args=[person.pk]) in html


def test_a_request_out_of_the_officers_scope_cannot_be_linked(
    sapporo_staff, hakodate_staff, oshima_officer
):
    """The 渡島 officer answering a 函館 challenge cannot link a 札幌 request: not found."""
    challenge = ChallengeFactory(
        submitted_by=hakodate_staff, municipality=hakodate_staff.municipality
    )
    request = submitted_request(sapporo_staff)
    with pytest.raises(ValidationError) as error:
        challenge_services.challenge_link(
            challenge=challenge,
            actor=oshima_officer,
            kind=LinkKind.DISPATCH_REQUEST,
            target_id=request.pk,
        )
    assert error.value.error_dict["target_id"][0].code == "target_not_found"
    assert not challenge.links.exists()
