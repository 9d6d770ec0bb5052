"""Changes to how a person proves who they are (the second factor)."""

from __future__ import annotations

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from ..models import User
from ..workflow import audit


def user_replace_totp(*, user: User, secret: str) -> Authenticator:
    """Swap ``user``'s authenticator app for the one set up with ``secret``.

    Preconditions (the view's): the user reauthenticated with their current code and proved
    the new app with a code from it. In one transaction the old app stops working and the
    new one starts, so the account is never without a second factor; recovery codes stay.
    Side effects: an audit event, and after commit a notice to the account's address.
    """
    adapter = get_account_adapter()  # bound to the current request (the notice names its IP)
    with transaction.atomic():
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
        authenticator = TOTP.activate(user, secret).instance
        audit(user, actor=user, action="totp_replaced")
        transaction.on_commit(
            lambda: adapter.send_notification_mail("mfa/email/totp_activated", user)
        )
    return authenticator
