"""The casebook card of "my applications and requests" (自分の申請・依頼): the challenges
of the user's municipality, counted once."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.registry import WorkCard

from ..selectors.challenges import challenges_visible_to


def challenge_card(user) -> WorkCard:
    return WorkCard(
        key="challenges",
        title=_("Challenges"),
        count=challenges_visible_to(user).count(),
        url=reverse("casebook:challenge_list"),
        order=40,
    )
