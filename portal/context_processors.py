from django.conf import settings

from . import selectors


def portal(request):
    user = getattr(request, "user", None)
    return {
        "unread_notifications": selectors.unread_count(user) if user is not None else 0,
        "session_seconds": settings.SESSION_COOKIE_AGE,
        "site_url": settings.SITE_URL,
    }
