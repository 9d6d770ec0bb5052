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


# The officers' work queue on the admin home (「対応待ち」): what each pillar's admin lists as
# waiting for the bureau or HQ. The kernel counts each queue on the admin's own scoped
# queryset, so the count is exactly the rows of the linked changelist (?queue=<key>).
@dataclass(frozen=True)
class WorkQueue:
    model: Any
    key: str
    title: Any
    # narrow(user, queryset) -> queryset: the queue's rows among those the admin shows.
    narrow: Callable[[Any, Any], Any]
    # Lookup path of the date (or datetime) that sets each row's deadline, plus ``grace``
    # days: the row is overdue (期限超過) once that deadline has passed.
    deadline: str | None = None
    grace_days: int = 0
    # Roles the queue is shown to (None: every role that may open the changelist).
    roles: frozenset | None = None
    order: int = 0


_work_queues: list[WorkQueue] = []


def register_work_queue(queue: WorkQueue) -> None:
    if all((q.model, q.key) != (queue.model, queue.key) for q in _work_queues):
        _work_queues.append(queue)


def work_queues(model=None) -> list[WorkQueue]:
    return [q for q in _work_queues if model is None or q.model is model]


# --- Public panels: the home page and a municipality's public page ------------------------
# Each pillar contributes what the public may read (published case studies, open calls,
# decided grants' public fields …); a provider returns a PublicPanel or None when it has
# nothing to show. Providers see no user: a public panel never depends on who asks.


@dataclass(frozen=True)
class PanelItem:
    title: str
    url: str = ""
    meta: tuple[str, ...] = ()  # short facts shown under the title (date, place, amount)


@dataclass(frozen=True)
class PublicPanel:
    key: str  # stable id (HTML ids, tests)
    title: str
    items: tuple[PanelItem, ...]
    more_url: str = ""
    more_label: str = ""
    empty: str = ""  # what to say when there are no items (None hides an empty panel)
    order: int = 100


_home_panels: list[Callable[[], PublicPanel | None]] = []
_public_municipality_panels: list[Callable[[Any], PublicPanel | None]] = []


def register_home_panel(provider: Callable[[], PublicPanel | None]) -> None:
    if provider not in _home_panels:
        _home_panels.append(provider)


def home_panels() -> list[PublicPanel]:
    panels = [p for p in (provider() for provider in _home_panels) if p is not None]
    return sorted(panels, key=lambda panel: (panel.order, panel.key))


def register_public_municipality_panel(provider: Callable[[Any], PublicPanel | None]) -> None:
    """Unlike ``register_municipality_panel`` (the regional view, scoped to the user), these
    panels are for everyone: the municipality's public page and its profile sheet (PDF)."""
    if provider not in _public_municipality_panels:
        _public_municipality_panels.append(provider)


def public_municipality_panels(municipality) -> list[PublicPanel]:
    panels = (provider(municipality) for provider in _public_municipality_panels)
    return sorted((p for p in panels if p is not None), key=lambda p: (p.order, p.key))


# Event categories with the label people read (the /events/ index filter): code -> label.
_event_categories: dict[str, Any] = {}


def register_event_category(code: str, label) -> None:
    _event_categories[code] = label


def event_categories() -> dict[str, Any]:
    return dict(_event_categories)


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


# Each role's own area (自分のページ): where a cooperative, an advisor, a local group … starts
# its work. The header and my page link the areas of the signed-in user's role; the pillar
# that owns the pages registers them, so the kernel names no pillar's page.
@dataclass(frozen=True)
class OwnArea:
    key: str
    roles: frozenset
    title: Any
    url_name: str
    order: int = 100
    # A further condition than the role (an organisation's administrator), if any.
    allowed: Callable[[Any], bool] | None = None

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse(self.url_name)


_own_areas: dict[str, OwnArea] = {}


def register_own_area(area: OwnArea) -> None:
    _own_areas[area.key] = area


def own_areas_for(user) -> list[OwnArea]:
    if user is None or not user.is_authenticated:
        return []
    areas = [
        a
        for a in _own_areas.values()
        if user.role in a.roles and (a.allowed is None or a.allowed(user))
    ]
    return sorted(areas, key=lambda area: (area.order, area.key))


# Numbers people type to name another object: a reference number (受付番号 R8-石狩-派0003,
# C2026-00012) or the plain number of its page. kind ("dispatch.request") -> find(user,
# number) -> Referenced | None, registered by the owning pillar and applying its own scope,
# so a number out of the user's scope is not found, like one that does not exist. The form
# field that uses them is ``portal.references.ReferenceNumberField``.
@dataclass(frozen=True)
class Referenced:
    kind: str
    pk: int
    label: str
    reference: str = ""


_reference_finders: dict[str, Callable[[Any, str], Referenced | None]] = {}


def register_reference_kind(kind: str, find: Callable[[Any, str], Referenced | None]) -> None:
    _reference_finders[kind] = find


def find_reference(kind: str, user, number: str) -> Referenced | None:
    find = _reference_finders.get(kind)
    return find(user, number) if find is not None else None


# Consultation categories a pillar opens only from its own page (a question about one survey
# carries the survey): the general consultation form does not offer them.
_dedicated_categories: set[str] = set()


def register_dedicated_consultation_category(code: str) -> None:
    _dedicated_categories.add(code)


def dedicated_consultation_categories() -> frozenset[str]:
    return frozenset(_dedicated_categories)


# Documents that bureaus advise on section by section (``portal.models.advice``): the
# kernel's strategies, and a pillar's documents (#22: plans) without a kernel change.
# ``section_label(owner, section)`` names a section of ``owner`` (None: not one of its
# sections); ``advisers``/``answerers`` are the users told of new advice and of answers.
@dataclass(frozen=True)
class AdviceOwner:
    can_give: Callable[[Any, Any], bool]
    can_answer: Callable[[Any, Any], bool]
    section_label: Callable[[Any, Any], str | None]
    notify_on_advice: Callable[[Any], list]
    notify_on_answer: Callable[[Any], list]
    url: Callable[[Any], str]


_advice_owners: dict[str, AdviceOwner] = {}


def register_advice_owner(model, owner: AdviceOwner) -> None:
    _advice_owners[model._meta.label_lower] = owner


def advice_owner_for(model) -> AdviceOwner | None:
    return _advice_owners.get(model._meta.label_lower)


# What served a strategy measure in a 年度 (#21 point 4, 効果検証): each pillar registers a
# provider callable(measure_ids: set[int], fiscal_year: int) -> list[MeasureContribution],
# one row per measure and kind of object (grants decided, dispatch requests, case studies…).
@dataclass(frozen=True)
class MeasureContribution:
    measure_id: int
    kind: str  # "money" | "people" | "information"
    label: str  # what was counted, e.g. 交付決定された補助金
    count: int
    amount: int | None = None  # yen, for money
    url: str = ""  # a list of the objects, where the pillar has one


_measure_contributions: list[Callable[[set, int], list[MeasureContribution]]] = []


def register_measure_contribution(provider: Callable[[set, int], list]) -> None:
    if provider not in _measure_contributions:
        _measure_contributions.append(provider)


def measure_contributions(measure_ids: set, fiscal_year: int) -> list[MeasureContribution]:
    if not measure_ids:
        return []
    rows: list[MeasureContribution] = []
    for provider in _measure_contributions:
        rows.extend(provider(set(measure_ids), fiscal_year))
    return rows


# --- The April rotation's hand-over list (引継ぎ) ------------------------------------------
# What a person leaves behind when they move: each pillar lists the open items of a person
# (in their charge, drafts they started, consultations they answer) and unassigns those in
# their charge so that they wait for their old unit.


@dataclass(frozen=True)
class HandoverItem:
    kind: str  # a short label of the kind of item, translated
    title: str
    url: str = ""
    status: str = ""
    released: bool = False  # in the person's charge: unassigned when the move is applied


@dataclass(frozen=True)
class HandoverProvider:
    key: str
    # open_items(person) -> list[HandoverItem]
    open_items: Callable[[Any], list]
    # release(person) -> int: unassigns the person from the items in their charge.
    release: Callable[[Any], int] | None = None


_handover_providers: dict[str, HandoverProvider] = {}


def register_handover_provider(provider: HandoverProvider) -> None:
    _handover_providers[provider.key] = provider


def handover_providers() -> list[HandoverProvider]:
    return list(_handover_providers.values())
