"""The example site answers browsers' /favicon.ico with its icon, without a page lookup and a 404."""

from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_favicon_redirects_to_the_sites_icon(client, db):
    client.get("/favicon.ico")  # the Site is read once, then from the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.url.endswith("/youthcop_site/favicon.svg")
    assert len(queries) == 0  # no page looked up, no 404 rendered
    icon = finders.find("youthcop_site/favicon.svg")
    assert icon and open(icon).read().startswith("<svg")
