"""What ``public_pages.py`` adds to the example site for its gunicorn workers: an "ok" view and counters.

- ``CountingRedisCache``: Django's Redis cache, counting its round trips
  (every call that reaches Redis: ``get``, ``get_many``, ``set``, ``incr``…);
- ``CountingMiddleware`` (first in the list): answers the counts of the
  request in ``X-Cache-Round-Trips``, ``X-Cache-Reads`` and ``X-Queries``;
- ``urlpatterns``: the example site's, with ``/bench-ok/`` (a view returning "ok") first.
"""

from django.core.cache.backends.redis import RedisCache
from django.db import connections
from django.http import HttpResponse
from django.urls import path

from youthcop_site.urls import urlpatterns as site_urlpatterns

COUNTS = {"round_trips": 0, "reads": 0, "queries": 0}
READS = {"get", "get_many", "has_key"}


def _counting(name):
    method = getattr(RedisCache, name)

    def counted(self, *args, **kwargs):
        COUNTS["round_trips"] += 1
        if name in READS:
            COUNTS["reads"] += 1
        return method(self, *args, **kwargs)

    counted.__name__ = name
    return counted


class CountingRedisCache(RedisCache):
    """RedisCache, each call one round trip (``set_many`` and ``delete_many`` are one pipeline or command)."""


for _name in ("get", "get_many", "has_key", "set", "add", "touch", "delete", "incr", "set_many", "delete_many"):
    setattr(CountingRedisCache, _name, _counting(_name))


class CountingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for key in COUNTS:
            COUNTS[key] = 0

        def count_query(execute, sql, params, many, context):
            COUNTS["queries"] += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(count_query):
            response = self.get_response(request)
        response["X-Cache-Round-Trips"] = str(COUNTS["round_trips"])
        response["X-Cache-Reads"] = str(COUNTS["reads"])
        response["X-Queries"] = str(COUNTS["queries"])
        return response


def ok(request):
    return HttpResponse("ok")


urlpatterns = [path("bench-ok/", ok), *site_urlpatterns]
