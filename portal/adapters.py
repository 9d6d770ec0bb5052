from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings

# allauth's reauthentication flows that prove only knowledge of the password or control of
# the mailbox: not enough to change the security of an account that has a second factor.
_WEAK_REAUTHENTICATION = frozenset({"reauthenticate", "reauthenticate_by_code"})


class AccountAdapter(DefaultAccountAdapter):
    """Mail sent by allauth goes out in the user's language, like our notifications."""

    def send_mail(self, template_prefix, email, context):
        from django.utils import translation

        user = context.get("user")
        language = (
            getattr(user, "language", None)
            or translation.get_language()
            or (settings.LANGUAGE_CODE)
        )
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def get_client_ip(self, request):
        """The client behind our own proxies (PORTAL_TRUSTED_PROXIES), for allauth's rate
        limits; allauth's ALLAUTH_TRUSTED_PROXY_COUNT is not used."""
        from django.core.exceptions import PermissionDenied

        from portal.net import client_ip

        ip = client_ip(request)
        if not ip:
            # allauth's own contract: no address, no rate limit key, no service.
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        # Security notices (password, address, authenticator changed) in the owner's language.
        super().send_notification_mail(
            template_prefix, user, {**(context or {}), "user": user}, email
        )

    def get_reauthentication_methods(self, user):
        """With an authenticator set up, confirming one's identity takes the code.

        Otherwise anyone holding a signed-in session and the password (a shared PC, a
        shoulder-surfed password) could remove the second factor or change the address.
        allauth's password and mail-code reauthentication views refuse a method not listed
        here and redirect to the first listed one.
        """
        methods = super().get_reauthentication_methods(user)
        if any(method["id"] == "mfa_reauthenticate" for method in methods):
            methods = [m for m in methods if m["id"] not in _WEAK_REAUTHENTICATION]
        return methods


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        """Officers and HQ replace their authenticator app; they never go without one."""
        return not authenticator.user.must_keep_second_factor
