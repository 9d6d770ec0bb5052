"""Require a second factor for bureau officers and HQ when PORTAL_REQUIRE_STAFF_MFA is on."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .models.accounts import STAFF_ROLES

ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/", "/favicon")


class StaffMFARequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up_mfa(request):
            messages.warning(
                request,
                _(
                    "Bureau officers and HQ staff must set up two-factor authentication "
                    "before using the portal."
                ),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _must_set_up_mfa(request) -> bool:
        if not settings.PORTAL_REQUIRE_STAFF_MFA:
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if user.role not in STAFF_ROLES and not user.is_superuser:
            return False
        path = request.path_info
        if path.startswith(ALLOWED_PREFIXES):
            return False
        from allauth.mfa.utils import is_mfa_enabled

        return not is_mfa_enabled(user)
