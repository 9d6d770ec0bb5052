"""Scoped reads of sharing among neighbours (#22 point 3): the challenges shared with a
municipality, what a neighbour may read of one, the 「同じ課題がある」 marks, and the clusters
those marks make for the bureau."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import get_language

from portal.models import Municipality
from portal.permissions import is_hq
from portal.selectors import get_in_scope

from ..models import Challenge, ChallengeEcho, ChallengeLink, LinkKind, Sharing
from ..permissions import challenges as perms
from .challenges import challenges_visible_to

# What a neighbour may follow from a shared challenge: public things only. A dispatch
# request, an advisor's page or a consultation is the owning municipality's business.
PUBLIC_LINK_KINDS = (LinkKind.CASE_STUDY, LinkKind.CALL)


def neighbour_area(user) -> tuple[int, int] | None:
    """(bureau id, region id) of the user's municipality, or None for anyone but
    municipal staff. One query."""
    if not perms.can_submit_challenge(user):
        return None
    row = (
        Municipality.objects.filter(pk=user.municipality_id)
        .values_list("bureau_id", "bureau__region_id")
        .first()
    )
    return tuple(row) if row else None


def challenges_shared_with(user, *, area: tuple[int, int] | None = None) -> QuerySet[Challenge]:
    """Other municipalities' challenges shared with the user's municipality: with its bureau
    or its 連携地域. Nothing for anyone but municipal staff (their own challenges are on
    their own list, not here)."""
    area = area or neighbour_area(user)
    if area is None:
        return Challenge.objects.none()
    bureau_id, region_id = area
    return (
        Challenge.objects.filter(
            Q(sharing=Sharing.BUREAU, bureau_id=bureau_id)
            | Q(sharing=Sharing.REGION, bureau__region_id=region_id)
        )
        .exclude(municipality_id=user.municipality_id)
        .select_related("theme", "municipality", "bureau__region")
    )


def shared_challenges_for_list(user, *, area=None) -> QuerySet[Challenge]:
    """The neighbours' list: each row says how many municipalities have the same challenge
    and whether the user's has said so."""
    return (
        challenges_shared_with(user, area=area)
        .annotate(
            echo_count=Count("echoes", distinct=True),
            echoed_by_us=Exists(
                ChallengeEcho.objects.filter(
                    challenge=OuterRef("pk"), municipality_id=user.municipality_id
                )
            ),
        )
        .order_by("-created_at", "-id")
    )


def shared_challenge_get_for(user, pk) -> Challenge:
    return get_in_scope(challenges_shared_with(user), pk=pk)


def marked_challenge_get_for(user, pk) -> Challenge:
    """A challenge the user's municipality may take its mark back from: one shared with it,
    or one it marked that is no longer shared (the mark stays until taken back)."""
    if not perms.can_submit_challenge(user):
        raise Http404
    marked = ChallengeEcho.objects.filter(municipality_id=user.municipality_id).values(
        "challenge_id"
    )
    shared = challenges_shared_with(user).values("pk")
    return get_in_scope(
        Challenge.objects.filter(Q(pk__in=marked) | Q(pk__in=shared)).select_related(
            "municipality"
        ),
        pk=pk,
    )


def marks_no_longer_shared(user, *, area=None) -> QuerySet[ChallengeEcho]:
    """The user's municipality's marks on challenges their owners no longer share with it:
    listed (municipality and date, not the title) so that they can be taken back."""
    if not perms.can_submit_challenge(user):
        return ChallengeEcho.objects.none()
    return (
        ChallengeEcho.objects.filter(municipality_id=user.municipality_id)
        .exclude(challenge__in=challenges_shared_with(user, area=area).values("pk"))
        .select_related("challenge__municipality")
        .order_by("-created_at", "-id")
    )


def public_links(challenge: Challenge) -> QuerySet[ChallengeLink]:
    return challenge.links.filter(kind__in=PUBLIC_LINK_KINDS)


def echo_of(user, challenge: Challenge) -> ChallengeEcho | None:
    return (
        ChallengeEcho.objects.filter(challenge=challenge, municipality_id=user.municipality_id)
        .select_related("own_challenge")
        .first()
    )


def own_challenges_to_link(user, challenge: Challenge) -> QuerySet[Challenge]:
    """The user's municipality's challenges that may be named as the same one."""
    return (
        Challenge.objects.filter(municipality_id=user.municipality_id)
        .exclude(pk=challenge.pk)
        .only("pk", "title", "created_at")
        .order_by("-created_at", "-id")
    )


def challenge_echoes(challenge: Challenge) -> QuerySet[ChallengeEcho]:
    return challenge.echoes.select_related("municipality", "own_challenge")


def echoes_for_owner(user, challenge: Challenge) -> list[ChallengeEcho]:
    """Who said 「同じ課題がある」, for the challenge's page (its owner and its bureau). A
    neighbour's own challenge is linked only where the reader may open it: for the owner,
    when it is shared with the owner's area; for the bureau and HQ, when it is in their
    scope. Three queries at most."""
    echoes = list(challenge_echoes(challenge))
    named = [e.own_challenge_id for e in echoes if e.own_challenge_id]
    staff = perms.is_staff(user)
    readable = set()
    if named:
        scope = challenges_visible_to(user) if staff else challenges_shared_with(user)
        readable = set(scope.filter(pk__in=named).values_list("pk", flat=True))
    page = "casebook:challenge_detail" if staff else "casebook:shared_challenge_detail"
    for echo in echoes:
        echo.url = (
            reverse(page, args=[echo.own_challenge_id]) if echo.own_challenge_id in readable else ""
        )
    return echoes


# --- Clusters -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClusterMember:
    challenge_id: int
    title: str  # "" when the reader may not open the challenge
    municipality: str
    theme: str
    url: str


@dataclass(frozen=True)
class Cluster:
    members: tuple[ClusterMember, ...]
    municipalities: tuple[str, ...]
    themes: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.municipalities)


def _find(parent: dict, node):
    while parent.setdefault(node, node) != node:
        parent[node] = parent[parent[node]]
        node = parent[node]
    return node


def challenge_clusters_visible_to(user) -> list[Cluster]:
    """Challenges joined by 「同じ課題がある」 marks (a mark naming the neighbour's own
    challenge joins the two; a mark without one adds the neighbour's municipality), as
    connected components. The bureau sees the clusters that reach one of its
    municipalities, HQ all; a member challenge's title is shown only to those who may open
    it. Largest first (by municipalities). Two queries."""
    if not perms.can_view_clusters(user):
        return []
    hq = is_hq(user)
    edges = list(
        ChallengeEcho.objects.order_by().values_list(
            "challenge_id", "own_challenge_id", "municipality__name", "municipality__bureau_id"
        )
    )
    if not edges:
        return []
    parent: dict[int, int] = {}
    for challenge_id, own_id, _name, _bureau in edges:
        _find(parent, challenge_id)
        if own_id:
            parent[_find(parent, own_id)] = _find(parent, challenge_id)
    english = (get_language() or "ja").startswith("en")
    rows = Challenge.objects.filter(pk__in=list(parent)).values_list(
        "pk",
        "title",
        "municipality__name",
        "bureau_id",
        "theme__name_en" if english else "theme__name",
    )
    groups: dict[int, dict] = {}
    for pk, title, municipality, bureau_id, theme in rows:
        group = groups.setdefault(
            _find(parent, pk), {"members": [], "municipalities": {}, "bureaus": set()}
        )
        in_scope = hq or bureau_id == user.bureau_id
        group["members"].append(
            ClusterMember(
                challenge_id=pk,
                title=title if in_scope else "",
                municipality=municipality,
                theme=theme,
                url=reverse("casebook:challenge_detail", args=[pk]) if in_scope else "",
            )
        )
        group["municipalities"].setdefault(municipality, None)
        group["bureaus"].add(bureau_id)
    for challenge_id, own_id, municipality, bureau_id in edges:
        group = groups.get(_find(parent, challenge_id))
        if group is not None and not own_id:
            group["municipalities"].setdefault(municipality, None)
            group["bureaus"].add(bureau_id)
    clusters = [
        Cluster(
            members=tuple(sorted(g["members"], key=lambda m: m.challenge_id)),
            municipalities=tuple(g["municipalities"]),
            themes=tuple(dict.fromkeys(m.theme for m in g["members"])),
        )
        for g in groups.values()
        if hq or user.bureau_id in g["bureaus"]
    ]
    clusters.sort(key=lambda c: (-c.size, -len(c.members), c.members[0].challenge_id))
    return clusters
