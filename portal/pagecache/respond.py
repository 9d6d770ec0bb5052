"""A stored page as a response: a 200 with its body, or a 304/412 to a conditional GET."""

from __future__ import annotations

from django.http import HttpResponse
from django.http.response import ResponseHeaders
from django.utils.cache import get_conditional_response

from .store import Ready

_CONDITIONAL = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def conditional(request, ready: Ready) -> HttpResponse | None:
    """A 304 (or 412) when the request is conditional and the browser's copy is current."""
    if not any(name in request.META for name in _CONDITIONAL):
        return None
    page = ready.page
    return get_conditional_response(request, etag=page.etag, last_modified=int(page.last_modified))


def respond(request, ready: Ready) -> HttpResponse:
    """The page with its own headers; the middleware below the view adds the rest."""
    response = conditional(request, ready)
    if response is None:
        body = ready.page.body
        response = HttpResponse(body, content_type=ready.page.content_type)
        response["Content-Length"] = str(len(body))
    for name, value in ready.headers:
        response[name] = value
    return response


class StampedHeaders(ResponseHeaders):
    """Headers that were checked (encoding, no newline) when a hit first built them: a later
    hit copies them as they are instead of checking each one again, which was a fifth of the
    cost of a hit."""

    def __init__(self, checked: ResponseHeaders):
        self._store = dict(checked._store)


def stamped(response: HttpResponse, headers: ResponseHeaders) -> HttpResponse:
    response.headers = StampedHeaders(headers)
    return response
