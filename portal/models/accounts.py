"""Users, their role and scope, and requests for access to a municipality."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .units import Position


class Role(models.TextChoices):
    """What a signed-in user is to the portal. Scope follows from the role (see selectors)."""

    NONE = "none", _("no role yet")
    MUNICIPAL = "municipal", _("municipal staff")
    BUREAU = "bureau", _("bureau officer")
    HQ = "hq", _("HQ staff")
    ADVISOR = "advisor", _("advisor")
    GROUP = "group", _("local group")
    COMPANY = "company", _("company")
    COOPERATIVE = "cooperative", _("cooperative")
    # A 地域おこし協力隊 member invited by the host municipality: sees only their own entry
    # of the register, their activity reports and their own consultation threads.
    MEMBER = "member", _("kyoryokutai member")


STAFF_ROLES = frozenset({Role.BUREAU, Role.HQ})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=Role.HQ)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("full name"), max_length=100, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.NONE)
    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("municipality"),
    )
    bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        verbose_name=_("bureau"),
    )
    department = models.CharField(_("department"), max_length=100, blank=True)
    # Where the person sits in their organisation: the unit's shared inbox is theirs too, and
    # the position is their approver level on a 決裁 route.
    unit = models.ForeignKey(
        "portal.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=pgettext_lazy("organisation", "unit"),
    )
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("approver level", "position"),
        choices=Position.choices,
        default=Position.STAFF,
    )
    # The organisation's own administrator keeps its units and its people's units and
    # positions, and applies its April rotation (HQ does it for bureau staff).
    is_org_admin = models.BooleanField(
        _("organisation administrator"),
        default=False,
        help_text=_("Keeps the organisation's units, positions and rotation."),
    )
    # The effective date of the person's next scheduled move (人事異動), if any: checked on
    # every request from the row already loaded, so old access ends on that date even when
    # the daily task has not run yet (``portal.middleware.RotationMiddleware``).
    moves_on = models.DateField(_("moves on"), null=True, blank=True, editable=False)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="ja"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("admin access"),
        default=False,
        help_text=_("Bureau officers and HQ staff use the admin site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="municipal") | models.Q(municipality__isnull=False),
                name="municipal_staff_has_municipality",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="bureau") | models.Q(bureau__isnull=False),
                name="bureau_officer_has_bureau",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="group") | models.Q(municipality__isnull=False),
                name="group_has_municipality",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]),
                name="user_role_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(position__in=Position.values),
                name="user_position_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name or self.email

    @property
    def is_municipal(self) -> bool:
        return self.role == Role.MUNICIPAL

    @property
    def is_bureau_officer(self) -> bool:
        return self.role == Role.BUREAU

    @property
    def is_hq(self) -> bool:
        return self.role == Role.HQ or self.is_superuser

    @property
    def is_advisor(self) -> bool:
        return self.role == Role.ADVISOR

    @property
    def must_keep_second_factor(self) -> bool:
        """Bureau officers, HQ and superusers hold the keys to money and personal data: once
        they have an authenticator, it can be replaced (with a code) but never removed."""
        return self.role in STAFF_ROLES or self.is_superuser


class AccessRequestStatus(models.TextChoices):
    PENDING = "pending", _("awaiting decision")
    APPROVED = "approved", _("approved")
    DECLINED = "declined", _("declined")


class AccessRequest(models.Model):
    """A signed-up user asks to act for a municipality: as its staff (the bureau decides) or
    as one of its local groups (the municipality's staff decide)."""

    ROLES = [(Role.MUNICIPAL.value, Role.MUNICIPAL.label), (Role.GROUP.value, Role.GROUP.label)]

    Status = AccessRequestStatus

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="access_requests",
        verbose_name=_("user"),
    )
    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        related_name="access_requests",
        verbose_name=_("municipality"),
    )
    role = models.CharField(_("role"), max_length=20, choices=ROLES, default=Role.MUNICIPAL)
    department = models.CharField(_("department"), max_length=100, blank=True)
    group_name = models.CharField(_("group name"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="one_pending_access_request_per_user",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AccessRequestStatus.values),
                name="access_request_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=[Role.MUNICIPAL.value, Role.GROUP.value]),
                name="access_request_role_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="group") | ~models.Q(group_name=""),
                name="group_access_request_has_group_name",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.municipality}"
