"""The one-stop window (ワンストップ窓口) of 協力隊 support: an inquiry from anyone — someone
thinking of applying, a serving member, municipal staff — lands in the kernel's
consultation desk under the category 協力隊, answered by HQ's support office (or, for a
municipality's own staff, by their bureau). A question about a position also reaches the
position's municipality, whose staff answer it in the same thread.

The kernel sends the acknowledgement with the private link to the thread and mails the
answer. Here: the rate limit per client (a few inquiries an hour; a cache that is down
never blocks anyone) and the question put together with who is asking and about what.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import Consultation, ConsultationCategory
from portal.services.consultations import consultation_open_guest

logger = logging.getLogger(__name__)

CATEGORY = "kyoryokutai"
LIMIT = 5
WINDOW_SECONDS = 3600

ASKER_KINDS = {
    "prospective": gettext_lazy("Thinking of becoming a volunteer"),
    "serving": gettext_lazy("Serving volunteer"),
    "former": gettext_lazy("Former volunteer"),
    "municipal": gettext_lazy("Municipal staff"),
    "other": gettext_lazy("Other"),
}


class InquiryRateLimited(ValidationError):
    pass


def client_key(ip: str) -> str:
    """A key for the client's address that does not keep the address itself."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]
    return f"kyoryokutai:inquiry:{digest}"


def _count_one(key: str) -> int | None:
    """Count an inquiry in the window; None when the cache cannot say (fail open)."""
    try:
        cache.add(key, 0, WINDOW_SECONDS)
        return cache.incr(key)
    except Exception:  # cache down, or the key expired between add and incr
        logger.warning("inquiry rate limit unavailable; letting the inquiry through")
        return None


def inquiry_send(
    *,
    name: str,
    email: str,
    subject: str,
    question: str,
    asker_kind: str,
    client: str,
    municipality=None,
    position=None,
    asker=None,
) -> Consultation:
    """Open a consultation of the 協力隊 desk for ``name`` <``email``>.

    Raises ``InquiryRateLimited`` after ``LIMIT`` inquiries from the same ``client`` key
    within an hour. HQ's support office answers, except the questions municipal staff
    ask about their own municipality: those are filed under it and go to its bureau. A
    question about a position reaches the position's municipality too (it answers in the
    thread), unless a serving member asks: their questions stay with the prefecture.
    Side effects (by the kernel, after commit): the desk's staff are told, the asker
    receives an acknowledgement with the private link to the thread.
    """
    count = _count_one(client)
    if count is not None and count > LIMIT:
        raise InquiryRateLimited(
            _(
                "You have sent several inquiries in a short time. Please wait an hour and "
                "send it again; what you wrote is kept below."
            ),
            code="rate_limited",
        )
    category = ConsultationCategory.objects.get(code=CATEGORY)
    if position is not None and municipality is None:
        municipality = position.municipality
    with translation.override(settings.LANGUAGE_CODE):  # the desk reads Japanese
        lines = [
            _("Asked by: %(kind)s") % {"kind": ASKER_KINDS.get(asker_kind, ASKER_KINDS["other"])},
        ]
        if municipality is not None:
            lines.append(_("Municipality: %(name)s") % {"name": municipality.name})
        if position is not None:
            url = settings.SITE_URL.rstrip("/") + reverse(
                "dispatch:kyoryokutai_position_detail", args=[position.pk]
            )
            lines.append(
                _("About the position: %(title)s %(url)s") % {"title": position.title, "url": url}
            )
    body = "\n".join(lines) + "\n\n" + question
    # Only municipal staff asking about their own municipality file the consultation under
    # it (their colleagues follow it as usual). Someone else's question about a town — a
    # prospective member's doubts, a member's trouble — stays between them and the
    # prefecture: the town is named in the text, and the town's staff do not see it.
    own_municipality = (
        asker is not None
        and asker.is_authenticated
        and asker.role == "municipal"
        and municipality is not None
        and asker.municipality_id == municipality.pk
    )
    # The town that posted a position knows it best: a question about it reaches the town's
    # staff, who answer in the same thread (the desk still sees it). A serving member's
    # question is never routed to a town: it may be about trouble with their own.
    answering = None
    if position is not None and not own_municipality and asker_kind != "serving":
        answering = position.municipality
    return consultation_open_guest(
        category=category,
        answering_municipality=answering,
        name=name,
        email=email,
        subject=subject,
        question=body[:10000],
        municipality=municipality if own_municipality else None,
        asker=asker,
        # The bureau supports its municipalities day to day, so it answers their staff;
        # HQ (which sees every consultation) may still step in.
        bureau=municipality.bureau if own_municipality else None,
    )
