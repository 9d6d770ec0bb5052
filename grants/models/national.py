"""Advice on national revitalisation grants (F3): the knowledge base officers curate, what
the grants pillar adds to a consultation of the kernel's desk (category 国の交付金), and the
FAQ built from answered consultations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

NATIONAL_GRANTS_CATEGORY = "national-grants"


class NationalGrantProgramme(models.Model):
    """A national programme (交付金) as officers explain it to municipalities."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    ministry = models.CharField(_("ministry"), max_length=100, help_text=_("For example: 内閣府"))
    purpose = models.TextField(_("purpose"), max_length=4000)
    rate = models.CharField(
        _("subsidy rate"), max_length=200, blank=True, help_text=_("For example: 1/2")
    )
    deadlines = models.TextField(
        _("deadlines"),
        max_length=2000,
        blank=True,
        help_text=_("When applications and the 地域再生計画 are due, as announced."),
    )
    link_text = models.CharField(
        _("where to read more"),
        max_length=300,
        blank=True,
        help_text=_("The page or document to look up, for example the ministry's guidelines."),
    )
    url = models.URLField(_("web address"), blank=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    # NFKC-normalised, lower-cased text of the fields people search (kept by the service).
    search_text = models.TextField(editable=False, blank=True)
    is_published = models.BooleanField(_("shown to municipalities"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["ministry", "name"]
        verbose_name = _("national grant programme")
        verbose_name_plural = _("national grant programmes")

    def __str__(self) -> str:
        return self.name


class NationalConsultation(models.Model):
    """What the grants pillar knows about a consultation of category 国の交付金: the
    programmes it refers to and whether HQ was brought in."""

    consultation = models.OneToOneField(
        "portal.Consultation",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="national_info",
        verbose_name=_("consultation"),
    )
    programmes = models.ManyToManyField(
        NationalGrantProgramme,
        blank=True,
        related_name="consultation_links",
        verbose_name=_("programmes referred to"),
    )
    hq_referred_at = models.DateTimeField(_("HQ brought in at"), null=True, blank=True)
    hq_referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("HQ brought in by"),
    )
    hq_referral_note = models.TextField(_("note to HQ"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("national grant consultation")
        verbose_name_plural = _("national grant consultations")

    def __str__(self) -> str:
        return str(self.consultation)


class FAQEntry(models.Model):
    """A question and answer an officer copied from an answered consultation, anonymised,
    and published. The source stays internal."""

    question = models.TextField(_("question"), max_length=4000)
    answer = models.TextField(_("answer"), max_length=8000)
    programme = models.ForeignKey(
        NationalGrantProgramme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="faq_entries",
        verbose_name=_("programme"),
    )
    source = models.ForeignKey(
        "portal.Consultation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source consultation"),
    )
    bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by bureau"),
        help_text=_("Empty when HQ published it."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        constraints = [
            models.UniqueConstraint(
                fields=["source"],
                condition=Q(source__isnull=False),
                name="one_faq_entry_per_consultation",
            )
        ]
        indexes = [models.Index(fields=["is_published", "-published_at"])]

    def __str__(self) -> str:
        return self.question[:60]
