"""The casebook pillar's routed act (決裁): HQ's certification of a cooperative (認定), in
the governor's name. Registered with the kernel from ``plugins.py``."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.kessai import HQ, RoutedAct, register_routed_act

from .admin.certification import CERTIFICATION_ACTIONS


def _object_url(user, application) -> str:
    return reverse("admin:casebook_certificationapplication_change", args=[application.pk])


def _step_url(application, target_kwargs) -> str:
    return reverse("admin:casebook_certificationapplication_step", args=[application.pk, "certify"])


def register() -> None:
    label = _("Certification of a cooperative (認定)")
    register_routed_act(
        RoutedAct(
            kind="casebook.certify",
            label=label,
            model=None,
            action=CERTIFICATION_ACTIONS.get("certify"),
            side=HQ,
            title=lambda application: f"{label}: {application}",
            object_url=_object_url,
            draft_url=_step_url,
        )
    )
