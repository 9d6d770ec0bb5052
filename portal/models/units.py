"""The 課 and 係 of each organisation, and where a person sits in them.

An organisation is a municipality, a bureau (振興局) or HQ (本庁: neither). Each has its own
tree of units: 課 at the top, 係 under a 課. A person belongs to one unit with a position;
positions are the approver levels of a 決裁 route (``portal.models.kessai``).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Position(models.IntegerChoices):
    """A person's position: the approver level. The numbers order the levels (a 課長 is
    above a 係長); a route's step names the level that approves it."""

    STAFF = 10, pgettext_lazy("position", "staff")
    CHIEF = 20, pgettext_lazy("position", "section chief")
    MANAGER = 30, pgettext_lazy("position", "division director")
    HEAD = 40, pgettext_lazy("position", "head of the organisation")


class UnitKind(models.TextChoices):
    DIVISION = "division", pgettext_lazy("unit kind", "division")
    SECTION = "section", pgettext_lazy("unit kind", "section")


class Unit(models.Model):
    """One 課 or 係 of a municipality, a bureau or HQ (both empty)."""

    Kind = UnitKind

    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("municipality"),
    )
    bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("bureau"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sections",
        verbose_name=_("division"),
        help_text=_("The division a section belongs to; empty for a division."),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=UnitKind.choices, default=UnitKind.DIVISION
    )
    name = models.CharField(_("name"), max_length=60)
    email = models.EmailField(
        _("shared mailbox"),
        blank=True,
        help_text=_("The unit's shared address, if it has one (mail to the unit goes there too)."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["municipality_id", "bureau_id", "order", "name", "pk"]
        verbose_name = pgettext_lazy("organisation", "unit")
        verbose_name_plural = pgettext_lazy("organisation", "units")
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=True) | Q(bureau__isnull=True),
                name="unit_has_one_organisation",
            ),
            models.CheckConstraint(condition=Q(kind__in=UnitKind.values), name="unit_kind_valid"),
            models.CheckConstraint(
                condition=Q(kind=UnitKind.DIVISION, parent__isnull=True)
                | Q(kind=UnitKind.SECTION, parent__isnull=False),
                name="unit_section_has_division",
            ),
            models.UniqueConstraint(
                fields=["municipality", "bureau", "parent", "name"],
                name="unit_name_unique_in_organisation",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        if self.parent_id:
            return f"{self.parent.name} {self.name}"
        return self.name
