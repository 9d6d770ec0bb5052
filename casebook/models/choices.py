"""Choices of the case studies, in a module of their own so that workflow tables, filters
and forms can import them without the models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Pillar(models.TextChoices):
    """Which of the prefecture's three kinds of support the initiative drew on."""

    MONEY = "money", _("Money (financial support)")
    PEOPLE = "people", _("People (human support)")
    INFORMATION = "information", _("Information (information support)")
    OWN = "own", _("The municipality's own initiative")


class PopulationBand(models.TextChoices):
    UNDER_5K = "lt5k", _("Under 5,000")
    FROM_5K = "5k-10k", _("5,000 to 9,999")
    FROM_10K = "10k-30k", _("10,000 to 29,999")
    FROM_30K = "30k-100k", _("30,000 to 99,999")
    FROM_100K = "100k+", _("100,000 or more")
    UNKNOWN = "unknown", _("Not known")


BAND_LIMITS = (
    (5_000, PopulationBand.UNDER_5K),
    (10_000, PopulationBand.FROM_5K),
    (30_000, PopulationBand.FROM_10K),
    (100_000, PopulationBand.FROM_30K),
)


def population_band(population: int | None) -> str:
    if population is None:
        return PopulationBand.UNKNOWN
    for limit, band in BAND_LIMITS:
        if population < limit:
            return band
    return PopulationBand.FROM_100K


class Origin(models.TextChoices):
    BUREAU = "bureau", _("Drafted by the bureau")
    HQ = "hq", _("Drafted by HQ")
    PROPOSAL = "proposal", _("Proposed by the municipality")


class ArticleKind(models.TextChoices):
    CASE_STUDY = "case_study", _("Case study")
    FEATURE = "feature", _("Feature")


class IssueStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
