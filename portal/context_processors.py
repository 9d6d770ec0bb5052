from django.conf import settings

from . import registry, selectors


def portal(request):
    user = getattr(request, "user", None)
    own_areas = registry.own_areas_for(user)
    return {
        "unread_notifications": selectors.unread_count(user) if user is not None else 0,
        "session_seconds": settings.SESSION_COOKIE_AGE,
        "site_url": settings.SITE_URL,
        "own_areas": own_areas,
        # Officers' own area is the admin's work queue: one link to it, under the area's name.
        "admin_in_own_areas": any(area.url_name == "admin:index" for area in own_areas),
    }
