from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal kernel")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import permissions, registry
        from .models import Consultation, ConsultationReply

        registry.register_attachment_owner(Consultation, permissions.can_view_consultation)
        registry.register_attachment_owner(
            ConsultationReply,
            lambda user, reply: permissions.can_view_consultation(user, reply.consultation),
        )
        registry.register_todo_provider(_consultation_todos)
        _register_own_areas()
        registry.register_reference_kind("portal.consultation", _find_consultation)

        from .workqueue import register_kernel_queues

        register_kernel_queues()

        from .services.handover import register_kernel_handover

        register_kernel_handover()

        from . import regional, regional_kernel

        regional.register(regional_kernel.MEASURES, regional_kernel.provider)

        _register_strategy()
        _register_kessai()

        from . import related_ids

        related_ids.install()

        from django.db.models.signals import post_migrate

        from .syndication import sync_site_domain

        post_migrate.connect(sync_site_domain, sender=self, dispatch_uid="portal.sites")


def _register_own_areas():
    """The kernel's own areas: municipal staff's work across the pillars, and the officers'
    work queue in the admin (対応待ち). The pillars register the other roles' areas."""
    from .models import Role
    from .registry import OwnArea, register_own_area

    register_own_area(
        OwnArea(
            key="municipal-work",
            roles=frozenset({Role.MUNICIPAL}),
            title=_("My applications and requests"),
            url_name="portal:my_work",
        )
    )
    register_own_area(
        OwnArea(
            key="bureau-work",
            roles=frozenset({Role.BUREAU}),
            title=_("Bureau work (administration)"),
            url_name="admin:index",
        )
    )
    register_own_area(
        OwnArea(
            key="hq-work",
            roles=frozenset({Role.HQ}),
            title=_("HQ work (administration)"),
            url_name="admin:index",
        )
    )
    from .permissions.rotation import can_prepare_rotation

    register_own_area(
        OwnArea(
            key="rotation",
            roles=frozenset({Role.MUNICIPAL, Role.HQ}),
            title=_("Roster changes (人事異動)"),
            url_name="portal:rotation_list",
            order=150,
            allowed=can_prepare_rotation,
        )
    )


def _register_kessai():
    """決裁 (#20): what waits on an approver is a to-do on their page (決裁待ち); my page links
    the 決裁 box itself (an own area is each role's one starting place, not this)."""
    from .registry import register_todo_provider

    register_todo_provider(_kessai_todos)


def _kessai_todos(user):
    from django.urls import reverse
    from django.utils.translation import gettext

    from .models import Role
    from .registry import TodoItem
    from .selectors.kessai import kessai_waiting_for

    if not user.is_authenticated or user.role not in (Role.MUNICIPAL, Role.BUREAU, Role.HQ):
        return []
    return [
        TodoItem(
            title=gettext("決裁待ち: %(title)s") % {"title": kessai.title},
            url=reverse("portal:kessai_detail", args=[kessai.pk]),
        )
        for kessai in kessai_waiting_for(user)
    ]


def _register_strategy():
    """Strategies (#21): advice on a 総合戦略 section by section, the strategy on its
    municipality's public page and in the regional view."""
    from . import registry
    from .models import Strategy
    from .panels.strategy import municipality_panel, public_municipality_panel
    from .permissions import strategy as perms
    from .selectors import strategy as selectors

    registry.register_advice_owner(
        Strategy,
        registry.AdviceOwner(
            can_give=perms.can_advise_strategy,
            can_answer=perms.can_answer_advice,
            section_label=selectors.strategy_section_label,
            notify_on_advice=selectors.strategy_keepers,
            notify_on_answer=lambda strategy: [],
            url=lambda strategy: strategy.get_absolute_url(),
        ),
    )
    registry.register_public_municipality_panel(public_municipality_panel)
    registry.register_municipality_panel(municipality_panel)


def _find_consultation(user, number):
    """A consultation the user may see, by its number (C2026-00012) or its page's."""
    import re

    from .references import plain_id
    from .registry import Referenced
    from .selectors import consultations_visible_to

    quoted = re.fullmatch(r"C(\d{4})-(\d+)", number)
    pk = plain_id(quoted[2] if quoted else number)
    if pk is None:
        return None
    consultation = consultations_visible_to(user).filter(pk=pk).first()
    if consultation is None:
        return None
    if quoted and consultation.reference != f"C{quoted[1]}-{pk:05d}":
        return None
    return Referenced(
        kind="portal.consultation",
        pk=consultation.pk,
        label=consultation.subject,
        reference=consultation.reference,
    )


def _consultation_todos(user):
    from django.urls import reverse

    from . import selectors
    from .models import Consultation, Role
    from .registry import TodoItem

    if not user.is_authenticated or user.role not in (Role.BUREAU, Role.HQ):
        return []
    open_items = selectors.consultations_visible_to(user).filter(status=Consultation.Status.OPEN)[
        :20
    ]
    return [
        TodoItem(
            title=f"{c.reference} {c.subject}",
            url=reverse("portal:consultation_detail", args=[c.pk]),
            due=None,
        )
        for c in open_items
    ]
