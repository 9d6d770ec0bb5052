"""決裁: the routes an organisation's legal acts travel, the drafts on them and their stamps.

A *routed act* (``portal.kessai``) is an action that binds an organisation: a municipality
submitting an application, a bureau deciding a grant. An organisation's ``ApprovalRoute``
for the act's kind lists the positions that approve it, in order; without one the drafter
alone decides (the act runs at once, as it always did). With one, the action's page drafts
a ``Kessai`` (起案) holding the form's data; each step leaves a ``KessaiStamp``; only the
last approval runs the action. ``Delegation`` names a stand-in for an absent approver (代決).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .units import Position

ONE_ORGANISATION = Q(municipality__isnull=True) | Q(bureau__isnull=True)
# A route has at most this many steps (the issue: "1 to 4").
MAX_STEPS = 4


class ApprovalRoute(models.Model):
    """Who approves one kind of act in one organisation (a municipality, a bureau or HQ)."""

    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bureau"),
    )
    kind = models.CharField(_("kind of act"), max_length=60)
    active = models.BooleanField(_("in use"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["municipality_id", "bureau_id", "kind"]
        verbose_name = _("approval route")
        verbose_name_plural = _("approval routes")
        constraints = [
            models.CheckConstraint(condition=ONE_ORGANISATION, name="route_has_one_organisation"),
            models.UniqueConstraint(
                fields=["municipality", "bureau", "kind"],
                name="route_unique_per_organisation_kind",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name} {self.kind}"

    @property
    def organisation_name(self) -> str:
        if self.municipality_id:
            return self.municipality.display_name
        if self.bureau_id:
            return str(self.bureau)
        return str(_("Headquarters"))


class ApprovalRouteStep(models.Model):
    """One approver of a route: the holder of ``position`` in the drafter's unit chain (係長
    of their 係, 課長 of its 課, the head of the organisation), or in ``unit`` if given."""

    route = models.ForeignKey(
        ApprovalRoute, on_delete=models.CASCADE, related_name="steps", verbose_name=_("route")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    position = models.PositiveSmallIntegerField(
        _("position"),
        choices=[c for c in Position.choices if c[0] != Position.STAFF],
        default=Position.MANAGER,
    )
    unit = models.ForeignKey(
        "portal.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("organisation", "unit"),
        help_text=_("Leave empty for the drafter's own section or division."),
    )

    class Meta:
        ordering = ["route_id", "order"]
        verbose_name = _("route step")
        verbose_name_plural = _("route steps")
        constraints = [
            models.UniqueConstraint(fields=["route", "order"], name="route_step_order_unique"),
            models.CheckConstraint(
                condition=Q(position__gt=Position.STAFF), name="route_step_approver_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.get_position_display()}"


class KessaiStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("awaiting approval")
    RETURNED = "returned", _("returned")
    APPROVED = "approved", _("approved")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_STATUSES = (KessaiStatus.IN_PROGRESS, KessaiStatus.RETURNED)


class Kessai(models.Model):
    """One draft (起案) of a routed act: the action's form data travelling its route."""

    Status = KessaiStatus

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind of act"), max_length=60)
    action = models.CharField(_("action"), max_length=60)
    title = models.CharField(_("subject"), max_length=200)
    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bureau"),
    )
    # The action's submitted form data (the target row's URL kwargs under "_target").
    payload = models.JSONField(default=dict, encoder=DjangoJSONEncoder, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    drafted_at = models.DateTimeField(_("drafted on"), default=timezone.now)
    # The drafter's unit and position when drafting: the chain the approvers come from.
    drafter_unit = models.ForeignKey(
        "portal.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    drafter_position = models.PositiveSmallIntegerField(default=Position.STAFF)
    status = models.CharField(
        _("status"), max_length=20, choices=KessaiStatus.choices, default=KessaiStatus.IN_PROGRESS
    )
    # Index into ``steps`` of the step that waits; len(steps) once approved.
    current_step = models.PositiveSmallIntegerField(default=0)
    # The route's steps when drafted: [{"order", "position", "unit_id"}]; a route changed
    # meanwhile does not move a draft already on its way.
    steps = models.JSONField(default=list, blank=True)
    # Each resubmission after a return starts a new round of stamps.
    round = models.PositiveSmallIntegerField(default=1)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)

    class Meta:
        ordering = ["-drafted_at", "-pk"]
        verbose_name = _("kessai")
        verbose_name_plural = _("kessai")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=KessaiStatus.values), name="kessai_status_valid"
            ),
            models.CheckConstraint(condition=ONE_ORGANISATION, name="kessai_one_organisation"),
            # One open draft of an act on an object at a time.
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind"],
                condition=Q(status__in=OPEN_STATUSES),
                name="kessai_one_open_per_act",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def step_count(self) -> int:
        return len(self.steps)


class StampKind(models.TextChoices):
    APPROVE = "approve", pgettext_lazy("stamp", "approved")
    RETURN = "return", pgettext_lazy("stamp", "returned")
    PROXY = "proxy", pgettext_lazy("stamp", "decided as deputy (代決)")
    AFTERWARDS = "afterwards", pgettext_lazy("stamp", "read afterwards (後閲)")


class KessaiStamp(models.Model):
    """One stamp (印) on a draft: who, in which position and unit then, what, when."""

    Kind = StampKind

    kessai = models.ForeignKey(Kessai, on_delete=models.CASCADE, related_name="stamps")
    round = models.PositiveSmallIntegerField(default=1)
    # The step's index in ``Kessai.steps``; -1 for the drafter's own stamp.
    step = models.SmallIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    user_name = models.CharField(max_length=150)
    position = models.PositiveSmallIntegerField(choices=Position.choices)
    unit_name = models.CharField(max_length=130, blank=True)
    kind = models.CharField(max_length=12, choices=StampKind.choices)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)
    # 代決: the absent approver the stand-in decided for.
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["kessai_id", "round", "step", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=StampKind.values), name="kessai_stamp_kind_valid"
            ),
            # One decision per step and round (the lock makes two approvers at once one).
            models.UniqueConstraint(
                fields=["kessai", "round", "step"],
                condition=Q(kind__in=("approve", "return", "proxy")),
                name="kessai_stamp_one_decision_per_step",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_name} {self.get_kind_display()}"


class Delegation(models.Model):
    """A person names a stand-in who decides for them (代決) from ``starts_on`` to
    ``ends_on`` (both included)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="delegations",
        verbose_name=_("absent person"),
    )
    stand_in = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="stand_in_for",
        verbose_name=_("stand-in"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="delegation_period_valid"
            ),
            models.CheckConstraint(
                condition=~Q(user=F("stand_in")), name="delegation_not_to_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.stand_in}"
