"""Every GET route that reads a `?page=` number answers any value without a server error,
for anonymous visitors, members and moderators alike: the web's lists clamp it (a number
that is not one is page 1; one past the end, however huge, is the empty page past the last,
as wiki.paging.page_number does); search and the directory, web and API, and the API's
lists refuse a number out of their range with a 400 naming `page`.

The list of routes is checked against the source: a new view reading a page number, directly
or through a helper, fails test_every_route_reading_a_page_number_is_covered until it is here.
"""

from __future__ import annotations

import ast
import html
import inspect
import pathlib
import textwrap
from dataclasses import dataclass
from urllib.parse import quote

import pytest

import wiki
from tests.contact_helpers import give_profile
from tests.helpers import sign_in, text_of
from wiki.extensions import db
from wiki.paging import MAX_PAGE_NUMBER

HUGE = "461168601842738792"
NOT_PAGE_ONE = [HUGE, str(MAX_PAGE_NUMBER + 1), "9" * 400, "9" * 5000]  # past any end
NOT_NUMBERS = ["-5", "0", "abc", "1e9", "", " ", "٣", "+2", "1_0", "-" + HUGE]
NUMBERS = NOT_PAGE_ONE + NOT_NUMBERS
TITLE = "Le quartier des Tilleuls"  # on the first page of each list that shows pages


@dataclass(frozen=True)
class Listing:
    endpoint: str
    url: str  # the other arguments it needs; ?page= is added
    clamps: bool  # True: 200 whatever the number; False: 400 naming `page` outside 1..max
    shows: str | None = None  # something its first page shows, and the page past the end not
    shown_to: tuple[str, ...] = ("anonymous", "member", "moderator")


EVERYONE = ("anonymous", "member", "moderator")
MEMBERS = ("member", "moderator")
CALL = "Qui connaît une halte-répit"
LISTINGS = [
    Listing("pages.practices", "/practices", True, TITLE),
    Listing("pages.practices", "/practices?tag=aller-vers&sector=", True, TITLE),
    Listing("pages.innovations", "/innovations", True, "Une fiche des Tilleuls"),
    Listing("pages.all_pages", "/pages", True, TITLE),
    Listing("pages.tag", "/tags/aller-vers", True, TITLE),
    Listing("pages.recent", "/recent", True, TITLE),
    Listing("territories.departement", "/territoires/37", True),
    Listing("calls.index", "/calls", True, CALL, MEMBERS),
    Listing("notifications.centre", "/notifications", True),
    Listing("messaging.inbox", "/messages", True, "Une question sur la maraude", ("member",)),
    Listing("moderation.home", "/moderation", True),
    Listing("moderation.audit_log", "/moderation/audit", True),
    Listing("moderation.people_roles", "/moderation/people", True, "Karim Benali", ("moderator",)),
    Listing("search.results", "/search?q=quartier", False, TITLE),
    Listing("network.people", "/people", False),
    Listing("api.search_pages", "/api/v1/search?q=quartier", False, TITLE),
    Listing("api.people", "/api/v1/people", False),
    Listing("api.list_calls", "/api/v1/calls", False, CALL, MEMBERS),
    Listing("api.list_conversations", "/api/v1/conversations", False),
]
# Routes with a `page` argument that is not a page number.
NOT_A_PAGE_NUMBER = {
    "messaging.new": "/messages/new?to=karim-benali&page= names the page a message is about",
}


# --- the list is complete ----------------------------------------------------------------


def _reads_page(node: ast.AST) -> bool:
    """`…args.get("page"…)` or the API's `query_integer("page", …)`."""
    if not (
        isinstance(node, ast.Call)
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and node.args[0].value == "page"
    ):
        return False
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "get":
        return ast.unparse(func.value).endswith("args")
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name == "query_integer"


def _called_names(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            if isinstance(call.func, ast.Name):
                names.add(call.func.id)
            elif isinstance(call.func, ast.Attribute):
                names.add(call.func.attr)
    return names


def _functions() -> dict[tuple[str, str], ast.FunctionDef]:
    root = pathlib.Path(wiki.__file__).parent
    found = {}
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                found[str(path.resolve()), node.name] = node
    return found


def endpoints_reading_a_page_number(app) -> set[str]:
    views = {}
    for endpoint, view in app.view_functions.items():
        view = inspect.unwrap(view)
        if getattr(view, "__module__", "").startswith("wiki."):
            views[endpoint] = view
    view_keys = {
        (str(pathlib.Path(inspect.getsourcefile(v)).resolve()), v.__name__) for v in views.values()
    }
    functions = _functions()
    # Helpers (functions that are not views) reading a page number, directly or through
    # another helper, by name: _page_number(), parse_query(request.args), _kind_list()...
    helpers = {
        name
        for key, fn in functions.items()
        if key not in view_keys
        for name in [key[1]]
        if any(_reads_page(n) for n in ast.walk(fn))
    }
    while True:
        more = {
            key[1]
            for key, fn in functions.items()
            if key not in view_keys and key[1] not in helpers and _called_names(fn) & helpers
        }
        if not more:
            break
        helpers |= more
    reading = set()
    for endpoint, view in views.items():
        tree = ast.parse(textwrap.dedent(inspect.getsource(view)))
        if any(_reads_page(node) for node in ast.walk(tree)) or _called_names(tree) & helpers:
            reading.add(endpoint)
    return reading


def test_every_route_reading_a_page_number_is_covered(app):
    get_endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    reading = endpoints_reading_a_page_number(app) & get_endpoints
    covered = {listing.endpoint for listing in LISTINGS}
    assert reading - set(NOT_A_PAGE_NUMBER) == covered
    assert {"pages.practices", "api.search_pages", "messaging.new"} <= reading  # the scan works


def test_every_listed_route_exists_under_its_address(app):
    adapter = app.url_map.bind("wiki.test")
    for listing in LISTINGS:
        path = listing.url.partition("?")[0]
        assert adapter.match(path, method="GET")[0] == listing.endpoint, listing.url


# --- every number, every viewer ---------------------------------------------------------------


@pytest.fixture
def content(app, client, make_page, member, other_member, moderator, token_for):
    """One of each thing the lists show, on their first page."""
    make_page(TITLE, body="Un récit du quartier.", tags=["aller-vers"])
    make_page(
        "Une fiche des Tilleuls",
        kind="innovation",
        fields={"context": "Un quartier isolé.", "objectives": "Aller vers."},
    )
    give_profile(other_member, departement="37", expertise=("aller-vers",))
    headers = token_for(member)
    answers = [
        client.post(
            "/api/v1/calls",
            headers=headers,
            json={
                "title": "Qui connaît une halte-répit",
                "body": "À Tours ?",
                "tags": ["aller-vers"],
                "departement": "37",
            },
        ),
        client.post(
            "/api/v1/conversations",
            headers=headers,
            json={
                "to": other_member.handle,
                "subject": "Une question sur la maraude",
                "body": "Bonjour, une question.",
            },
        ),
    ]
    assert [answer.status_code for answer in answers] == [201, 201]
    db.session.commit()


VIEWERS = ["anonymous", "member", "moderator"]


def url_with(listing: Listing, number: str) -> str:
    separator = "&" if "?" in listing.url else "?"
    return f"{listing.url}{separator}page={quote(number)}"


def answer(client, listing: Listing, number: str, headers: dict):
    response = client.get(url_with(listing, number), headers=headers)
    if listing.endpoint.startswith("api."):
        body = response.get_data(as_text=True)
    else:
        body = html.unescape(text_of(response))
    return response, body


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("listing", LISTINGS, ids=[listing.url for listing in LISTINGS])
def test_any_page_number_is_answered_as_the_route_says(
    app, client, content, member, other_member, moderator, token_for, listing, viewer
):
    headers = {}
    if viewer != "anonymous":
        person = {"member": other_member, "moderator": moderator}[viewer]
        if listing.endpoint.startswith("api."):
            headers = token_for(person)
        else:
            sign_in(client, person)
    first, first_body = answer(client, listing, "1", headers)
    if first.status_code != 200:
        # Not this viewer's (sign in first, moderators only): the number changes nothing.
        assert first.status_code in (302, 401, 403, 404)
        for number in NUMBERS:
            assert answer(client, listing, number, headers)[0].status_code == first.status_code, (
                number[:20]
            )
        return
    shows = listing.shows if viewer in listing.shown_to else None
    if shows:
        assert shows in first_body  # the positive control for the pages past the end
    for number in NUMBERS:
        response, body = answer(client, listing, number, headers)
        if listing.clamps:
            assert response.status_code == 200, number[:20]
            if shows and number in NOT_PAGE_ONE:
                assert shows not in body, number[:20]  # the empty page past the last
            elif shows:
                assert shows in body, number[:20]  # not a number: page 1
        else:
            assert response.status_code == 400, number[:20]
            assert "« page »" in body, number[:20]
            if listing.endpoint.startswith("api."):
                error = response.get_json()["error"]
                assert error["details"]["field"] == "page", number[:20]


def test_a_huge_page_is_the_same_as_the_last_reachable_one(client, content):
    """The clamp, not a scan: the huge number lands on MAX_PAGE_NUMBER, whose list is empty."""
    for listing in LISTINGS:
        if not listing.clamps or listing.shows is None or "anonymous" not in listing.shown_to:
            continue
        huge = answer(client, listing, HUGE, {})[1]
        last = answer(client, listing, str(MAX_PAGE_NUMBER), {})[1]
        assert listing.shows not in huge and listing.shows not in last, listing.url


def test_a_page_argument_that_names_a_page_is_no_server_error_either(
    client, content, member, other_member
):
    """/messages/new?page=<slug>: the page a message is about, not a page number."""
    sign_in(client, member)
    for number in NUMBERS:
        url = f"/messages/new?to={other_member.handle}&page={quote(number)}"
        assert client.get(url).status_code < 500, number[:20]
