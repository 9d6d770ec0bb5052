"""Challenges and needs (課題・ニーズ, I1): what a municipality struggles with, triaged by its
bureau, answered with a response and links to what can help.

Status moves only through ``services.challenges`` and the table in
``workflows/challenges.py``: new → under consideration → matched → resolved / not feasible.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal import registry


class ChallengeStatus(models.TextChoices):
    NEW = "new", _("New")
    CONSIDERING = "considering", _("Under consideration")
    MATCHED = "matched", _("Matched")
    RESOLVED = "resolved", _("Resolved")
    NOT_FEASIBLE = "not_feasible", _("Not feasible")


OPEN_STATUSES = (ChallengeStatus.NEW, ChallengeStatus.CONSIDERING, ChallengeStatus.MATCHED)


class Urgency(models.TextChoices):
    LOW = "low", _("Low: within the next year or later")
    MEDIUM = "medium", _("Medium: within a few months")
    HIGH = "high", _("High: now")


class SupportKind(models.TextChoices):
    GRANT = "grant", _("A grant")
    DISPATCH = "dispatch", _("Staff dispatch")
    ADVISOR = "advisor", _("An advisor")
    INFORMATION = "information", _("Information (case studies, measures)")


class Sharing(models.TextChoices):
    """Who besides the bureau may read a challenge (#22 point 3): chosen by the owning
    municipality, per challenge. A 連携地域 holds the bureau, so its choice includes it."""

    PRIVATE = "private", _("Not shared")
    BUREAU = "bureau", _("The municipalities of our bureau")
    REGION = "region", _("The municipalities of our collaboration region")


class Challenge(models.Model):
    title = models.CharField(_("title"), max_length=200)
    theme = models.ForeignKey(
        "casebook.Theme",
        on_delete=models.PROTECT,
        related_name="challenges",
        verbose_name=_("theme"),
    )
    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        related_name="challenges",
        verbose_name=_("municipality"),
    )
    # Copied from the municipality when submitted, so that scope and counts are one column.
    bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.PROTECT,
        related_name="challenges",
        verbose_name=_("bureau"),
        editable=False,
    )
    description = models.TextField(_("description"), max_length=5000)
    tried = models.TextField(_("what has been tried"), max_length=5000, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.MEDIUM
    )
    # The support the municipality thinks would help (any of the four).
    wants_grant = models.BooleanField(_("a grant would help"), default=False)
    wants_dispatch = models.BooleanField(_("staff dispatch would help"), default=False)
    wants_advisor = models.BooleanField(_("an advisor would help"), default=False)
    wants_information = models.BooleanField(_("information would help"), default=False)

    sharing = models.CharField(
        _("shared with"),
        max_length=10,
        choices=Sharing.choices,
        default=Sharing.PRIVATE,
        editable=False,
    )

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ChallengeStatus.choices,
        default=ChallengeStatus.NEW,
        editable=False,
    )
    response = models.TextField(_("the bureau's response"), max_length=5000, blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True, editable=False)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responded by"),
        editable=False,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
        editable=False,
    )
    # The strategy measures the challenge bears on (#21 point 3).
    measures = models.ManyToManyField(
        "portal.StrategyMeasure",
        blank=True,
        related_name="challenges",
        verbose_name=_("strategy measures served"),
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("challenge or need")
        verbose_name_plural = _("challenges and needs")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ChallengeStatus]),
                name="casebook_challenge_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(urgency__in=[u.value for u in Urgency]),
                name="casebook_challenge_urgency_valid",
            ),
            models.CheckConstraint(
                condition=Q(sharing__in=Sharing.values),
                name="casebook_challenge_sharing_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["bureau", "status"], name="casebook_chall_bureau_idx"),
            models.Index(fields=["municipality", "-created_at"], name="casebook_chall_muni_idx"),
            models.Index(fields=["theme", "status"], name="casebook_chall_theme_idx"),
            models.Index(
                fields=["bureau", "-created_at"],
                condition=~Q(sharing="private"),
                name="casebook_chall_shared_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("casebook:challenge_detail", args=[self.pk])

    @property
    def support_wanted(self) -> list[str]:
        return [
            kind
            for kind, wanted in (
                (SupportKind.GRANT, self.wants_grant),
                (SupportKind.DISPATCH, self.wants_dispatch),
                (SupportKind.ADVISOR, self.wants_advisor),
                (SupportKind.INFORMATION, self.wants_information),
            )
            if wanted
        ]

    @property
    def support_wanted_labels(self) -> list:
        return [SupportKind(kind).label for kind in self.support_wanted]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_shared(self) -> bool:
        return self.sharing != Sharing.PRIVATE


class LinkKind(models.TextChoices):
    CALL = "call", _("Grant call")
    DISPATCH_REQUEST = "dispatch_request", _("Dispatch request")
    ADVISOR = "advisor", _("Advisor")
    CASE_STUDY = "case_study", _("Case study")
    CONSULTATION = "consultation", _("Consultation")


# Link kinds whose target is a page of another pillar -> the page kind it registers.
OTHER_PILLAR_PAGES = {
    LinkKind.CALL: "grants.call",
    LinkKind.DISPATCH_REQUEST: "dispatch.request",
    LinkKind.ADVISOR: "dispatch.person",
}
# Each link kind -> the kind of number its owner registers with the kernel
# (``registry.register_reference_kind``): how a typed number and a linked id are found.
LINK_REFERENCE_KINDS = {
    **OTHER_PILLAR_PAGES,
    LinkKind.CASE_STUDY: "casebook.case_study",
    LinkKind.CONSULTATION: "portal.consultation",
}


class ChallengeLink(models.Model):
    """What answers a challenge: a typed reference (kind + id) rather than five nullable
    foreign keys. Calls, dispatch requests and advisors belong to other pillars; an FK would
    tie casebook's schema and migrations to theirs, and pillars meet only through their
    ``api`` modules. The target is resolved and authorised through its owner's ``api`` when
    the officer links it (``services.challenges``), and its title is kept here so the
    response still reads well if the target later changes or leaves the officer's scope."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="links", verbose_name=_("challenge")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LinkKind.choices)
    target_id = models.CharField(_("target"), max_length=64)
    label = models.CharField(_("title"), max_length=300)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("linked by"),
    )
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("link to support")
        verbose_name_plural = _("links to support")
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "kind", "target_id"], name="casebook_challenge_link_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in LinkKind]),
                name="casebook_challenge_link_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label}"

    @property
    def url(self) -> str:
        """The target's page: the casebook's and the kernel's by name, the other pillars'
        through the pages they register with the kernel ("" for a bad id)."""
        try:
            pk = int(self.target_id)
        except (TypeError, ValueError):
            return ""
        if self.kind == LinkKind.CASE_STUDY:
            return reverse("casebook:case_study_detail", args=[pk])
        if self.kind == LinkKind.CONSULTATION:
            return reverse("portal:consultation_detail", args=[pk])
        return registry.page_url(OTHER_PILLAR_PAGES.get(self.kind, ""), pk)
