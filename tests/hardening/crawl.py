"""A small crawler for the hardening tests: the pages and forms a signed-in role can reach."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

SKIP = (
    "/accounts/logout",
    "/i18n/",
    "/static/",
    "/files/",
    "/admin/logout",
    "/media/",
    "/delete/",
    "/admin/jsi18n",
    "/__",
)
SKIP_SUFFIX = (".pdf", ".csv", ".ics", ".xml", ".json", ".atom", ".rss")


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, checkbox, radio, file, hidden, password, number, date…
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    page: str
    action: str
    enctype: str
    fields: dict[str, Field]

    @property
    def signature(self) -> tuple:
        # The same form on another object (another id in the path) is the same form.
        return (_pattern(urlsplit(self.action).path), tuple(sorted(self.fields)))


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {
                "method": (a.get("method") or "get").lower(),
                "action": a.get("action") or "",
                "enctype": a.get("enctype") or "",
                "fields": {},
            }
            self.forms.append(self._form)
        elif self._form is not None and tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            existing = self._form["fields"].get(a["name"])
            if kind in ("radio", "checkbox") and existing is not None:
                existing.options.append(a.get("value", "on"))
                return
            self._form["fields"][a["name"]] = Field(
                a["name"],
                kind,
                a.get("value") or "",
                [a.get("value", "on")] if kind in ("radio", "checkbox") else [],
            )
        elif self._form is not None and tag == "select" and a.get("name"):
            self._select = Field(a["name"], "select")
            self._form["fields"][a["name"]] = self._select
        elif self._select is not None and tag == "option":
            self._select.options.append(a.get("value", ""))
        elif self._form is not None and tag == "textarea" and a.get("name"):
            self._textarea = Field(a["name"], "textarea")
            self._form["fields"][a["name"]] = self._textarea

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data


def _pattern(path: str) -> str:
    """The view a path probably goes to: ids and codes replaced (/municipalities/N/)."""
    return re.sub(r"\d+", "N", path)


def crawl(client, starts, *, limit=120, per_pattern=3, on_page=None):
    """Breadth-first over same-site links; returns (visited pages, POST forms found).

    At most ``per_pattern`` pages of one URL pattern are visited: the 179 municipality
    pages or the hundreds of case studies would otherwise use up ``limit`` before the
    pages of the role's own work, a level further down, are reached. ``on_page(url, html)``
    is called with every HTML page read.
    """
    seen, forms, queue = set(), {}, deque(starts)
    statuses = {}
    patterns: dict[str, int] = {}
    while queue and len(seen) < limit:
        url = queue.popleft()
        path = urlsplit(url).path
        if url in seen or path.startswith(SKIP) or path.endswith(SKIP_SUFFIX):
            continue
        pattern = _pattern(path)
        if patterns.get(pattern, 0) >= per_pattern:
            continue
        patterns[pattern] = patterns.get(pattern, 0) + 1
        seen.add(url)
        response = client.get(url)
        statuses[url] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode("utf-8", "replace")
        if on_page is not None:
            on_page(url, page)
        parser = _PageParser()
        parser.feed(page)
        for href in parser.links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http"):
                continue
            # Query strings (filters, pages, sorting) lead to the same views again.
            if parts.query:
                continue
            if parts.path not in seen:
                queue.append(parts.path)
        for raw in parser.forms:
            if raw["method"] != "post":
                continue
            action = urljoin(url, raw["action"] or url)
            if urlsplit(action).path.startswith(SKIP):
                continue
            form = Form(url, action, raw["enctype"], raw["fields"])
            forms.setdefault(form.signature, form)
    return statuses, list(forms.values())
