"""Clusters of municipalities with the same challenge (#22 point 3): challenges joined by
「同じ課題がある」 marks are connected components; the bureau sees those reaching its
municipalities, HQ all, largest first, in two queries."""

import pytest
from django.urls import reverse

from casebook.models import ChallengeEcho, Sharing
from casebook.selectors.challenge_sharing import challenge_clusters_visible_to
from tests.casebook.factories import theme
from tests.casebook.factories_challenges import ChallengeFactory
from tests.factories import municipality as muni

pytestmark = pytest.mark.django_db

CLUSTERS = reverse("casebook:challenge_clusters")


def challenge(code, **kwargs):
    municipality = muni(code)
    return ChallengeFactory(
        municipality=municipality, bureau=municipality.bureau, sharing=Sharing.REGION, **kwargs
    )


def mark(target, code, own=None):
    return ChallengeEcho.objects.create(
        challenge=target, municipality=muni(code), own_challenge=own
    )


@pytest.fixture
def clusters():
    """A: 札幌 ← 江別 (own challenge) ← 小樽 (own challenge, 後志) and 千歳 (no challenge named):
    four municipalities. B: 函館 ← 北斗 (渡島): two. C: a challenge nobody marked."""
    sapporo = challenge("011002", title="札幌の交通", theme=theme("transport"))
    ebetsu = challenge("012173", title="江別の交通", theme=theme("transport"))
    otaru = challenge("012033", title="小樽の交通", theme=theme("migration"))
    mark(sapporo, "012173", own=ebetsu)
    mark(ebetsu, "012033", own=otaru)
    mark(sapporo, "012246")  # 千歳市, no challenge of its own named
    hakodate = challenge("012025", title="函館の課題")
    hokuto = challenge("012360", title="北斗の課題")
    mark(hakodate, "012360", own=hokuto)
    challenge("011002", title="誰も印をつけていない")
    return {"sapporo": sapporo, "otaru": otaru, "hakodate": hakodate}


def test_hq_sees_every_cluster_largest_first(hq_user, clusters):
    found = challenge_clusters_visible_to(hq_user)
    assert [c.size for c in found] == [4, 2]
    first = found[0]
    assert set(first.municipalities) == {"札幌市", "江別市", "小樽市", "千歳市"}
    assert [m.title for m in first.members] == ["札幌の交通", "江別の交通", "小樽の交通"]
    assert set(first.themes) == {theme("transport").name, theme("migration").name}


def test_the_bureau_sees_clusters_reaching_its_area_and_titles_only_of_its_own(
    ishikari_officer, oshima_officer, clusters
):
    ishikari = challenge_clusters_visible_to(ishikari_officer)
    assert [c.size for c in ishikari] == [4]
    titles = {m.municipality: m.title for m in ishikari[0].members}
    # 小樽市 is 後志's: 石狩 sees its municipality and theme, not its title or page.
    assert titles == {"札幌市": "札幌の交通", "江別市": "江別の交通", "小樽市": ""}
    oshima = challenge_clusters_visible_to(oshima_officer)
    assert [set(c.municipalities) for c in oshima] == [{"函館市", "北斗市"}]


def test_municipal_staff_have_no_clusters(client, sapporo_staff, clusters):
    assert challenge_clusters_visible_to(sapporo_staff) == []
    client.force_login(sapporo_staff)
    assert client.get(CLUSTERS).status_code == 404


def test_the_clusters_take_two_queries_whatever_their_number(
    hq_user, clusters, django_assert_num_queries
):
    with django_assert_num_queries(2):
        first = challenge_clusters_visible_to(hq_user)
    for n in range(5):
        a, b = challenge("012173", title=f"追加{n}"), challenge("011002", title=f"追加b{n}")
        mark(a, "011002", own=b)
    with django_assert_num_queries(2):
        assert len(challenge_clusters_visible_to(hq_user)) == len(first) + 5


def test_the_clusters_page(client, ishikari_officer, clusters):
    client.force_login(ishikari_officer)
    page = client.get(CLUSTERS).content.decode()
    assert "札幌の交通" in page and "小樽市" in page
    assert "小樽の交通" not in page and "函館" not in page
    assert clusters["sapporo"].get_absolute_url() in page


def test_taking_a_mark_back_splits_the_cluster(hq_user, clusters):
    ChallengeEcho.objects.filter(
        challenge=clusters["sapporo"], own_challenge__isnull=False
    ).delete()
    sizes = sorted(c.size for c in challenge_clusters_visible_to(hq_user))
    assert sizes == [2, 2, 2]  # 札幌+千歳, 江別+小樽, 函館+北斗
