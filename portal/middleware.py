"""Request-level policies: the language shown, and MFA for bureau officers and HQ."""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models.accounts import STAFF_ROLES

request_logger = logging.getLogger("portal.requests")

# What an officer without a second factor may still reach: whole paths, or folders ending
# in "/" (a bare prefix such as "/healthz" would also let "/healthzzz/…" through).
MFA_EXEMPT_PATHS = frozenset({"/healthz", "/favicon.ico", "/robots.txt"})
MFA_EXEMPT_FOLDERS = ("/accounts/", "/static/", "/i18n/")


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
        if path in MFA_EXEMPT_PATHS or path.startswith(MFA_EXEMPT_FOLDERS):
            return False
        from allauth.mfa.utils import is_mfa_enabled

        return not is_mfa_enabled(user)


class RotationMiddleware:
    """Old access ends on the day of a move (人事異動), even before the daily task has run:
    a user whose scheduled move has come has it applied on their first request of the day,
    before any view reads their scope. Costs nothing for everyone else: the date is on the
    user's row, which the authentication middleware has loaded anyway."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            due = user.moves_on
            if due is not None and due <= timezone.localdate():
                from .services.rotation import person_apply_due

                if person_apply_due(person=user):
                    user.refresh_from_db()
        return self.get_response(request)


class PortalLocaleMiddleware(LocaleMiddleware):
    """Japanese unless the person chose English with the language switch (cookie).

    The browser's Accept-Language is deliberately ignored: this is a Japanese public-sector
    portal, and staff on an English-configured PC must still see the Japanese screens that
    their manuals and colleagues describe.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response.

    Scripts only from our own origin (no inline script anywhere), frames refused; inline
    styles stay allowed because Django's admin still sets a few style attributes. Responses
    that set their own policy (private file downloads: sandboxed) keep it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.PORTAL_CSP)
        response.headers.setdefault("Permissions-Policy", settings.PORTAL_PERMISSIONS_POLICY)
        return response


class PrivateResponseMiddleware:
    """Nothing a signed-in person sees is kept in a browser's or a proxy's cache.

    Every page and download for a signed-in user (applications, consultations, the 協力隊
    register, CSV/ICS/PDF exports) is marked ``private, no-store``, whatever the view said:
    on a shared office PC the back button or the disk cache must not show the previous
    person's data. The one exception is a response its view declared ``public`` (a published
    photo, the same bytes for everyone). Pages opened through a secret link (a guest's
    consultation, an event registration) carry the mark from their views. Anonymous public
    pages keep their own caching headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        declared = response.headers.get("Cache-Control", "")
        if user is not None and user.is_authenticated and "public" not in declared:
            response.headers["Cache-Control"] = "private, no-store"
            response.headers.pop("Expires", None)
        return response


class RequestLogMiddleware:
    """One structured line per request: method, path (never the query string, which may
    carry personal data), status, duration, user id (not the email), for operators."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        request_logger.info(
            "request",
            extra={
                "http": {
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                }
            },
        )
        return response
