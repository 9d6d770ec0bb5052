"""Scoped reads of challenges and needs, the bureau's and HQ's overview, and the
suggestions of what might answer a challenge."""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from grants import api as grants_api
from portal.models import AuditEvent, Municipality
from portal.selectors import get_in_scope, scope_q

from ..models import CaseStudy, Challenge, ChallengeLink, LinkKind, Status, Theme

logger = logging.getLogger(__name__)


def challenges_visible_to(user) -> QuerySet[Challenge]:
    """Municipal staff: their municipality's; bureau officers: their bureau's; HQ: all."""
    return Challenge.objects.filter(
        scope_q(user, municipality="municipality", bureau="bureau")
    ).select_related("theme", "municipality", "bureau__region")


def challenge_get_for(user, pk) -> Challenge:
    return get_in_scope(challenges_visible_to(user), pk=pk)


def challenge_links(challenge: Challenge) -> QuerySet[ChallengeLink]:
    return challenge.links.select_related("created_by")


def challenge_events(challenge: Challenge) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.for_object(challenge).select_related("actor")


def challenge_counts(queryset: QuerySet[Challenge]) -> dict:
    """Counts for the overview, each one query whatever the number of challenges."""
    plain = queryset.order_by()
    by_theme = list(
        plain.values("theme_id", "theme__name", "theme__name_en", "theme__order")
        .annotate(n=Count("pk"), open=Count("pk", filter=Q(status__in=OPEN)))
        .order_by("-n", "theme__order")
    )
    by_municipality = list(
        plain.values("municipality_id", "municipality__name")
        .annotate(n=Count("pk"), open=Count("pk", filter=Q(status__in=OPEN)))
        .order_by("-n", "municipality_id")
    )
    by_status = dict(plain.values_list("status").annotate(n=Count("pk")))
    by_bureau = list(
        plain.values("bureau_id", "bureau__name", "bureau__region__name", "bureau__order")
        .annotate(n=Count("pk"), open=Count("pk", filter=Q(status__in=OPEN)))
        .order_by("bureau__order")
    )
    return {
        "by_theme": by_theme,
        "by_municipality": by_municipality,
        "by_status": by_status,
        "by_bureau": by_bureau,
        "total": sum(by_status.values()),
    }


OPEN = ("new", "considering", "matched")


# --- Suggestions --------------------------------------------------------------------------

CANDIDATES = 60  # case studies of the theme considered, newest first


@dataclass(frozen=True)
class Suggestion:
    kind: str
    target_id: str
    label: str
    url: str
    score: int
    reason: str
    municipality: str = ""


def _grams(text: str) -> set[str]:
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = "".join(ch for ch in text if ch.isalnum())
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _similarity(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def theme_words(theme: Theme) -> list[str]:
    """The words of a theme's Japanese name: 「移住・定住」→ 移住, 定住."""
    words = [w.strip() for w in theme.name.replace("、", "・").split("・")]
    return [w for w in words if len(w) >= 2]


def _linked(challenge: Challenge) -> set[tuple[str, str]]:
    return set(challenge.links.values_list("kind", "target_id"))


def suggested_case_studies(challenge: Challenge, *, limit: int = 5) -> list[Suggestion]:
    """Published case studies of the challenge's theme, ranked.

    The score: how much the case study's text shares with the challenge's (character
    bigrams, up to 60), a case study of the same bureau (+15) or collaboration region (+5),
    and one of the support the municipality asked for (+10). Case studies already linked are
    left out; ties go to the newer one.
    """
    linked = _linked(challenge)
    wanted = _grams(f"{challenge.title} {challenge.description} {challenge.tried}")
    municipality = challenge.municipality
    pillar_for_support = {
        "grant": "money",
        "dispatch": "people",
        "advisor": "people",
        "information": "information",
    }
    wanted_pillars = {pillar_for_support[k] for k in challenge.support_wanted}
    candidates = (
        CaseStudy.objects.filter(status=Status.PUBLISHED, themes=challenge.theme_id)
        .select_related("municipality")
        .only(
            "pk",
            "title",
            "summary",
            "challenge",
            "actions",
            "pillar",
            "bureau_id",
            "region_id",
            "published_at",
            "municipality__name",
        )
        .order_by("-published_at", "-pk")[:CANDIDATES]
    )
    rows = []
    region_id = municipality.bureau.region_id
    for case in candidates:
        if (LinkKind.CASE_STUDY, str(case.pk)) in linked:
            continue
        text = _grams(f"{case.title} {case.summary} {case.challenge} {case.actions}")
        score = round(_similarity(wanted, text) * 60)
        reasons = [_("Same theme")]
        if case.bureau_id == challenge.bureau_id:
            score += 15
            reasons.append(_("Same bureau"))
        elif case.region_id == region_id:
            score += 5
            reasons.append(_("Same region"))
        if case.pillar in wanted_pillars:
            score += 10
            reasons.append(_("Support asked for"))
        rows.append((score, case.published_at, case.pk, case, reasons))
    rows.sort(key=lambda r: (-r[0], -(r[1].timestamp() if r[1] else 0), -r[2]))
    return [
        Suggestion(
            kind=LinkKind.CASE_STUDY,
            target_id=str(case.pk),
            label=case.title,
            url=case.get_absolute_url(),
            score=score,
            reason=" · ".join(str(r) for r in reasons),
            municipality=case.municipality.name,
        )
        for score, _published, _pk, case, reasons in rows[:limit]
    ]


def suggested_calls(challenge: Challenge, *, limit: int = 5) -> list[Suggestion]:
    """Open or coming published grant calls whose title or summary names the theme.

    Calls carry no theme of their own, so the theme's words are looked for in the call's
    text (through the grants pillar's ``api``). Calls of the challenge's bureau rank first,
    and all calls rank higher when the municipality asked for a grant.
    """
    words = theme_words(challenge.theme)
    if not words:
        return []
    linked = _linked(challenge)
    calls = grants_api.open_calls_naming(
        words, bureau_id=challenge.bureau_id, region_id=_region_id(challenge), limit=20
    )
    rows = []
    for call in calls:
        if (LinkKind.CALL, str(call.id)) in linked:
            continue
        score = 40 + (20 if challenge.wants_grant else 0)
        reasons = [_("Same theme")]
        if call.bureau_id == challenge.bureau_id:
            score += 15
            reasons.append(_("Same bureau"))
        rows.append(
            Suggestion(
                kind=LinkKind.CALL,
                target_id=str(call.id),
                label=call.title,
                url=ChallengeLink(kind=LinkKind.CALL, target_id=str(call.id)).url,
                score=score,
                reason=" · ".join(str(r) for r in reasons),
                municipality=call.bureau_name,
            )
        )
    rows.sort(key=lambda s: -s.score)
    return rows[:limit]


def _region_id(challenge: Challenge):
    return challenge.municipality.bureau.region_id


@dataclass(frozen=True)
class Peer:
    municipality: Municipality
    case_count: int
    latest_title: str
    latest_id: int


def municipalities_that_solved(challenge: Challenge, *, limit: int = 5) -> list[Peer]:
    """Other municipalities with published case studies of the same theme: those that met
    a similar challenge and told how. Nearest first (same bureau, then region), then by
    the number of such case studies."""
    rows = list(
        CaseStudy.objects.filter(status=Status.PUBLISHED, themes=challenge.theme_id)
        .exclude(municipality_id=challenge.municipality_id)
        .order_by()
        .values("municipality_id")
        .annotate(n=Count("pk", distinct=True))
    )
    if not rows:
        return []
    municipalities = {
        m.pk: m
        for m in Municipality.objects.select_related("bureau").filter(
            pk__in=[r["municipality_id"] for r in rows]
        )
    }
    latest = {}
    for case in (
        CaseStudy.objects.filter(
            status=Status.PUBLISHED,
            themes=challenge.theme_id,
            municipality_id__in=list(municipalities),
        )
        .only("pk", "title", "municipality_id", "published_at")
        .order_by("municipality_id", "-published_at", "-pk")
    ):
        latest.setdefault(case.municipality_id, case)
    region_id = _region_id(challenge)

    def nearness(m):
        if m.bureau_id == challenge.bureau_id:
            return 0
        return 1 if m.bureau.region_id == region_id else 2

    peers = [
        Peer(municipalities[r["municipality_id"]], r["n"], "", 0)
        for r in rows
        if r["municipality_id"] in municipalities
    ]
    peers.sort(key=lambda p: (nearness(p.municipality), -p.case_count, p.municipality.pk))
    return [
        Peer(
            p.municipality,
            p.case_count,
            latest[p.municipality.pk].title,
            latest[p.municipality.pk].pk,
        )
        for p in peers[:limit]
    ]


def challenge_suggestions(challenge: Challenge) -> dict:
    return {
        "case_studies": suggested_case_studies(challenge),
        "calls": suggested_calls(challenge),
        "municipalities": municipalities_that_solved(challenge),
    }


def challenges_for_municipality_panel(user, municipality) -> QuerySet[Challenge]:
    return challenges_visible_to(user).filter(municipality=municipality)
