"""Notices (お知らせ・事務連絡) on the portal: the public list, page and feed of public
notices; a recipient's inbox; the notice's page, whose opening is recorded (既読) and where a
要確認 notice is confirmed. Notices are written and sent in the admin."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.actions import not_found, run_action
from portal.services.attachments import attachments_of
from portal.syndication import SiteFeed

from ..filters.notices import NoticeFilter
from ..models.notices import NoticeStatus
from ..permissions import notices as perms
from ..selectors import notices as selectors
from ..services import notices as services
from .common import query_without_page

PER_PAGE = 25
FEED_LIMIT = 30


@require_http_methods(["GET"])
def notice_list(request):
    """The public notices (the prefecture's measures), newest first, by category."""
    filters = NoticeFilter(request.GET, queryset=selectors.notices_public())
    page = Paginator(filters.qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "casebook/notices/notice_list.html",
        {"filter": filters, "page": page, "query": query_without_page(request)},
    )


@require_http_methods(["GET"])
def notice_detail(request, pk):
    """The notice for whoever may read it (404 for anyone else); a recipient's first
    opening is recorded as read."""
    notice, receipt = selectors.notice_get_for(request.user, pk)
    receipt = services.notice_open(notice=notice, receipt=receipt, actor=request.user)
    trail = (
        [(reverse("casebook:notice_inbox"), _("Notices to your organisation"))]
        if receipt is not None
        else [(reverse("casebook:notice_list"), _("Notices from the prefecture"))]
        if notice.is_public
        else []
    )
    return render(
        request,
        "casebook/notices/notice_detail.html",
        {
            "notice": notice,
            "receipt": receipt,
            "attachments": list(attachments_of(notice)) if notice.pk else [],
            "can_confirm": receipt is not None
            and notice.requires_confirmation
            and notice.status == NoticeStatus.SENT
            and receipt.confirmed_at is None,
            "trail": trail,
        },
    )


@login_required
@require_POST
def notice_confirm(request, pk):
    """「確認しました」: recorded once for the recipient; 404 to anyone who is not one."""
    notice, receipt = selectors.notice_get_for(request.user, pk)
    if receipt is None:
        raise Http404
    run_action(
        request,
        lambda: services.notice_confirm(notice=notice, actor=request.user),
        done=_("You confirmed the notice. The sender can see it."),
        on_refused=not_found,
    )
    return redirect(notice.get_absolute_url())


@login_required
@require_http_methods(["GET"])
def notice_inbox(request):
    """The notices sent to the user's municipality (or cooperative), unread and to confirm
    marked; 404 to those who receive none (officers, advisors, companies)."""
    if not perms.may_receive_notices(request.user):
        raise Http404
    receipts = selectors.receipts_for(request.user)
    page = Paginator(receipts, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "casebook/notices/notice_inbox.html",
        {"page": page, "query": query_without_page(request)},
    )


class NoticeFeed(SiteFeed):
    """The public notices as an Atom feed (the seed I2's measures, for subscribers)."""

    feed_type = Atom1Feed
    language = "ja"

    def title(self):
        return _("Notices from the Hokkaido prefecture")

    def subtitle(self):
        return _("The prefecture's measures and notices to municipalities, newest first.")

    def link(self):
        return reverse("casebook:notice_list")

    def feed_url(self):
        return reverse("casebook:notice_feed")

    def items(self):
        return selectors.notices_public()[:FEED_LIMIT]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body[:500]

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.sent_at

    def item_author_name(self, item):
        return item.sender_label()

    def item_categories(self, item):
        return [item.get_category_display()]

    def feed_copyright(self):
        return "CC BY 4.0 — 北海道 市町村戦略支援ポータル（北海道）"
