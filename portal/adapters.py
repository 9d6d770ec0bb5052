from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


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
