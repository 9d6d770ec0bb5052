"""The ways into an account that the portal owns besides allauth's own pages.

There is one sign-in: allauth's, with its second factor and its rate limits. The admin's own
login and password pages only send people there. Officers and HQ replace their authenticator
app here (a new phone) instead of removing it.
"""

import base64

from allauth.account.decorators import reauthentication_required
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.totp.internal.auth import clear_totp_secret
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from ..services.security import user_replace_totp


def _safe_next(request, default: str) -> str:
    candidate = request.GET.get(REDIRECT_FIELD_NAME) or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def admin_login(request, extra_context=None):
    """``/admin/login/`` (and every admin page's "please sign in") goes to the portal's login.

    Django's own admin login form checks the password alone: it would skip the second factor
    and allauth's rate limits. Nothing is read from a POST here, so a password sent to the
    old form is never checked.
    """
    target = _safe_next(request, reverse("admin:index"))
    if request.user.is_authenticated:
        # Signed in but not allowed in the admin: the admin would otherwise loop back here.
        if request.user.is_active and request.user.is_staff:
            return HttpResponseRedirect(target)
        messages.error(request, _("Your account cannot use the administration site."))
        return redirect("portal:mypage")
    login_url = reverse("account_login") + "?" + urlencode({REDIRECT_FIELD_NAME: target})
    return HttpResponseRedirect(login_url)


def admin_password_change(request, extra_context=None):
    """The admin's password form changes a password without the security notice: use ours."""
    return redirect("account_change_password")


class ReplaceTOTPForm(ActivateTOTPForm):
    """A code from the new app proves it is set up before the old one stops working."""

    def clean_code(self) -> str:
        # allauth's activation refuses when an app is already set up; replacing is the point.
        from allauth.mfa.base.internal.flows import check_rate_limit
        from allauth.mfa.totp.internal import auth

        clear_rate_limit = check_rate_limit(self.user, error_key="rate_limited")
        code = self.cleaned_data["code"]
        if not auth.validate_totp_code(self.secret, code):
            raise get_mfa_adapter().validation_error("incorrect_code")
        clear_rate_limit()
        return code


@login_required
@reauthentication_required(app="allauth.mfa")
def totp_replace(request):
    """Set up a new authenticator app in place of the current one (a new or lost phone).

    Reauthentication comes first, and for a user with an app it asks for a code (or a
    recovery code, for a lost phone). The old app keeps working until the new app's code is
    accepted, so a mistake halfway never leaves the account without a second factor.
    """
    current = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).first()
    if current is None:
        return redirect("mfa_activate_totp")
    form = ReplaceTOTPForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user_replace_totp(user=request.user, secret=form.secret)
        clear_totp_secret(request)
        messages.success(
            request,
            _("Your new authenticator app is set up. The old one no longer works."),
        )
        return redirect("mfa_index")
    adapter = get_mfa_adapter()
    totp_url = adapter.build_totp_url(request.user, form.secret)
    totp_svg = adapter.build_totp_svg(totp_url)
    return render(
        request,
        "mfa/totp/replace_form.html",
        {
            "form": form,
            "totp_url": totp_url,
            "totp_svg_data_uri": "data:image/svg+xml;base64,"
            + base64.b64encode(totp_svg.encode()).decode(),
        },
    )
