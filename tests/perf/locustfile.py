"""The mixed load of tests/perf/bench_load.py (locust): the public reading the casebook,
municipal staff working on their applications, bureau officers in the admin, and a bare
Django view as the baseline. Each request is named by page type; every non-2xx answer,
and a sign-in that does not sign in, counts as an error.

Configured by bench_load.py through BENCH_LOAD_CONFIG (JSON): accounts, ids to visit.
"""

from __future__ import annotations

import json
import os
import random
import re

from locust import HttpUser, between, task

CONFIG = json.loads(os.environ.get("BENCH_LOAD_CONFIG", "{}"))
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WORDS = ("町", "観光", "移住", "医療", "デジタル", "子育て支援")


def _token(response) -> str:
    found = TOKEN.search(response.text)
    return found.group(1) if found else ""


def _sign_in(user: HttpUser, email: str) -> None:
    page = user.client.get("/accounts/login/", name="sign-in page")
    with user.client.post(
        "/accounts/login/",
        {"csrfmiddlewaretoken": _token(page), "login": email, "password": CONFIG["password"]},
        headers={"Referer": user.host + "/accounts/login/"},
        name="sign in",
        catch_response=True,
    ) as answer:
        if "/accounts/login/" in answer.url:
            answer.failure(f"{email} could not sign in")


class Visitor(HttpUser):
    """Residents and other municipalities reading the journal and the case studies."""

    weight = 5
    wait_time = between(0.2, 1.0)

    @task(3)
    def case_list(self):
        self.client.get("/casebook/cases/", name="public: case list")

    @task(2)
    def case_list_filtered(self):
        bureau = random.choice(CONFIG["bureaus"])
        self.client.get(f"/casebook/cases/?bureau={bureau}", name="public: case list, filtered")

    @task(4)
    def case_detail(self):
        pk = random.choice(CONFIG["case_studies"])
        self.client.get(f"/casebook/cases/{pk}/", name="public: case study")

    @task(2)
    def search(self):
        word = random.choice(WORDS)
        self.client.get(f"/casebook/cases/?q={word}", name="public: search")

    @task(1)
    def home(self):
        self.client.get("/", name="public: home")

    @task(1)
    def calls(self):
        self.client.get("/grants/calls/", name="public: grant calls")


class MunicipalStaff(HttpUser):
    """Staff of 札幌市 on their applications: reading, and saving a section of a draft."""

    weight = 3
    wait_time = between(0.5, 1.5)

    def on_start(self):
        _sign_in(self, CONFIG["staff"])
        self.draft = random.choice(CONFIG["drafts"])

    @task(2)
    def applications(self):
        self.client.get("/grants/applications/", name="staff: my applications")

    @task(2)
    def application(self):
        self.client.get(f"/grants/applications/{self.draft}/", name="staff: application")

    @task(2)
    def save_section(self):
        url = f"/grants/applications/{self.draft}/sections/overview/"
        form = self.client.get(url, name="staff: section form")
        self.client.post(
            url,
            {
                "csrfmiddlewaretoken": _token(form),
                "title": "商店街キャッシュレス推進事業",
                "purpose": "商店街の回遊性を高める。",
                "description": f"決済端末の導入支援と周知イベント（{random.randint(1, 999)}）。",
            },
            headers={"Referer": self.host + url},
            name="staff: save section",
        )

    @task(1)
    def mypage(self):
        self.client.get("/mypage/", name="staff: my page")


class Officer(HttpUser):
    """石狩振興局's officers reviewing applications in the Django admin."""

    weight = 2
    wait_time = between(0.5, 1.5)

    def on_start(self):
        _sign_in(self, CONFIG["officer"])

    @task(3)
    def changelist(self):
        self.client.get("/admin/grants/application/", name="officer: admin list")

    @task(1)
    def changelist_filtered(self):
        self.client.get(
            "/admin/grants/application/?status__exact=submitted",
            name="officer: admin list, filtered",
        )

    @task(2)
    def change_page(self):
        pk = random.choice(CONFIG["officer_applications"])
        self.client.get(f"/admin/grants/application/{pk}/change/", name="officer: admin review")

    @task(1)
    def dashboard(self):
        self.client.get("/grants/dashboard/", name="officer: dashboard")


class Baseline(HttpUser):
    """A view that does nothing, behind the same middleware: the machine's ceiling."""

    weight = 1
    wait_time = between(0.2, 1.0)

    @task
    def bare(self):
        self.client.get("/casebook/_bench/bare/", name="baseline: bare Django view")
