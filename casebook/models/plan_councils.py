"""A plan's 協議会 (#22 point 2): the council that draws up and follows a plan — 地域公共
交通活性化協議会, 総合戦略推進会議 … — with its members and its meetings (minutes through
the kernel's attachments). The municipality's staff keep it; the bureau and HQ read it."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .plans import Plan


class PlanCouncil(models.Model):
    plan = models.OneToOneField(
        Plan, on_delete=models.CASCADE, related_name="council", verbose_name=_("plan")
    )
    name = models.CharField(
        _("council name"),
        max_length=200,
        help_text=_("For example ○○町地域公共交通活性化協議会."),
    )
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=200,
        blank=True,
        help_text=_("For example 地域公共交通の活性化及び再生に関する法律 第6条."),
    )

    class Meta:
        verbose_name = _("plan council")
        verbose_name_plural = _("plan councils")

    def __str__(self) -> str:
        return self.name


class CouncilRole(models.TextChoices):
    CHAIR = "chair", pgettext_lazy("council role", "Chair")  # 会長
    VICE_CHAIR = "vice_chair", pgettext_lazy("council role", "Vice-chair")  # 副会長
    MEMBER = "member", pgettext_lazy("council role", "Member")  # 委員
    OBSERVER = "observer", pgettext_lazy("council role", "Observer")  # オブザーバー


class PlanCouncilMember(models.Model):
    council = models.ForeignKey(
        PlanCouncil, on_delete=models.CASCADE, related_name="members", verbose_name=_("council")
    )
    name = models.CharField(_("full name"), max_length=100)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=CouncilRole.choices, default=CouncilRole.MEMBER
    )
    term_start = models.DateField(_("term from"), null=True, blank=True)
    term_end = models.DateField(_("term until"), null=True, blank=True)

    class Meta:
        ordering = ["council_id", "role", "id"]
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=CouncilRole.values), name="casebook_council_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True)
                | Q(term_start__isnull=True)
                | Q(term_end__gte=F("term_start")),
                name="casebook_council_term_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PlanCouncilMeeting(models.Model):
    council = models.ForeignKey(
        PlanCouncil, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("council")
    )
    held_on = models.DateField(_("date"))
    agenda = models.TextField(_("agenda"), max_length=3000)
    is_public = models.BooleanField(
        _("open to the public"), default=False, help_text=_("The meeting was held in public.")
    )

    class Meta:
        ordering = ["council_id", "-held_on", "-id"]
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")

    def __str__(self) -> str:
        return f"{self.council} {self.held_on}"
