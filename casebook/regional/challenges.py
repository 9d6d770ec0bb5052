"""Challenges and liaison meetings in the regional view (information, I1). Aggregated in the
database: two queries (GROUP BY; the meetings' two in one UNION) whatever the number of rows.

- Challenges (課題・ニーズ) count per municipality in the 年度 they were submitted: in all,
  by status (where they stand now) and by theme (the curated list of themes; a theme HQ adds
  later counts in the total only). Each figure links to the challenge list filtered the same
  way, and by the 年度 submitted (the list is scoped by its own view).
- Liaison meetings count in the 年度 of their date: held, per bureau (the bureau that held
  them), and invitations, per invited municipality (a meeting inviting five municipalities
  is five invitations once summed up to the bureau).
"""

from __future__ import annotations

from django.db.models import CharField, Count, F, Value
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.japanese import wareki_date
from portal.models import Municipality
from portal.regional import PLACE_FILTERS, BureauKey, Measure, fiscal_year_of

from ..models import Challenge, ChallengeStatus, LiaisonMeeting, StrategyMeetingAttendance
from ..permissions.challenges import can_view_attendance_of

# The curated themes (casebook/migrations/0002_themes.py): code, Japanese and English name.
THEMES = [
    ("migration", "移住・定住", "Migration and settlement"),
    ("tourism", "観光", "Tourism"),
    ("industry", "産業振興・雇用", "Industry and jobs"),
    ("primary-industry", "農林水産業", "Agriculture, forestry and fisheries"),
    ("childcare-education", "子育て・教育", "Child-rearing and education"),
    ("health-welfare", "医療・福祉", "Health and welfare"),
    ("transport", "地域交通", "Local transport"),
    ("digital", "デジタル・DX", "Digital transformation"),
    ("energy", "脱炭素・エネルギー", "Decarbonisation and energy"),
    ("disaster", "防災・減災", "Disaster preparedness"),
    ("kyoryokutai", "地域おこし協力隊", "Community revitalisation volunteers"),
    ("furusato", "ふるさと納税・関係人口", "Hometown tax donations and connected people"),
    ("culture-sports", "文化・スポーツ", "Culture and sports"),
    ("town-planning", "まちづくり・公共施設", "Town planning and public facilities"),
    ("wide-area", "広域連携", "Wide-area collaboration"),
    ("people-skills", "人材育成・担い手", "Skills and local leaders"),
]

TOTAL = "casebook.challenges"
MEETINGS_HELD = "casebook.meetings_held"
MEETINGS_INVITED = "casebook.meetings_invited"


def status_key(status: str) -> str:
    return f"casebook.challenges.status.{status}"


def theme_key(code: str) -> str:
    return f"casebook.challenges.theme.{code}"


class _Label:
    """A measure's label made of a translated pattern and a name, built when shown (in the
    language of the request), not when the app is loaded."""

    def __init__(self, pattern, name, name_en=None):
        self.pattern, self.name, self.name_en = pattern, name, name_en

    def __str__(self) -> str:
        name = self.name
        if self.name_en is not None:
            name = self.name_en if (get_language() or "ja").startswith("en") else self.name
        return str(self.pattern) % {"name": name}


def _challenge_list(extra=None):
    def params(context) -> dict:
        return {**context, **(extra or {})}

    return params


GROUP = _("Case studies and challenges")
MEETINGS = _("Liaison meetings and consultations")


MEASURES = [
    Measure(
        TOTAL,
        "information",
        _("Challenges submitted"),
        order=12,
        url_name="casebook:challenge_list",
        url_params=_challenge_list(),
        url_filters=PLACE_FILTERS,
        group=GROUP,
        chart=True,
    ),
    *[
        Measure(
            status_key(status.value),
            "information",
            _Label(_("Challenges: %(name)s"), status.label),
            order=13 + index,
            url_name="casebook:challenge_list",
            url_params=_challenge_list({"status": status.value}),
            url_filters=PLACE_FILTERS,
            breakdown=True,
        )
        for index, status in enumerate(ChallengeStatus)
    ],
    *[
        Measure(
            theme_key(code),
            "information",
            _Label(_("Challenges on %(name)s"), name, name_en),
            order=20 + index,
            url_name="casebook:challenge_list",
            url_params=_challenge_list({"theme": code}),
            url_filters=PLACE_FILTERS,
            breakdown=True,
        )
        for index, (code, name, name_en) in enumerate(THEMES)
    ],
    Measure(MEETINGS_HELD, "information", _("Liaison meetings held"), order=18, group=MEETINGS),
    Measure(
        MEETINGS_INVITED,
        "information",
        _("Invitations to liaison meetings"),
        order=19,
        group=MEETINGS,
        definition=_(
            "One for each municipality invited to each meeting: a meeting inviting five "
            "municipalities counts five."
        ),
    ),
]
_THEME_CODES = {code for code, _name, _name_en in THEMES}


def provider(years, codes):
    """Rows (measure, 年度, municipality code or BureauKey, value). The challenges come
    grouped by municipality, 年度, status and theme, so a (measure, 年度, municipality) may
    come in several rows: the kernel sums them."""
    challenges = (
        Challenge.objects.filter(municipality_id__in=codes)
        .annotate(fy=fiscal_year_of("created_at"))
        .filter(fy__in=years)
        .values("municipality_id", "fy", "status", "theme__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in challenges:
        code, year, n = row["municipality_id"], row["fy"], row["n"]
        yield TOTAL, year, code, n
        yield status_key(row["status"]), year, code, n
        if row["theme__code"] in _THEME_CODES:
            yield theme_key(row["theme__code"]), year, code, n
    # Meetings: held (per bureau) and invitations (per municipality) in one query.
    held = (
        LiaisonMeeting.objects.filter(
            bureau_id__in=Municipality.objects.filter(code__in=codes).values("bureau_id")
        )
        .annotate(
            level=Value("bureau"),
            spot=Cast("bureau_id", CharField()),
            fy=fiscal_year_of("date"),
        )
        .filter(fy__in=years)
        .values("level", "spot", "fy")
        .annotate(n=Count("pk"))
        .order_by()
    )
    invited = (
        LiaisonMeeting.invited_municipalities.through.objects.filter(municipality_id__in=codes)
        .annotate(
            level=Value("municipality"),
            spot=F("municipality_id"),
            fy=fiscal_year_of("liaisonmeeting__date"),
        )
        .filter(fy__in=years)
        .values("level", "spot", "fy")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in held.union(invited, all=True):
        if row["level"] == "bureau":
            yield MEETINGS_HELD, row["fy"], BureauKey(int(row["spot"])), row["n"]
        else:
            yield MEETINGS_INVITED, row["fy"], row["spot"], row["n"]


def strategy_meetings_panel(user, municipality):
    """The municipality's page in the regional view (its bureau, HQ, its own staff): the
    latest strategy meetings the bureau attended, linking to the full list."""
    if not can_view_attendance_of(user, municipality):
        return None
    url = reverse("casebook:strategy_attendance_list", args=[municipality.pk])
    rows = StrategyMeetingAttendance.objects.filter(municipality=municipality).order_by(
        "-date", "-id"
    )[:5]
    items = [
        {"title": f"{wareki_date(row.date)} {row.meeting_name}", "url": f"{url}#record-{row.pk}"}
        for row in rows
    ]
    items.append({"title": _("All strategy meetings attended"), "url": url})
    return {"title": _("The bureau at the strategy meetings"), "items": items}
