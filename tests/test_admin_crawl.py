"""Every admin page a user can reach works: a crawl of the youthcop admin as each demo role.

For every demo login, start from the dashboard and its menu and follow,
breadth first, every youthcop admin URL found on the pages reached: links,
dropdown items, form actions, ``data-*`` URLs (results, choosers), each list
with a search term and with each value its filter form offers, exports (each
format once, and of a search: a filter's export repeats the filter's results
and the export), one download of each kind (``download_kind``).
Assert that nothing answers 5xx and that whatever is shown to a user answers
them: 200, a redirect to a page that answers 200, or — for a POST-only form
action — 405 to the GET (nothing destructive is ever POSTed).

Then the completeness check: every youthcop admin URL name is reached by the
crawl for at least one role, or is in ``NOT_CRAWLED`` with the reason. A new
view nobody links to fails ``test_the_crawl_reaches_every_youthcop_admin_view``.
"""

import functools
import json
import re
import sys
import time
import traceback
from collections import deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.signals import got_request_exception
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from tests.demo_once import demo_media, loaded_once, media_root  # noqa: F401  (fixtures)
from tests.urls import url_names

pytestmark = pytest.mark.crawl  # scripts/test: on the PostgreSQL pass when there is one

# The demo's logins but facilitator2, who facilitates the same programmes as facilitator1: the same pages, the
# same rows. The youth workers are of two organisations: each sees other young people.
ROLES = [
    "admin",
    "coordinator",
    "youthworker1",
    "youthworker2",
    "facilitator1",
    "advisor_youth",
    "advisor_police",
]
SEARCH_TERM = "Zoe"  # the demo has a "Zoé": an accent-insensitive search finds her
OBJECTS_PER_VIEW = 2  # distinct objects followed per URL name and page they are found on (the first rows of a list)
QUERIES_PER_PATH = 30  # distinct query strings followed per list (each filter value, the search, exports)
# Lists: the views whose query strings (filters, search, export) are followed; elsewhere the query is dropped.
LIST_VIEWS = {"index", "list", "summary", "retention", "attendance", "programmes", "choose"}
IGNORED_PARAMETERS = {"ordering", "p", "next"}  # sorting, pages and return addresses: the same page again
# The admin's youthcop namespaces (youthcop_charters, youthcop_programmes... are the public pages).
YOUTHCOP_NAMESPACES = (
    "youthcop_admin_",
    "youthcop_reports",
    "youthcop_participant_chooser",
    "wagtailsnippets_youthcop_",
    "wagtailsnippetchoosers_youthcop_",
    "youthcop_advisors_admin",
)

# URL names the crawl does not reach, and why. Anything else it does not reach fails the completeness test.
NOT_CRAWLED = {
    # Programme texts and organisations' names: snippets only to host wagtail-localize's editor, reached from a
    # programme's Translations page (crawled); tests/programmes/test_translations_admin.py checks their scope.
    **{
        f"wagtailsnippetchoosers_youthcop_{model}:{view}": "no form chooses a text to translate"
        for model in ("programmes_programmetext", "programmes_organisationtext", "evaluation_questionnaire")
        for view in ("choose", "choose_results", "chosen", "chosen_multiple", "create")
    },
    **{
        f"wagtailsnippets_youthcop_programmes_{model}:{view}": reason
        for model in ("programmetext", "organisationtext")
        for view, reason in (
            ("add", "texts are made by Translations, never added by hand"),
            ("delete", "texts go with their programme or organisation, never deleted by hand"),
            ("history", "wagtail-localize's editor links no history"),
            ("history_results", "wagtail-localize's editor links no history"),
        )
    },
    # An organisation's name is opened in wagtail-localize's editor by a POST from the Translations page.
    **{
        f"wagtailsnippets_youthcop_programmes_organisationtext:{view}": "opened by a POST from Translations"
        for view in ("edit", "list", "list_results", "usage")
    },
    # The charter chooser: no admin form has a charter field; test_permissions_matrix checks its scope.
    "wagtailsnippetchoosers_youthcop_charters_charter:choose": "no form uses the charter chooser",
    "wagtailsnippetchoosers_youthcop_charters_charter:choose_results": "no form uses the charter chooser",
    "wagtailsnippetchoosers_youthcop_charters_charter:chosen": "no form uses the charter chooser",
    "wagtailsnippetchoosers_youthcop_charters_charter:chosen_multiple": "no form uses the charter chooser",
    "wagtailsnippetchoosers_youthcop_charters_charter:create": "no form uses the charter chooser",
    # The participant chooser: offered to forms with a participant field, and no youthcop form has one yet;
    # tests/programmes/test_chooser.py opens, searches and registers through it.
    "youthcop_participant_chooser:choose": "no admin form uses the participant chooser; test_chooser.py",
    "youthcop_participant_chooser:choose_results": "no admin form uses the participant chooser; test_chooser.py",
    "youthcop_participant_chooser:create": "no admin form uses the participant chooser; test_chooser.py",
    "youthcop_participant_chooser:chosen": "built by the chooser's JavaScript; tests/programmes/test_chooser.py",
    "youthcop_participant_chooser:chosen_multiple": "built by the chooser's JavaScript; test_permissions_matrix",
    # Pages a POST leads to: the crawl POSTs nothing.
    "wagtailsnippets_youthcop_charters_charter:in_person_done": "shown after an in-person signature is POSTed",
    "youthcop_admin_certificates:batch": "the progress of an issue batch, shown after issuing is POSTed",
    "youthcop_admin_certificates:zip_download": "a prepared ZIP, shown after preparing it is POSTed",
    # Shown only in a state the demo does not have.
    "wagtailsnippets_youthcop_charters_charter:unlock": "a POST-only button shown on a locked charter",
    "wagtailsnippets_youthcop_charters_charter:revisions_unschedule": "shown for a scheduled revision only",
    # Offered for a minor whose guardian has not answered yet: the demo's guardians all consented on paper.
    "youthcop_admin_participants:resend_guardian_request": "no consent awaited in the demo; test_guardian_notices.py",
    # The youth worker's dashboard shows current programmes' flags only; the demo's are all last year's.
    "youthcop_admin_sessions:resolve_flag": "no current absence flag in the demo; tests/sessions/test_admin.py",
    # No admin page links these history views (the certificate page and the proposal review have no History
    # link): reachable by URL only; test_permissions_matrix checks who may open them.
    "youthcop_admin_certificates:history": "not linked from any admin page",
    "youthcop_admin_certificates:history_results": "not linked from any admin page",
    "youthcop_admin_proposals:history": "not linked from any admin page",
    "youthcop_admin_proposals:history_results": "not linked from any admin page",
}


# --- Reading pages ----------------------------------------------------------------------------


class PageLinks(HTMLParser):
    """The URLs a page shows: links and data-* URLs, POST form actions, and the variants of its GET forms."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.post_actions, self.get_forms = [], [], []
        self._form = None
        self._select = None
        self.selectable_id = None  # the first row a list's bulk actions can act on


    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and "data-bulk-action-checkbox" in attrs and attrs.get("value") and not self.selectable_id:
            self.selectable_id = attrs["value"]
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self._form = {"method": method, "action": attrs.get("action"), "fields": []}
            if method == "post" and attrs.get("action"):
                self.post_actions.append(attrs["action"])
            elif method == "get":
                self.get_forms.append(self._form)
                if attrs.get("action"):
                    self.links.append(attrs["action"])  # the form as it is first sent
        for name, value in attrs.items():
            if value and name not in ("action",) and value.startswith("/admin/"):
                posted_by_form = tag == "button" and name == "formaction" and self._form and self._form["method"] == "post"
                if posted_by_form or name == "data-w-action-url-value":  # w-action buttons POST (lock, unlock)
                    self.post_actions.append(value)
                else:
                    self.links.append(value)
        if self._form is None or self._form["method"] != "get":
            return
        field = attrs.get("name")
        if tag == "input" and field:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("radio", "checkbox") and attrs.get("value"):
                self._form["fields"].append((field, attrs["value"]))
            elif kind in ("text", "search") and field == "q":
                self._form["fields"].append((field, SEARCH_TERM))
        elif tag == "select" and field:
            self._select = field
        elif tag == "option" and self._select and attrs.get("value"):
            self._form["fields"].append((self._select, attrs["value"]))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def menu_urls(html):
    """The URLs of the admin menu (Wagtail renders it as JSON for the sidebar)."""
    match = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    urls = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("url"), str):
                urls.append(node["url"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    if match:
        walk(json.loads(match.group(1)))
    return urls


def html_of(response):
    if response.get("Content-Type", "").startswith("application/json"):
        try:
            data = json.loads(response.content)
        except ValueError:
            return ""
        return "\n".join(str(value) for key, value in data.items() if key in ("html", "htmlFragment"))
    if response.get("Content-Type", "").startswith("text/html"):
        return response.content.decode()
    return ""


# --- Which URLs belong to youthcop ------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def resolved(path):
    """``resolve(path)``, or None: asked several times of every link found, and the URLconf does not change."""
    try:
        return resolve(path)
    except Resolver404:
        return None


def view_name(path):
    match = resolved(path)
    return match.view_name if match else None


# Wagtail's own views on youthcop models: the certificate settings, bulk actions on charters.
YOUTHCOP_PATHS = ("/admin/settings/youthcop_", "/admin/bulk/youthcop_")


def is_youthcop(path):
    name = view_name(path)
    return path.startswith(YOUTHCOP_PATHS) or (
        path.startswith("/admin/") and (name is None and "youthcop" in path or str(name).startswith(YOUTHCOP_NAMESPACES))
    )


def youthcop_url_names():
    return {name for name in url_names() if name.startswith(YOUTHCOP_NAMESPACES)}


def with_results_view(url):
    """A list's filters are checked on its results view (the table alone): the same queryset, a lighter page."""
    parts = urlsplit(url)
    match = resolved(parts.path)
    if match is None:
        return url
    try:
        path = reverse(f"{match.namespace}:{match.url_name}_results", args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        return url
    return parts._replace(path=path).geturl()


def download_kind(url):
    """What makes a download another kind: its view, its format (non-numeric path arguments, ``export``), and a
    search (a list exports search results, not a queryset); not the object nor a list's filters."""
    parts = urlsplit(url)
    match = resolved(parts.path)
    if match is None:
        return None
    query = dict(parse_qsl(parts.query))
    formats = tuple(str(arg) for arg in (*match.args, *match.kwargs.values()) if not str(arg).isdigit())
    return match.view_name, formats, query.get("export"), "q" in query


# --- The crawl ------------------------------------------------------------------------------------


REFUSALS = ("/admin/login/", "/admin/")  # where Wagtail sends a user it refuses


class Crawl:
    def __init__(self, client):
        self.client = client
        self.seen = set()
        self.objects = {}  # url name -> set of argument tuples followed
        self.queries = {}  # path -> set of query strings followed
        self.reached = set()  # url names answered
        self.problems = []  # (url, what went wrong, the page that showed it)
        self.requests = 0
        self.downloads = set()  # the kinds of URL that answered a file (download_kind)
        self.exception = None
        got_request_exception.connect(self.record_exception, weak=False, dispatch_uid=f"crawl-{id(self)}")

    def record_exception(self, sender, request=None, **kwargs):
        error = sys.exc_info()[1]
        frames = [frame for frame in traceback.extract_tb(error.__traceback__) if "/youthcop/" in frame.filename]
        where = f" at {frames[-1].filename.split('/youthcop/')[-1]}:{frames[-1].lineno}" if frames else ""
        self.exception = f"{type(error).__name__}: {error}{where}"

    def admit(self, url, found_on):
        """Whether to follow ``url`` (within the caps); records a link to a URL that does not exist."""
        parts = urlsplit(url)
        path = parts.path
        if not path.startswith("/admin/") or not is_youthcop(path):
            return False
        match = resolved(path)
        if match is None:
            self.problems.append((url, "no such URL", found_on))
            return False
        query = self.kept_query(match.url_name, parts.query)
        key = f"{path}?{query}" if query else path
        if key in self.seen:
            return False
        args = (tuple(match.args), tuple(sorted(match.kwargs.items())))
        if download_kind(key) in self.downloads:
            return False
        # The first rows of each kind of page: a list filtered by language shows other charters than the list.
        followed = self.objects.setdefault((match.view_name, view_name(urlsplit(found_on).path)), set())
        if args not in followed and len(followed) >= OBJECTS_PER_VIEW:
            return False
        queries = self.queries.setdefault(path, set())
        if query and query not in queries and len(queries) >= QUERIES_PER_PATH:
            return False
        followed.add(args)
        if query:
            queries.add(query)
        self.seen.add(key)
        return key

    @staticmethod
    def kept_query(url_name, query):
        """The part of a query string worth a request: a list's filters, search and export, an add view's initial."""
        params = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k not in IGNORED_PARAMETERS and v]
        if url_name in LIST_VIEWS:
            params = [(k, v) for k, v in params if k in ("q", "export")]  # filters are tried on the results view
        elif url_name == "wagtail_bulk_action":
            params = [(k, v) for k, v in params if k == "id"]
        elif not url_name.endswith("_results") and url_name != "add":
            params = []
        elif any(k == "export" for k, _v in params):
            # An export runs the list's filtered queryset (each filter is checked on the results page) through the
            # list's exporter (checked unfiltered and searched): a filter's own export repeats both.
            params = [(k, v) for k, v in params if k in ("q", "export")]
        return urlencode(params)

    def get(self, url):
        self.requests += 1
        self.exception = None
        response = self.client.get(url)
        if response.streaming:
            # A download must be produced to the end (the test client closes it, keeping the connection).
            b"".join(response.streaming_content)
        return response

    def check(self, url, found_on, post_action=False):
        """Open ``url`` as a user shown it; return the page's HTML when it should be read further."""
        response = self.get(url)
        hops = 0
        name = view_name(urlsplit(url).path)
        self.reached.add(name)
        while response.status_code in (301, 302, 303) and hops < 3:
            target = urljoin(url, response["Location"])
            if urlsplit(target).path in REFUSALS:
                self.problems.append((url, f"refused: redirected to {target}", found_on))
                return None
            response, hops = self.get(target), hops + 1
        status = response.status_code
        if status == 200 and not response.get("Content-Type", "").startswith(("text/html", "application/json")):
            self.downloads.add(download_kind(url))  # one download of each kind is enough (PDFs take a second each)
        if status >= 500:
            self.problems.append((url, f"server error {status}: {self.exception}", found_on))
        elif status == 405 and post_action:
            return None  # a POST-only action: nothing to GET, nothing POSTed
        elif status != 200:
            self.problems.append((url, f"answered {status}", found_on))
        else:
            return html_of(response)
        return None

    def run(self, start="/admin/"):
        home = self.client.get(start)
        assert home.status_code == 200
        html = home.content.decode()
        queue = deque()

        def enqueue(url, found_on, post_action=False):
            url = self.admit(urljoin(found_on, url), found_on)
            if url:
                queue.append((url, found_on, post_action))

        for url in menu_urls(html):
            enqueue(url, "the admin menu")
        self.enqueue_page_links(html, start, enqueue)
        while queue:
            url, found_on, post_action = queue.popleft()
            if download_kind(url) in self.downloads:
                continue  # queued before the first download of its kind answered: one of each kind is enough
            page = self.check(url, found_on, post_action)
            if page:
                self.enqueue_page_links(page, url, enqueue)
        got_request_exception.disconnect(dispatch_uid=f"crawl-{id(self)}")
        return self

    def enqueue_page_links(self, html, url, enqueue):
        links = PageLinks()
        links.feed(html)
        for link in links.links:
            if view_name(urlsplit(link).path) == "wagtail_bulk_action" and "id=" not in link:
                # The page's JavaScript adds the selected rows' ids: select the first row.
                if not links.selectable_id:
                    continue
                link = f"{link}{'&' if '?' in link else '?'}id={links.selectable_id}"
            enqueue(link, url)
        for action in links.post_actions:
            if urlsplit(urljoin(url, action)).path != urlsplit(url).path:  # a form posting to its own page: seen
                enqueue(action, url, post_action=True)
        for form in links.get_forms:
            action = urljoin(url, form["action"] or url)
            base = urlsplit(with_results_view(action))
            kept = [(k, v) for k, v in parse_qsl(base.query) if k not in {field for field, _v in form["fields"]}]
            for field, value in dict.fromkeys(form["fields"]):
                query = urlencode([*kept, (field, value)])
                enqueue(f"{base.path}?{query}", url)


# --- The demo, loaded once for the module ------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_media):  # noqa: F811  (the fixture)
    """The demo data, loaded once and rolled back when the module ends (each test runs in a savepoint)."""
    with loaded_once(django_db_blocker, demo_media, lambda: call_command("youthcop_demo", "--allow-without-debug", stdout=StringIO())):
        yield


CRAWLS = {}  # role -> what the crawl found: shared by the per-role tests and the completeness check


def crawl_as(role):
    if role not in CRAWLS:
        client = Client(raise_request_exception=False)  # a 500 is recorded with its exception, the crawl goes on
        client.force_login(get_user_model().objects.get(username=role))
        started = time.monotonic()
        crawl = Crawl(client).run()
        crawl.seconds = time.monotonic() - started
        CRAWLS[role] = crawl
    return CRAWLS[role]


def report(problems):
    return "\n".join(f"{url}: {what} (shown on {found_on})" for url, what, found_on in problems)


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_page_a_user_reaches_works(demo, db, role):
    crawl = crawl_as(role)
    assert crawl.requests > 10, "the crawl did not get past the dashboard"
    assert not crawl.problems, f"{len(crawl.problems)} problems as {role}:\n{report(crawl.problems)}"


def test_the_crawl_reaches_every_youthcop_admin_view(demo, db):
    for role in ROLES:
        crawl_as(role)
    reached = set().union(*(crawl.reached for crawl in CRAWLS.values()))
    names = youthcop_url_names()
    missing = sorted(names - reached - set(NOT_CRAWLED))
    assert missing == [], "no role's crawl reaches these views (link them, or say why in NOT_CRAWLED):\n" + "\n".join(missing)
    assert sorted(set(NOT_CRAWLED) - names) == [], "NOT_CRAWLED names a view that no longer exists"
