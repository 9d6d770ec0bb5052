"""What might answer a challenge: case studies and calls on the same theme, and the
municipalities that met a similar challenge, ranked; the officer confirms a link."""

import datetime as dt

import pytest
from django.utils import timezone

from casebook.models import LinkKind
from casebook.selectors.challenges import (
    municipalities_that_solved,
    suggested_calls,
    suggested_case_studies,
)
from casebook.services import challenges as services
from tests.casebook.factories import CaseStudyFactory
from tests.casebook.factories_challenges import ChallengeFactory
from tests.factories import municipality as muni

pytestmark = pytest.mark.django_db


def case(code, title, themes, **kwargs):
    m = muni(code)
    return CaseStudyFactory(
        published=True,
        municipality=m,
        bureau=m.bureau,
        region=m.bureau.region,
        title=title,
        themes=themes,
        **kwargs,
    )


@pytest.fixture
def challenge():
    return ChallengeFactory(
        title="大学卒業後の若者の市外流出",
        description="市内の大学を卒業した若者の多くが市外で就職し、地元企業の人手が足りない。",
        tried="合同企業説明会を開いている。",
        wants_information=True,
    )


def test_the_closest_case_study_ranks_first(challenge):
    case(
        "012025",
        "移住フェアの開催",
        ["migration"],
        summary="道外で移住フェアを開いた。",
        challenge="人口が減っている。",
        actions="移住フェアに出展した。",
    )
    expected = case(
        "012173",
        "大学と連携した若者の地元定着",
        ["migration"],
        summary="大学生が地元企業でインターンシップをし、卒業後の市内就職につなげた。",
        challenge="市内の大学の卒業生の多くが市外で就職していた。",
        actions="大学と地元企業の協議会をつくった。",
        pillar="information",
    )
    case(
        "012173",
        "大学と連携した観光ガイド",
        ["tourism"],  # another theme: never suggested
        summary="大学の卒業生が市内の若者と地元企業を案内する。",
        challenge="市内の大学の卒業生の多くが市外で就職していた。",
    )
    ranked = suggested_case_studies(challenge)
    assert ranked[0].target_id == str(expected.pk)
    assert len(ranked) == 2
    assert all(s.kind == LinkKind.CASE_STUDY for s in ranked)
    assert ranked[0].score > ranked[1].score


def test_a_linked_case_study_is_no_longer_suggested(challenge, ishikari_officer):
    one = case("012173", "大学と連携した若者の地元定着", ["migration"])
    services.challenge_link(
        challenge=challenge, actor=ishikari_officer, kind=LinkKind.CASE_STUDY, target_id=one.pk
    )
    assert suggested_case_studies(challenge) == []


def test_drafts_are_never_suggested(challenge):
    CaseStudyFactory(themes=["migration"])  # a draft
    assert suggested_case_studies(challenge) == []


def test_municipalities_that_solved_it_nearest_first(challenge):
    case("012025", "函館の移住施策", ["migration"])  # another bureau
    case("012025", "函館の移住施策2", ["migration"])
    case("012173", "江別の若者定着", ["migration"])  # same bureau
    case("011002", "札幌自身の事例", ["migration"])  # the challenge's own municipality
    peers = municipalities_that_solved(challenge)
    assert [p.municipality.code for p in peers] == ["012173", "012025"]
    assert peers[1].case_count == 2


def test_open_calls_naming_the_theme_are_suggested(challenge):
    grants = pytest.importorskip("grants.models")
    from portal.models import Bureau

    programme = grants.Programme.objects.first()
    category = grants.GrantCategory.objects.first()
    if programme is None or category is None:
        pytest.skip("no grant programme in the reference data")
    now = timezone.now()

    def call(title, bureau="ishikari", closes=30, published=True):
        return grants.Call.objects.create(
            programme=programme,
            category=category,
            bureau=Bureau.objects.get(code=bureau),
            fiscal_year=2026,
            title=title,
            opens_at=now - dt.timedelta(days=10),
            closes_at=now + dt.timedelta(days=closes),
            is_published=published,
        )

    wanted = call("移住・定住促進事業の募集")
    call("観光振興の募集")  # another theme
    call("移住促進（締切済）", closes=-1)
    call("移住促進（非公開）", published=False)
    assert [s.target_id for s in suggested_calls(challenge)] == [str(wanted.pk)]
