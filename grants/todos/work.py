"""The grants card of "my applications and requests" (自分の申請・依頼): the applications of
the user's municipality, counted once."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.registry import WorkCard

from ..selectors.applications import applications_visible_to


def application_card(user) -> WorkCard:
    return WorkCard(
        key="applications",
        title=_("Grant applications"),
        count=applications_visible_to(user).count(),
        url=reverse("grants:application_list"),
        order=10,
    )
