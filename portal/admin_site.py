"""The portal's admin site: the officers' home with its work queue (「対応待ち」), the apps in
the order of the strategy's pillars, and the reference tables gathered under 「マスタ管理」.

Installed in settings as ``portal.admin_site.PortalAdminConfig`` in place of
``django.contrib.admin``, so that ``admin.site`` (and every ``@admin.register``) is this site.
Nothing here imports models at import time: the settings load this module before apps are ready.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

MASTERS_LABEL = "masters"
KERNEL_LABEL = "portal"


class PortalAdminSite(admin.AdminSite):
    index_template = "admin/index.html"

    def app_order(self) -> list[str]:
        """The project's apps as settings list them (the pillars: 資金 grants, 人 dispatch,
        情報 casebook), then the kernel's own records, then the reference tables; Django's
        and third-party apps after them."""
        local, others = [], []
        for config in apps.get_app_configs():
            path = Path(config.path).resolve()
            is_local = path.is_relative_to(settings.BASE_DIR) and "site-packages" not in path.parts
            (local if is_local else others).append(config.label)
        if KERNEL_LABEL in local:
            local.remove(KERNEL_LABEL)
            local.append(KERNEL_LABEL)
        return [*local, MASTERS_LABEL, *others]

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        if app_label is not None:
            return app_list
        masters = []
        for app in app_list:
            kept = []
            for model in app["models"]:
                model_admin = self._registry.get(model["model"])
                (masters if getattr(model_admin, "master_data", False) else kept).append(model)
            app["models"] = kept
        app_list = [app for app in app_list if app["models"]]
        if masters:
            app_list.append(
                {
                    "name": _("Master data (マスタ管理)"),
                    "app_label": MASTERS_LABEL,
                    # No app page of its own: the caption points at this group on the home.
                    "app_url": reverse(f"{self.name}:index") + f"#app-{MASTERS_LABEL}",
                    "has_module_perms": True,
                    "models": sorted(masters, key=lambda m: str(m["name"])),
                }
            )
        order = {label: i for i, label in enumerate(self.app_order())}
        return sorted(app_list, key=lambda app: order.get(app["app_label"], len(order)))

    def index(self, request, extra_context=None):
        from .selectors.kessai import kessai_waiting_for
        from .workqueue import work_queue_for

        extra_context = {
            **(extra_context or {}),
            "work_queue": work_queue_for(request, self),
            # 決裁待ち (#20): the drafts waiting on this officer, in their 決裁 box.
            "kessai_waiting": kessai_waiting_for(request.user),
        }
        return super().index(request, extra_context)


class PortalAdminConfig(AdminConfig):
    default_site = "portal.admin_site.PortalAdminSite"
