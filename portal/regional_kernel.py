"""The kernel's own figures for the regional view: the consultation desk (information)."""

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.utils.translation import gettext_lazy as _

from .models import Consultation
from .regional import PLACE_FILTERS, Measure, fiscal_year_of

# Shares its group with the casebook's liaison meetings (the same msgid).
GROUP = _("Liaison meetings and consultations")

MEASURES = [
    Measure(
        "consultations.asked",
        "information",
        _("Consultations asked"),
        order=40,
        url_name="portal:consultation_list",
        url_filters=PLACE_FILTERS,
        group=GROUP,
    ),
    Measure(
        "consultations.answered",
        "information",
        _("Consultations answered"),
        order=41,
        url_name="portal:consultation_list",
        url_params=lambda context: {**context, "answered": "yes"},
        url_filters=PLACE_FILTERS,
        group=GROUP,
    ),
    Measure(
        "consultations.answer_days",
        "information",
        _("Days to answer (sum)"),
        unit="days",
        hidden=True,
    ),
    Measure(
        "consultations.days_to_answer",
        "information",
        _("Average days to first answer"),
        unit="days",
        order=42,
        ratio_of=("consultations.answer_days", "consultations.answered"),
        group=GROUP,
        definition=_(
            "For the consultations asked in the fiscal year that have been answered: the days "
            "from asking to the first answer, added up, divided by the number of them."
        ),
    ),
]


def provider(years, codes):
    rows = (
        Consultation.objects.filter(municipality_id__in=codes)
        .annotate(fy=fiscal_year_of("created_at"))
        .filter(fy__in=years)
        .values("municipality_id", "fy")
        .annotate(
            asked=Count("pk"),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            waited=Sum(
                ExpressionWrapper(F("answered_at") - F("created_at"), output_field=DurationField()),
                filter=Q(answered_at__isnull=False),
            ),
        )
        .order_by()
    )
    for row in rows:
        code, year = row["municipality_id"], row["fy"]
        yield "consultations.asked", year, code, row["asked"]
        yield "consultations.answered", year, code, row["answered"]
        if row["waited"] is not None:
            yield "consultations.answer_days", year, code, row["waited"].total_seconds() / 86400
