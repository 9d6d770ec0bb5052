"""What the dispatch pillar (H) publishes for the other pillars: plain frozen dataclasses and
ids, never querysets or model instances (DESIGN "Inside an app"). The other pillars import
``dispatch.api`` and nothing else of dispatch; each function applies the same scope as the
dispatch pages, so a user gets nothing they could not open there.

Used by the casebook (I): a dispatch request or an advisor linked to a challenge as what
answers it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from .selectors import kyoryokutai as kyoryokutai_selectors
from .selectors import requests as selectors


@dataclass(frozen=True)
class RequestSummary:
    """A dispatch request ``user`` may see."""

    id: int
    title: str
    url: str


@dataclass(frozen=True)
class PersonSummary:
    """A person of the dispatch roster (advisor, specialist) ``user`` may see."""

    id: int
    name: str
    organisation: str
    url: str

    @property
    def label(self) -> str:
        return f"{self.name}（{self.organisation}）" if self.organisation else self.name


def request_url(request_id: int) -> str:
    return reverse("dispatch:request_detail", args=[request_id])


def person_url(person_id: int) -> str:
    return reverse("dispatch:person_detail", args=[person_id])


def request_visible_to(user, request_id: int) -> RequestSummary | None:
    """The dispatch request with this id if ``user`` may see it, else None."""
    request = selectors.requests_visible_to(user).filter(pk=request_id).first()
    if request is None:
        return None
    return RequestSummary(id=request.pk, title=str(request), url=request_url(request.pk))


def person_visible_to(user, person_id: int) -> PersonSummary | None:
    """The roster entry with this id if ``user`` may see it, else None."""
    person = selectors.people_visible_to(user).filter(pk=person_id).first()
    if person is None:
        return None
    return PersonSummary(
        id=person.pk,
        name=person.name,
        organisation=person.organisation or "",
        url=person_url(person.pk),
    )


def host_towns(bureau=None):
    """Towns hosting serving 協力隊 members (an audience of surveys and notices)."""
    return kyoryokutai_selectors.host_towns(bureau)
