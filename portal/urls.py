"""Root URL configuration. Pillars are wired here by name only."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from .sitemaps import sitemaps
from .views import security
from .views.public import favicon, healthz, language_switch, robots

admin.site.site_header = "北海道 市町村戦略支援ポータル 管理"
admin.site.site_title = "市町村戦略支援ポータル 管理"
admin.site.index_title = "管理メニュー"
# One way in: the admin's own login and password forms would skip the second factor and the
# rate limits, so they send people to the portal's (see portal.views.security).
admin.site.login = security.admin_login
admin.site.password_change = security.admin_password_change

urlpatterns = [
    path("", include("portal.app_urls")),
    path("accounts/2fa/totp/replace/", security.totp_replace, name="mfa_replace_totp"),
    path("accounts/", include("allauth.urls")),
    path("admin/login/", security.admin_login),
    path("admin/password_change/", security.admin_password_change),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", language_switch, name="set_language"),
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", robots, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
    path("grants/", include("grants.urls")),
    path("dispatch/", include("dispatch.urls")),
    path("casebook/", include("casebook.urls")),
]


if settings.DEBUG:
    from django.views.defaults import page_not_found, server_error

    urlpatterns += [
        path("__404/", page_not_found, {"exception": Exception()}),
        path("__500/", server_error),
    ]
