"""Pages keep working when Redis (the cache) is unreachable."""

import pytest

from portal.cache import ResilientRedisCache

pytestmark = pytest.mark.django_db


def test_an_unreachable_redis_is_a_cache_miss_not_an_error():
    cache = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}
    )
    assert cache.get("x", "default") == "default"
    assert cache.add("x", 1) is True  # fails open: a lock nobody can contend for
    cache.set("x", 1)
    cache.delete("x")
    assert cache.get_many(["x"]) == {}


def test_pages_render_and_sign_in_works_with_the_cache_down(client, settings, sapporo_staff):
    # Changing CACHES resets Django's cache handlers (setting_changed signal).
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    assert client.get("/").status_code == 200
    response = client.post(
        "/accounts/login/", {"login": sapporo_staff.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.get("/healthz").json()["cache"] == "error"
