"""A bare view for the benchmark (tests/perf/bench_casebook.py): the same middleware as
every page, no work. Routed only when PORTAL_BENCHMARK=1."""

from django.http import HttpResponse


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")
