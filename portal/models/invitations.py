"""Invitations by which a municipality's staff bring a local group (団体) or one of its
地域おこし協力隊 members onto the portal. One mechanism for both: the link, its expiry, sending
again and cancelling are the same; only the role the account receives differs."""

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The link mailed to the group carries the invitation's number and its current secret,
# signed with the site's key: a link cannot be guessed or altered, and sending the
# invitation again (a new secret) retires the links mailed before.
INVITATION_LINK_SALT = "portal.group_invitation"


class GroupInvitationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("group invitation", "awaiting acceptance")
    ACCEPTED = "accepted", pgettext_lazy("group invitation", "accepted")
    CANCELLED = "cancelled", pgettext_lazy("group invitation", "cancelled")


class InvitedRole(models.TextChoices):
    GROUP = "group", pgettext_lazy("invited as", "local group")
    MEMBER = "member", pgettext_lazy("invited as", "kyoryokutai member")


class GroupInvitation(models.Model):
    """A municipality vouches for a local group (or a 協力隊 member it commissioned): whoever
    accepts the link receives the role for that municipality without a further decision.
    ``group_name`` holds the invitee's name (the group's, or the member's)."""

    Status = GroupInvitationStatus
    Role = InvitedRole

    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        related_name="group_invitations",
        verbose_name=_("municipality"),
    )
    role = models.CharField(
        _("invited as"), max_length=10, choices=InvitedRole.choices, default=InvitedRole.GROUP
    )
    group_name = models.CharField(_("group name"), max_length=100)
    email = models.EmailField(_("email address"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    secret = models.CharField(_("link secret"), max_length=64, editable=False)
    expires_at = models.DateTimeField(_("link expires at"))
    sent_count = models.PositiveSmallIntegerField(_("times sent"), default=1)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("invited by"),
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("group invitation")
        verbose_name_plural = _("group invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "email"],
                condition=models.Q(status="pending"),
                name="one_pending_group_invitation_per_address",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=GroupInvitationStatus.values),
                name="group_invitation_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=InvitedRole.values),
                name="group_invitation_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group_name} <{self.email}> ({self.municipality})"

    @property
    def token(self) -> str:
        return signing.dumps({"i": self.pk, "s": self.secret}, salt=INVITATION_LINK_SALT)

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    @property
    def is_open(self) -> bool:
        """Pending and not expired: the link can still be accepted."""
        return self.status == self.Status.PENDING and not self.is_expired()
