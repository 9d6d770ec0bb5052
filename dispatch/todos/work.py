"""The dispatch card of "my applications and requests" (自分の申請・依頼): the support
requests of the user's municipality (and those it shares as a partner), counted once."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.registry import WorkCard

from ..selectors.requests import requests_visible_to


def request_card(user) -> WorkCard:
    return WorkCard(
        key="requests",
        title=_("Support requests"),
        count=requests_visible_to(user).count(),
        url=reverse("dispatch:request_list"),
        order=20,
    )
