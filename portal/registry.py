"""Small registries through which pillars plug into the kernel without the kernel importing
them. Pillars register in their ``AppConfig.ready()``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# model label ("portal.consultation") -> predicate(user, owner) deciding who may download
# the owner's attachments.
_attachment_access: dict[str, Callable[[Any, Any], bool]] = {}


def register_attachment_owner(model, can_view: Callable[[Any, Any], bool]) -> None:
    _attachment_access[model._meta.label_lower] = can_view


def attachment_access_for(model) -> Callable[[Any, Any], bool] | None:
    return _attachment_access.get(model._meta.label_lower)


@dataclass(frozen=True)
class TodoItem:
    title: str
    url: str
    due: Any = None


# providers: callable(user) -> list[TodoItem]; shown on the user's my-page.
_todo_providers: list[Callable[[Any], list[TodoItem]]] = []


def register_todo_provider(provider: Callable[[Any], list[TodoItem]]) -> None:
    if provider not in _todo_providers:
        _todo_providers.append(provider)


def todos_for(user) -> list[TodoItem]:
    items: list[TodoItem] = []
    for provider in _todo_providers:
        items.extend(provider(user))
    return items


# Demo data loaders: callable(stdout) run by `manage.py load_demo` after the kernel's own.
_demo_loaders: list[Callable[[Any], None]] = []


def register_demo_loader(loader: Callable[[Any], None]) -> None:
    if loader not in _demo_loaders:
        _demo_loaders.append(loader)


def demo_loaders() -> list[Callable[[Any], None]]:
    return list(_demo_loaders)


# Panels on a municipality's page in the regional view: callable(user, municipality) ->
# {"title": str, "items": [TodoItem-like (title, url, due)]} or None when nothing to show.
_municipality_panels: list[Callable[[Any, Any], Any]] = []


def register_municipality_panel(panel: Callable[[Any, Any], Any]) -> None:
    if panel not in _municipality_panels:
        _municipality_panels.append(panel)


def municipality_panels(user, municipality) -> list:
    return [p for p in (panel(user, municipality) for panel in _municipality_panels) if p]


# Who may register for events of a category (signed-in users): category -> predicate(user).
# Without an entry any signed-in user may; anonymous people only for events open to public.
_event_audiences: dict[str, Callable[[Any], bool]] = {}


def register_event_audience(category: str, predicate: Callable[[Any], bool]) -> None:
    _event_audiences[category] = predicate


def event_audience_allows(category: str, user) -> bool:
    predicate = _event_audiences.get(category)
    return predicate is None or bool(predicate(user))


# Sections of the site's /sitemap.xml: name -> Sitemap class (the public pages of a pillar).
_sitemaps: dict[str, Any] = {}


def register_sitemaps(sections: dict[str, Any]) -> None:
    _sitemaps.update(sections)


def sitemap_sections() -> dict[str, Any]:
    return dict(_sitemaps)


# Pages of one pillar that another links to, by kind ("grants.call", "dispatch.request"):
# kind -> url_for(pk) -> str. The owning pillar registers its pages; a page of a pillar not
# installed has no address ("").
_page_urls: dict[str, Callable[[Any], str]] = {}


def register_page_url(kind: str, url_for: Callable[[Any], str]) -> None:
    _page_urls[kind] = url_for


def page_url(kind: str, pk) -> str:
    url_for = _page_urls.get(kind)
    return url_for(pk) if url_for is not None else ""


# "My applications and requests" (自分の申請・依頼): one card per kind of work of a signed-in
# municipal user, with how many there are and a link to their list. providers:
# callable(user) -> WorkCard | None; each counts with one query.
@dataclass(frozen=True)
class WorkCard:
    key: str
    title: str
    count: int
    url: str
    order: int = 100


_work_providers: list[Callable[[Any], WorkCard | None]] = []


def register_work_provider(provider: Callable[[Any], WorkCard | None]) -> None:
    if provider not in _work_providers:
        _work_providers.append(provider)


def work_cards_for(user) -> list[WorkCard]:
    cards = [card for card in (provider(user) for provider in _work_providers) if card]
    return sorted(cards, key=lambda card: (card.order, card.key))
