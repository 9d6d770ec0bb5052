"""Benchmark of the public casebook at 10,000 case studies (not a test: run it directly).

    .venv/bin/python tests/perf/bench_casebook.py

Needs PostgreSQL on 127.0.0.1 (database ``casebook_perf``, created and filled once), Redis
on 127.0.0.1 (the cache, as in production) and Debian's ``wrk`` (apt-get install wrk).

1. Search, in process: for words from rare to one found in every document, the selector's
   time for the first page of results with its count (p50/p95): first "cold", with only the
   index terms learnt at indexing time (``search_terms_learn_all``, as after publishing)
   and none learnt from searches — the search confirms a bounded sample and may show an
   estimated count (約N件) — then in steady state, after the search has had its long words
   learnt; the terms a search taught are forgotten before the next word. Then the whole
   uncached search page (view + template).
2. Pages over HTTP: gunicorn (2 workers) serves the portal with the benchmark's bare view
   routed (PORTAL_BENCHMARK=1); wrk measures throughput and latency of the bare view, the
   list (with and without filters), the detail pages (rotating over 500 of them) and a
   search page, in the same run. Targets: list and detail ≥ 0.8 × the bare view.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/casebook_perf"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

import django

django.setup()

import logging

# One JSON line per request would drown the results.
logging.getLogger("portal.requests").setLevel(logging.WARNING)
logging.getLogger("celery").setLevel(logging.WARNING)

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

TOTAL = int(os.environ.get("BENCH_CASE_STUDIES", "10000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "40"))
DURATION = os.environ.get("BENCH_DURATION", "3s")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "9"))


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = int(os.environ.get("BENCH_PORT") or _free_port())

# --- The corpus ----------------------------------------------------------------------------

SUBJECTS = [
    "町",
    "市",
    "村",
    "住民",
    "事業者",
    "協力隊員",
    "移住者",
    "若者",
    "高齢者",
    "農業者",
    "漁業者",
    "商店街",
    "学生",
    "企業",
    "NPO",
    "振興局",
    "大学",
    "金融機関",
    "観光協会",
    "社会福祉協議会",
]
FIELDS = [
    "観光",
    "移住",
    "医療",
    "福祉",
    "教育",
    "交通",
    "防災",
    "農業",
    "漁業",
    "林業",
    "商業",
    "雇用",
    "子育て",
    "文化",
    "スポーツ",
    "エネルギー",
    "デジタル",
    "ふるさと納税",
    "関係人口",
    "空き家",
    "特産品",
    "景観",
    "温泉",
    "港",
    "森林",
    "牧場",
    "乳製品",
    "ワイン",
    "チーズ",
    "鉄道",
    "バス",
    "診療所",
    "図書館",
    "公民館",
    "廃校",
    "道の駅",
    "テレワーク",
    "スマート農業",
    "キャッシュレス",
    "地域医療",
    "除雪",
    "冬季観光",
    "アイヌ文化",
    "食育",
]
VERBS = [
    "推進した",
    "支援した",
    "整備した",
    "実施した",
    "検討した",
    "開始した",
    "改善した",
    "強化した",
    "促進した",
    "展開した",
    "育成した",
    "活用した",
    "見直した",
    "試行した",
]
TAILS = [
    "その結果、参加者が増えた。",
    "住民の満足度が向上した。",
    "来訪者数は前年度比で二割増えた。",
    "新たな課題も明らかになった。",
    "今後は近隣の町への展開を目指す。",
    "関係機関との連携が深まった。",
    "費用の一部に交付金を活用した。",
    "効果の検証を続けている。",
    "担い手の確保が次の課題である。",
    "成果は広報誌で紹介された。",
]
# (phrase, share of documents): words whose frequency the benchmark controls.
PLANTED = [
    ("地域づくりの取り組みとして位置づけた。", 0.80),
    ("冬のにぎわいを生んだ。", 0.20),
    ("ハスカップを使った新商品を開発した。", 0.001),
    ("オンライン診療を試行した。", 0.03),
]


def sentence(rng) -> str:
    subject = rng.choice(SUBJECTS)
    first, second = rng.sample(FIELDS, 2)
    verb, tail = rng.choice(VERBS), rng.choice(TAILS)
    return f"{subject}と連携し、{first}と{second}の分野で新たな事業を{verb}。{tail}"


def paragraph(rng, length: int) -> str:
    parts = []
    while sum(map(len, parts)) < length:
        parts.append(sentence(rng))
    return "".join(parts)


def ensure_database() -> None:
    import psycopg

    name = settings.DATABASES["default"]["NAME"]
    with psycopg.connect(
        host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(
                f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
                "LC_CTYPE 'C.UTF-8' TEMPLATE template0"
            )
    call_command("migrate", verbosity=0)


def populate() -> None:
    import datetime as dt

    from django.utils import timezone

    from casebook import textsearch
    from casebook.models import CaseStudy, Status, Theme
    from casebook.models.choices import population_band
    from casebook.services.search import write_grams
    from portal.japanese import fiscal_year
    from portal.models import Municipality

    existing = CaseStudy.objects.filter(status=Status.PUBLISHED).count()
    if existing >= TOTAL:
        return
    rng = random.Random(2026)
    municipalities = list(Municipality.objects.select_related("bureau"))
    themes = list(Theme.objects.all())
    start = timezone.now() - dt.timedelta(days=8 * 365)
    rows = []
    for index in range(existing, TOTAL):
        municipality = rng.choice(municipalities)
        challenge = paragraph(rng, 350)
        actions = paragraph(rng, 700)
        results = paragraph(rng, 300)
        for phrase, share in PLANTED:
            if rng.random() < share:
                actions += phrase
        published = start + dt.timedelta(minutes=rng.randrange(8 * 365 * 24 * 60))
        population = rng.choice([800, 2500, 4000, 7000, 15000, 40000, 120000, 1960000])
        rows.append(
            CaseStudy(
                title=f"{municipality.name}の{rng.choice(FIELDS)}と"
                f"{rng.choice(FIELDS)}の取組 {index}",
                summary=paragraph(rng, 90)[:200],
                municipality=municipality,
                bureau_id=municipality.bureau_id,
                region_id=municipality.bureau.region_id,
                fiscal_year=fiscal_year(published),
                pillar=rng.choice(["money", "people", "information", "own"]),
                population=population,
                population_band=population_band(population),
                challenge=challenge,
                actions=actions,
                results=results,
                budget_total=rng.randrange(1, 500) * 100_000,
                contact_department="企画課",
                status=Status.PUBLISHED,
                published_at=published,
                content_updated_at=published,
                view_count=rng.randrange(0, 5000),
            )
        )
    print(f"creating {len(rows)} case studies …", flush=True)
    with transaction.atomic():
        created = CaseStudy.objects.bulk_create(rows, batch_size=1000)
        through = CaseStudy.themes.through
        links = []
        for case_study in created:
            for theme in rng.sample(themes, rng.choice([1, 2, 3])):
                links.append(through(casestudy_id=case_study.pk, theme_id=theme.pk))
        through.objects.bulk_create(links, batch_size=5000)
        with connection.cursor() as cursor:
            for case_study in created:
                text = textsearch.document_text(
                    [
                        case_study.title,
                        case_study.summary,
                        case_study.municipality.name,
                        case_study.municipality.bureau.name,
                        case_study.challenge,
                        case_study.actions,
                        case_study.results,
                        case_study.contact_department,
                    ]
                )
                cursor.execute(
                    "UPDATE casebook_casestudy SET search_text = %s WHERE id = %s",
                    [text, case_study.pk],
                )
                write_grams(cursor, case_study.pk, text, [])
    vacuum()


def vacuum() -> None:
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE casebook_casestudy")
        cursor.execute("VACUUM ANALYZE casebook_casestudy_themes")


# --- 1. Search in process --------------------------------------------------------------------

WORDS = [
    "町",
    "観光",
    "医療",
    "移住",
    "ハスカップ",
    "オンライン診療",
    "冬のにぎわい",
    # Frequent words learnt at indexing time: a theme's words, a katakana run.
    "子育て",
    "ふるさと納税",
    "テレワーク",
    # Frequent words no word-cutter proposes: learnt only once searched.
    "地域づくり",
    "取り組み",
    "と連携し",
    # Its bigrams are in half the documents, the word in 4 %: a long walk to fill a page.
    "観光と移住",
]


def percentile(values, share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def document_share(word: str) -> float:
    from casebook.models import CaseStudy, Status

    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = on")
    total = CaseStudy.objects.filter(status=Status.PUBLISHED).count()
    found = CaseStudy.objects.filter(status=Status.PUBLISHED, search_text__contains=word).count()
    return found / total


def search_once(word: str, **facets) -> tuple[float, object]:
    from casebook.selectors.search import search_case_studies

    started = time.perf_counter()
    result = search_case_studies(lambda queryset: queryset.filter(**facets), query=word)
    rows = list(result.page)
    for row in rows:
        list(row.themes.all())
    return (time.perf_counter() - started) * 1000, result


def learn_at_indexing() -> dict:
    """What publishing teaches (here all at once, as ``manage.py learn_search_terms``)."""
    from casebook.services.search import search_terms_learn_all

    started = time.perf_counter()
    learnt = search_terms_learn_all()
    seconds = time.perf_counter() - started
    vacuum()
    print(f"learnt at indexing time: {len(learnt)} terms in {seconds:.1f} s", flush=True)
    return {"terms": learnt, "seconds": seconds}


def forget(terms) -> None:
    """Undo what searching taught (not what indexing taught): the next word starts cold."""
    from django.core.cache import cache

    from casebook import textsearch
    from casebook.models import SearchTerm
    from casebook.selectors.search import TERMS_KEY

    for term in terms:
        SearchTerm.objects.filter(term=term).delete()
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE casebook_casestudy SET search_grams = ts_delete(search_grams, %s) "
                "WHERE search_grams @@ (%s)::tsquery",
                [term, textsearch.tsquery([term])],
            )
    if terms:
        vacuum()
    cache.delete(TERMS_KEY)


def bench_search() -> tuple[list[dict], dict]:
    from django.core.cache import cache

    from casebook.models import SearchTerm
    from casebook.selectors.search import TERMS_KEY
    from casebook.services.search import search_term_learn

    SearchTerm.objects.all().delete()
    # Terms learnt earlier are removed from the grams by recomputing them: start afresh,
    # then learn what publishing the case studies would have taught.
    reset_terms()
    vacuum()
    cache.delete(TERMS_KEY)
    indexing = learn_at_indexing()
    report = []
    for word in WORDS:
        share = document_share(word)
        # Cold: nothing learnt from searches (the selector only says what to learn; the
        # view schedules it), so every repetition is a first search as far as terms go.
        cold = [search_once(word) for _ in range(REPEAT)]
        first = cold[0][1]
        learn = first.learn
        learnt_ms = None
        for term in learn:
            started = time.perf_counter()
            search_term_learn(term=term)
            learnt_ms = (time.perf_counter() - started) * 1000
        timings = [search_once(word)[0] for _ in range(REPEAT)]
        facet = [search_once(word, bureau__code="ishikari")[0] for _ in range(REPEAT)]
        cold_ms = [ms for ms, _result in cold]
        report.append(
            {
                "word": word,
                "share": share,
                "learnt_at_indexing": word in indexing["terms"],
                "cold_count": first.count,
                "cold_approximate": first.approximate,
                "count": search_once(word)[1].count,
                "cold_p50": statistics.median(cold_ms),
                "cold_p95": percentile(cold_ms, 0.95),
                "learn_ms": learnt_ms,
                "p50": statistics.median(timings),
                "p95": percentile(timings, 0.95),
                "facet_p95": percentile(facet, 0.95),
            }
        )
        print(json.dumps(report[-1], ensure_ascii=False), flush=True)
        forget(learn)
    return report, indexing


def reset_terms() -> None:
    """Drop learnt lexemes (words longer than a gram) from the grams: every search starts
    as it would on a fresh installation."""
    from casebook.textsearch import GRAM

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE casebook_casestudy c SET search_grams = array_to_tsvector(ARRAY("
            "SELECT lexeme FROM unnest(c.search_grams) WHERE length(lexeme) <= %s)) "
            "WHERE EXISTS (SELECT 1 FROM unnest(c.search_grams) WHERE length(lexeme) > %s)",
            [GRAM, GRAM],
        )


def bench_uncached_pages(detail_pks: list[int]) -> list[dict]:
    """The whole view and template for a URL not in the page cache yet (a parameter the
    page ignores makes every request new), the rest of the caches warm as in production."""
    from django.test import Client

    client = Client()
    report = []
    for label, url in [
        ("list", "/casebook/cases/?"),
        ("list, filtered", "/casebook/cases/?bureau=ishikari&theme=tourism&sort=views&"),
        ("detail", None),
        ("search 観光 (2 chars)", "/casebook/cases/?q=観光&"),
        ("search 地域づくり (80 %)", "/casebook/cases/?q=地域づくり&"),
        ("search ハスカップ (rare)", "/casebook/cases/?q=ハスカップ&"),
        ("search 町 医療 (two words)", "/casebook/cases/?q=町+医療&"),
    ]:
        timings = []
        for n in range(REPEAT + 3):
            target = f"/casebook/cases/{detail_pks[n]}/" if url is None else f"{url}n={n}"
            started = time.perf_counter()
            response = client.get(target)
            if n >= 3:  # the first requests fill the other caches
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (target, response.status_code)
        report.append(
            {
                "page": label,
                "p50": statistics.median(timings),
                "p95": percentile(timings, 0.95),
                "bytes": len(response.content),
            }
        )
        print(json.dumps(report[-1], ensure_ascii=False), flush=True)
    return report


# --- 2. Pages over HTTP ----------------------------------------------------------------------


def start_server() -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "PORTAL_CACHE_PREFIX": "casebook-bench",
        "PORTAL_BENCHMARK": "1",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_CONN_MAX_AGE": "600",
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "portal.wsgi:application",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            "2",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            "/dev/null",
            "--log-level",
            "warning",
            # The container recycles workers every ~1000 requests (gunicorn.conf.py); a
            # restart in the middle of a 3-second run would measure the restart.
            "--max-requests",
            "0",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    import urllib.request

    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/casebook/_bench/bare/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def warm(urls) -> None:
    import urllib.request

    for _ in range(2):
        for url in urls:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}{url}", timeout=30).read()


def wrk(url: str, script: str | None = None) -> dict:
    # Two workers serve one request at a time each: four connections keep both busy without
    # a listen queue whose overflow would add one-second SYN retries to the tail.
    command = [shutil.which("wrk") or "wrk", "-t2", "-c4", f"-d{DURATION}", "--latency"]
    if script:
        command += ["-s", script]
    command.append(f"http://127.0.0.1:{PORT}{url}")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"\s+(50|99)%\s+([\d.]+\w+)", output))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rate,
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def bench_http(detail_pks: list[int]) -> list[dict]:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    redis_cli = shutil.which("redis-cli")
    if redis_cli:  # an empty cache: the first requests render, later ones are cache hits
        subprocess.run([redis_cli, "-u", REDIS_URL, "FLUSHDB"], check=False, capture_output=True)
    rotating_bare = Path(tempfile.mkstemp(suffix=".lua")[1])
    rotating_bare.write_text(
        "local i = 0\nrequest = function()\n  i = i % 500 + 1\n"
        "  return wrk.format('GET', '/casebook/_bench/bare/?n=' .. i)\nend\n"
    )
    lua = Path(tempfile.mkstemp(suffix=".lua")[1])
    paths = ",".join(f'"/casebook/cases/{pk}/"' for pk in detail_pks)
    lua.write_text(
        f"local paths = {{{paths}}}\nlocal i = 0\n"
        "request = function()\n  i = i % #paths + 1\n"
        "  return wrk.format('GET', paths[i])\nend\n"
    )
    # Searches never seen before: each request a new URL, so nothing comes from the page
    # cache (words from rare to frequent, in turn).
    searches = Path(tempfile.mkstemp(suffix=".lua")[1])
    words = ",".join(f'"{quote(w)}"' for w in WORDS)
    searches.write_text(
        f"local words = {{{words}}}\nlocal i = 0\n"
        "request = function()\n  i = i + 1\n"
        "  return wrk.format('GET', '/casebook/cases/?q=' .. words[i % #words + 1] .. '&n=' .. i"
        " .. '-' .. math.random(1000000000))\nend\n"
    )
    server = start_server()
    report = []
    try:
        pages = [
            ("bare view", "/casebook/_bench/bare/", None),
            ("list", "/casebook/cases/", None),
            ("list, filtered", "/casebook/cases/?bureau=ishikari&theme=tourism&sort=views", None),
            ("detail (500 pages)", "/casebook/cases/", str(lua)),
            ("search 観光 (cached)", "/casebook/cases/?q=%E8%A6%B3%E5%85%89", None),
            ("searches never seen before", "/casebook/cases/", str(searches)),
        ]
        warm([url for _label, url, script in pages if script is None])
        warm([f"/casebook/cases/{pk}/" for pk in detail_pks])
        # Each page is measured right after the bare view, round after round: the other
        # processes on the machine change its speed over minutes, not within a pair.
        bare_url = "/casebook/_bench/bare/"
        for label, url, script in pages[1:]:
            pairs = []
            for _round in range(ROUNDS):
                # A page rotating over URLs is paired with a bare view rotating the same way
                # (the script costs wrk, which shares the machine, some time too).
                bare = wrk(bare_url, str(rotating_bare) if script else None)
                result = wrk(url, script)
                pairs.append((bare, result))
                print(json.dumps({"page": label, "bare": bare, **result}), flush=True)
            ratios = sorted(r["rps"] / b["rps"] for b, r in pairs)
            middle = sorted(pairs, key=lambda pair: pair[1]["rps"])[len(pairs) // 2]
            report.append(
                {
                    "page": label,
                    **middle[1],
                    "bare_rps": middle[0]["rps"],
                    "ratio": ratios[len(ratios) // 2],
                    "ratio_range": f"{ratios[0]:.2f}–{ratios[-1]:.2f}",
                }
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
        lua.unlink()
        rotating_bare.unlink()
        searches.unlink()
    return report


def page_weight(detail_pk: int) -> dict:
    from django.test import Client

    client = Client()
    html = client.get(f"/casebook/cases/{detail_pk}/").content
    listing = client.get("/casebook/cases/").content
    static = sum(
        (ROOT / "static" / name).stat().st_size
        for name in ("css/portal.css", "css/casebook.css", "js/portal.js")
    )
    return {"detail_html": len(html), "list_html": len(listing), "css_js": static}


def main() -> None:
    from casebook.models import CaseStudy, Status

    ensure_database()
    populate()
    total = CaseStudy.objects.filter(status=Status.PUBLISHED).count()
    print(f"{total} published case studies in {settings.DATABASES['default']['NAME']}")
    detail_pks = list(
        CaseStudy.objects.filter(status=Status.PUBLISHED)
        .order_by("?")
        .values_list("pk", flat=True)[:500]
    )
    load = os.getloadavg()
    # BENCH_ONLY=http or BENCH_ONLY=search runs one part (e.g. to re-measure on a quiet machine).
    only = os.environ.get("BENCH_ONLY", "")
    search, indexing = ([], None) if only == "http" else bench_search()
    pages = [] if only else bench_uncached_pages(detail_pks)
    if only != "search":
        print(json.dumps(page_weight(detail_pks[0])), flush=True)
    http = [] if only == "search" else bench_http(detail_pks)
    print(
        f"\nload average at the start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
        f"at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(f"\n## Search (in process, first page with its count; {REPEAT} runs each), ms")
    if indexing is not None:
        print(
            f"Learnt at indexing time: {len(indexing['terms'])} terms in "
            f"{indexing['seconds']:.1f} s (* below)."
        )
    print(
        "| word | share of documents | results | count shown cold | cold p50 | cold p95 "
        "| p50 | p95 | p95 with a bureau facet |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in search:
        shown = f"{'約' if row['cold_approximate'] else ''}{row['cold_count']:,}"
        mark = " *" if row["learnt_at_indexing"] else ""
        print(
            f"| {row['word']}{mark} | {row['share']:.1%} | {row['count']:,} | {shown} "
            f"| {row['cold_p50']:.1f} | {row['cold_p95']:.1f} "
            f"| {row['p50']:.1f} | {row['p95']:.1f} | {row['facet_p95']:.1f} |"
        )
    print("\n## Pages not in the page cache yet (view + template, in process), ms")
    print("| page | p50 | p95 | size |")
    print("| --- | ---: | ---: | ---: |")
    for row in pages:
        print(f"| {row['page']} | {row['p50']:.1f} | {row['p95']:.1f} | {row['bytes']:,} B |")
    print(f"\n## Over HTTP (gunicorn, 2 workers; wrk -t2 -c4, {ROUNDS} rounds of {DURATION})")
    print("| page | requests/s | bare view, same round | × bare (median) | range | p50 | p99 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in http:
        print(
            f"| {row['page']} | {row['rps']:,.0f} | {row['bare_rps']:,.0f} | {row['ratio']:.2f} "
            f"| {row['ratio_range']} | {row['p50']} | {row['p99']} |"
            + (f" {row['errors']} errors" if row["errors"] else "")
        )


if __name__ == "__main__":
    main()
