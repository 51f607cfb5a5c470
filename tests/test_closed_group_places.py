"""A closed group, its pages and its drafts, place by place: a member of the group finds them
(the positive control of each test); a signed-in adherent who is not a member, and an
anonymous visitor, find none of the group's words in any list, get 404 at every address,
and every answer they get (errors included) is the one a group or page that does not exist
gives."""

from __future__ import annotations

import json
import re
from urllib.parse import quote, unquote

import pytest
from conftest import _index_pending
from helpers import sign_in, sign_out, text_of, without_csrf
from markupsafe import escape
from network_helpers import in_directory
from sqlalchemy import or_, select

from wiki.extensions import db
from wiki.groups.membership import add_member, create_group
from wiki.models import OutgoingMail

# Each word is in one text of the closed group and nowhere else in the wiki.
NAME = "Quiproquane"  # the group's name
SLUG_WORD = "zelvoquin"  # its slug
SLUG = f"cercle-{SLUG_WORD}"
PURPOSE = "Ombrelunaire"  # its purpose
TITLE = "Tirvalonne"  # the published practice account's title
BODY = "Pambeluse"  # its text
SHEET = "Malbrouzet"  # the published innovation sheet's title
DRAFT = "Grivolaze"  # the draft's title
DRAFT_BODY = "Farondelle"  # the draft's text
FREE_TAG = "vormiquette"  # a free tag only the practice account bears
WORDS = (NAME, SLUG_WORD, PURPOSE, TITLE, BODY, SHEET, DRAFT, DRAFT_BODY, FREE_TAG)
MISSING = "cercle-nulle-part"  # a group that does not exist
OUTSIDERS = ("outsider", "anonymous")


def leaked(text: str) -> list[str]:
    """The closed group's words `text` holds (accents aside: none of them has any)."""
    folded = text.lower()
    return [word for word in WORDS if word.lower() in folded]


def leaked_in(response) -> list[str]:
    """The closed group's words in an answer, once what the request itself said is taken
    out: its address (echoed by the language form) and its query (in the search box)."""
    text = text_of(response)
    asked = response.request.full_path.rstrip("?")
    for echo in (asked, unquote(asked), quote(asked, safe=""), response.request.args.get("q", "")):
        if echo:
            text = text.replace(str(escape(echo)), "").replace(echo, "")
    return leaked(text)


@pytest.fixture
def people(app, make_user, member, make_page):
    """`member`, in the directory; Inès, who will facilitate the closed group; Karim, an
    approved adherent who will stay outside it, following `member` and the tag « aller
    vers »; every notification by mail; a public account and a public innovation sheet."""
    from wiki.feeds.tokens import issue_feed_token
    from wiki.notifications.following import follow
    from wiki.notifications.kinds import KINDS
    from wiki.notifications.settings import save_settings

    facilitator = make_user("ines@example.org", "Inès Roy")
    outsider = make_user("karim@example.org", "Karim Benali")
    follow(db.session, outsider, "member", member.handle)
    follow(db.session, outsider, "tag", "aller-vers")
    follow(db.session, facilitator, "tag", "aller-vers")
    for person in (facilitator, outsider):  # every notification by mail, at once
        save_settings(db.session, person, dict.fromkeys(KINDS, "mail"), "daily")
    db.session.commit()
    in_directory(member, profession="Éducatrice")
    public = make_page(
        "Accueil de jour",
        body="Un accueil de jour, le matin, en aller vers.",
        tags=["aller-vers"],
        fields={"territory": "Tours (37)"},
        visibility="public",
        author=facilitator,
    )
    public_sheet = make_page(
        "Fiche ouverte",
        kind="innovation",
        body="Une fiche ouverte à tous.",
        visibility="public",
        author=facilitator,
    )
    tokens = {
        who: issue_feed_token(db.session, person)
        for who, person in (("member", member), ("outsider", outsider))
    }
    db.session.commit()
    return {
        "facilitator": facilitator,
        "outsider": outsider,
        "member": member,
        "public": public,
        "public_sheet": public_sheet,
        "feed_tokens": tokens,
    }


def add_closed_group(app, people: dict, make_page) -> dict:
    """The closed group, `member` in it and Inès its facilitator; its practice account
    (linking to the public one, sharing its tag and words), its innovation sheet, its draft,
    and a comment on the account. Added to `people`."""
    from wiki.comments.commenting import post_comment

    member, facilitator = people["member"], people["facilitator"]
    create_group(db.session, SLUG, f"Cercle {NAME}", f"Des paroles {PURPOSE}.", closed=True)
    add_member(db.session, SLUG, facilitator.email, "facilitator")
    add_member(db.session, SLUG, member.email, "member")
    db.session.commit()
    practice = make_page(
        f"Séance {TITLE}",
        body=f"Un accueil de jour {BODY}, en aller vers. Voir [[Accueil de jour]].",
        tags=["aller-vers", FREE_TAG],
        fields={"territory": "Tours (37)"},
        visibility=f"group:{SLUG}",
        author=member,
    )
    sheet = make_page(
        f"Fiche {SHEET}",
        kind="innovation",
        body=f"Une fiche {SHEET} du cercle.",
        tags=["aller-vers"],
        visibility=f"group:{SLUG}",
        author=member,
    )
    draft = make_page(
        f"Brouillon {DRAFT}",
        body=f"Une esquisse {DRAFT_BODY}.",
        visibility=f"group:{SLUG}",
        status="draft",
        author=member,
    )
    comment = post_comment(
        db.session, facilitator, practice, "Merci pour ce récit.", "<p>Merci pour ce récit.</p>"
    )
    db.session.commit()
    _index_pending(app)
    people.update(practice=practice, sheet=sheet, draft=draft, comment=comment)
    return people


@pytest.fixture
def world(app, people, make_page):
    """Everyone, and the closed group with its pages."""
    return add_closed_group(app, people, make_page)


@pytest.fixture
def visit(client, people, token_for):
    """`visit(who, url)`: the answer `who` (member, facilitator, outsider, anonymous) gets,
    signed in on the web and with their token on the API."""
    world = people
    tokens = {who: token_for(world[who]) for who in ("member", "facilitator", "outsider")}
    db.session.commit()

    def get(who: str, url: str, method: str = "get", **kwargs):
        if who == "anonymous":
            sign_out(client)
        else:
            sign_in(client, world[who])
        if url.startswith("/api/") and who != "anonymous":
            kwargs.setdefault("headers", tokens[who])
        url = url.format(**{k: v.slug for k, v in world.items() if hasattr(v, "slug")})
        return getattr(client, method)(url, **kwargs)

    return get


# --- lists: absent for those outside, present for the member ----------------------------

LISTS = {
    # url: a word the member finds there
    "/groups": NAME,
    "/api/v1/groups": NAME,
    "/": TITLE,
    "/pages": TITLE,
    "/practices": TITLE,
    "/innovations": SHEET,
    "/recent": TITLE,
    "/tags": FREE_TAG,
    "/tags/aller-vers": TITLE,
    "/territoires/37": TITLE,
    f"/search?q={BODY}": TITLE,
    "/search?q=accueil de jour": TITLE,
    f"/search?q={NAME}": None,
    f"/api/v1/search?q={BODY}": TITLE,
    "/api/v1/search?q=accueil de jour": TITLE,
    "/api/v1/search?q=Tirvolonne": TITLE.lower(),  # a misspelling: the suggestion
    "/search?q=Malbrouzit": SHEET.lower(),
    "/feeds/recent.atom": TITLE,
    "/feeds/tags/aller-vers.atom": TITLE,
    "/pages/{public}": TITLE,  # backlinks, related pages
    "/drafts": DRAFT,
    "/people": None,
    f"/people?q={NAME}": None,
    "/api/v1/people": None,
    "/pages/new?kind=practice": SLUG_WORD,  # the visibility choices
    "/pages/new?kind=innovation": SLUG_WORD,
    "/api/v1/me/export": TITLE,
    "/account/export": TITLE,
}


SIGNED_IN = ("/drafts", "/api/v1/me/export", "/account/export")


@pytest.mark.parametrize("url", LISTS)
def test_each_list_shows_the_group_to_its_member_alone(visit, world, url):
    expected = LISTS[url]
    seen = visit("member", url)
    assert seen.status_code == 200, text_of(seen)[:500]
    if expected is not None:
        assert expected in text_of(seen), url
    for who in OUTSIDERS:
        response = visit(who, url)
        if who == "anonymous" and (url.startswith("/pages/new") or url in SIGNED_IN):
            assert response.status_code in (302, 401)
            continue
        assert response.status_code == 200, (who, url)
        assert leaked_in(response) == [], (who, url)


def test_the_profile_of_a_member_lists_the_group_pages_to_the_group_alone(visit, world):
    handle = world["member"].handle
    for url in (f"/people/{handle}", f"/api/v1/people/{handle}"):
        assert TITLE in text_of(visit("facilitator", url)), url
        for outsider in OUTSIDERS:
            response = visit(outsider, url)
            assert response.status_code == 200
            assert "Éducatrice" in text_of(response)  # the profile itself is shown
            assert leaked_in(response) == [], (outsider, url)


def test_search_counts_and_facets_count_what_each_may_see(visit, world):
    member = visit("member", "/api/v1/search?q=accueil de jour").get_json()
    assert member["total"] == 2 and member["facets"]["tags"].get(FREE_TAG) == 1
    for who in OUTSIDERS:
        answer = visit(who, "/api/v1/search?q=accueil de jour").get_json()
        assert answer["total"] == 1, who
        assert answer["facets"]["tags"] == {"aller-vers": 1}, who
        assert answer["facets"]["kind"] == {"practice": 1}, who


def test_the_public_account_names_the_group_account_among_links_and_neighbours_to_members(
    visit, world
):
    """The group's account links to the public one and shares its tag and words: « Pages
    qui pointent ici » and « Pages proches » name it to the member alone."""
    html = text_of(visit("member", "/pages/{public}"))
    backlinks = html[html.index("Pages qui pointent ici") :]
    assert TITLE in backlinks[: backlinks.index("</section>")]
    related = html[html.index("Pages proches") :]
    assert TITLE in related[: related.index("</aside>")]
    for who in OUTSIDERS:
        assert leaked_in(visit(who, "/pages/{public}")) == []


def test_open_data_holds_public_sheets_only(visit, world):
    for url in ("/open-data/sheets.jsonl", "/open-data/sheets.csv", "/open-data"):
        for who in ("member", *OUTSIDERS):
            response = visit(who, url)
            assert response.status_code == 200
            assert leaked_in(response) == [], (who, url)
    assert "Fiche ouverte" in text_of(visit("anonymous", "/open-data/sheets.jsonl"))


def test_notifications_and_mails_tell_the_outsider_nothing(visit, world):
    """Karim follows the author and the tag of the group's account: he hears nothing of it;
    Inès, who follows the tag in the group, does."""
    assert TITLE in text_of(visit("facilitator", "/notifications"))
    assert TITLE in text_of(visit("facilitator", "/api/v1/notifications"))
    for url in ("/notifications", "/api/v1/notifications"):
        response = visit("outsider", url)
        assert response.status_code == 200
        assert "Accueil de jour" in text_of(response), url  # he hears of the public one
        assert leaked_in(response) == [], url
    told = db.session.scalars(
        select(OutgoingMail).where(OutgoingMail.to_address == world["facilitator"].email)
    ).all()
    assert any(TITLE in mail.subject + mail.text for mail in told)
    mails = db.session.scalars(
        select(OutgoingMail).where(
            or_(
                OutgoingMail.recipient_id == world["outsider"].id,
                OutgoingMail.to_address == world["outsider"].email,
            )
        )
    ).all()
    assert any("Accueil de jour" in mail.subject + mail.text for mail in mails)
    for mail in mails:
        assert leaked(mail.subject + mail.text + mail.html + json.dumps(mail.headers)) == []


def test_the_personal_feeds(visit, world):
    tokens = world["feed_tokens"]
    member = visit("anonymous", f"/feeds/groups/{SLUG}.atom?token={tokens['member']}")
    assert member.status_code == 200 and TITLE in text_of(member)
    hidden = visit("anonymous", f"/feeds/groups/{SLUG}.atom?token={tokens['outsider']}")
    missing = visit("anonymous", f"/feeds/groups/{MISSING}.atom?token={tokens['outsider']}")
    assert hidden.status_code == missing.status_code == 404
    assert without_csrf(text_of(hidden)).replace(SLUG, MISSING) == without_csrf(text_of(missing))
    notifications = visit("anonymous", f"/feeds/notifications.atom?token={tokens['outsider']}")
    assert notifications.status_code == 200 and leaked(text_of(notifications)) == []


# --- addresses: 404 as for what does not exist ---------------------------------------------

ADDRESSES = {
    # an address of the group's, the same address of nothing: (url, missing url)
    "group": (f"/groups/{SLUG}", f"/groups/{MISSING}"),
    "group settings": (f"/groups/{SLUG}/settings", f"/groups/{MISSING}/settings"),
    "api group": (f"/api/v1/groups/{SLUG}", f"/api/v1/groups/{MISSING}"),
    "group feed": (f"/feeds/groups/{SLUG}.atom", f"/feeds/groups/{MISSING}.atom"),
    # a free tag the group's account alone bears
    "tag": (f"/tags/{FREE_TAG}", "/tags/nulle-part"),
    "tag feed": (f"/feeds/tags/{FREE_TAG}.atom", "/feeds/tags/nulle-part.atom"),
}
for _name in ("practice", "sheet", "draft"):
    for _suffix in (
        "",
        "/history",
        "/diff",
        "/revisions/1",
        "/edit",
        "/comments",
        "/revert/1",
        "/revisions/1/suppress",
        "/anonymise",
        ".pdf",
    ):
        ADDRESSES[_name + _suffix] = (f"/pages/{{{_name}}}{_suffix}", f"/pages/nulle-part{_suffix}")
    for _suffix in ("", "/revisions", "/revisions/1", "/comments"):
        ADDRESSES[f"api {_name}{_suffix}"] = (
            f"/api/v1/pages/{{{_name}}}{_suffix}",
            f"/api/v1/pages/nulle-part{_suffix}",
        )
ADDRESSES["comment"] = ("/comments/{comment_id}", "/comments/999999")

# What the member gets at each: the group's member reads; managing is for others.
MEMBER_STATUS = {
    "group settings": 403,  # a plain member does not manage
    "practice/comments": 302,  # to the page's comments
    "sheet/comments": 302,
    "draft/comments": 302,
    "comment": 302,
}


def _address(url: str, world) -> str:
    return url.replace("{comment_id}", str(world["comment"].id))


def as_missing(text: str, world) -> str:
    """`text` with the closed group's addresses spelt as those of nothing."""
    for name in ("practice", "sheet", "draft"):
        text = text.replace(world[name].slug, "nulle-part")
    text = text.replace(SLUG, MISSING).replace(f"/tags/{FREE_TAG}", "/tags/nulle-part")
    return text.replace(f"/comments/{world['comment'].id}", "/comments/999999")


@pytest.mark.parametrize("place", ADDRESSES)
def test_each_address_is_a_404_like_nothing_for_those_outside(visit, world, place):
    url, missing = (_address(u, world) for u in ADDRESSES[place])
    member = visit("member", url)
    if place.endswith(("/anonymise", "/revert/1", "/revisions/1/suppress")):
        assert member.status_code in (200, 403, 409), place  # seen, maybe refused
    elif place.endswith(".pdf"):
        assert member.status_code in (200, 503), place  # without Pango, says what to install
    else:
        assert member.status_code == MEMBER_STATUS.get(place, 200), place
    for who in OUTSIDERS:
        hidden, nothing = visit(who, url), visit(who, missing)
        if who == "anonymous" and nothing.status_code in (302, 401):
            # asked to sign in first, for both alike
            assert hidden.status_code == nothing.status_code, (who, place)
            assert as_missing(hidden.headers.get("Location", ""), world) == nothing.headers.get(
                "Location", ""
            )
        else:
            assert hidden.status_code == nothing.status_code == 404, (who, place)
        assert leaked_in(hidden) == [], (who, place)
        shown = as_missing(without_csrf(text_of(hidden)), world)
        assert shown == without_csrf(text_of(nothing)), (who, place)


# --- errors: « not a member » answers like « no such group » -------------------------------


def _both(visit, who, method, url_of, **kwargs_of):
    """The answers to the same request naming the closed group, then no group."""
    answers = []
    for slug in (SLUG, MISSING):
        kwargs = {k: json.loads(json.dumps(v).replace("SLUG", slug)) for k, v in kwargs_of.items()}
        answers.append(visit(who, url_of.replace("SLUG", slug), method, **kwargs))
    hidden, nothing = answers
    assert hidden.status_code == nothing.status_code, (url_of, hidden.status_code)
    if method != "get":
        assert hidden.status_code >= 400 or hidden.status_code in (302, 303), url_of
    shown = without_csrf(text_of(hidden)).replace(SLUG, MISSING)
    assert leaked(shown) == [], url_of
    assert shown == without_csrf(text_of(nothing)), url_of
    return hidden


def test_a_page_for_the_closed_group_is_refused_as_for_no_group_through_the_api(visit, world):
    page = {"kind": "practice", "title": "Essai", "body": "Texte.", "visibility": "group:SLUG"}
    refused = _both(visit, "outsider", "post", "/api/v1/pages", json=page)
    assert refused.status_code in (403, 404, 400)
    # the member's own request is accepted: the group is there for them
    accepted = visit(
        "member", "/api/v1/pages", "post", json={**page, "visibility": f"group:{SLUG}"}
    )
    assert accepted.status_code == 201, accepted.get_json()


def test_an_edit_moving_a_page_into_the_closed_group_is_refused_as_for_no_group(visit, world):
    public = world["public"]
    _both(
        visit,
        "outsider",
        "put",
        f"/api/v1/pages/{public.slug}",
        json={
            "title": public.title,
            "body": "Un accueil de jour.",
            "visibility": "group:SLUG",
            "base_revision": 1,
        },
    )


def test_a_page_for_the_closed_group_is_refused_as_for_no_group_on_the_web(visit, world):
    form = {"title": "Essai", "body": "Texte.", "visibility": "group:SLUG", "action": "publish"}
    _both(visit, "outsider", "post", "/pages/new?kind=practice", data=form)
    _both(visit, "outsider", "post", "/pages/new?kind=practice&group=SLUG", data=form)
    _both(visit, "outsider", "get", "/pages/new?kind=practice&group=SLUG")
    _both(visit, "outsider", "get", "/pages/new?group=SLUG")


STEPS = (
    "/groups/SLUG/join",
    "/groups/SLUG/leave",
    "/groups/SLUG/request/withdraw",
    "/groups/SLUG/invitation/decline",
    "/groups/SLUG/invite",
    "/groups/SLUG/requests/{member_id}/approve",
    "/groups/SLUG/requests/{member_id}/decline",
    "/groups/SLUG/members/{member_id}/remove",
    "/groups/SLUG/members/{member_id}/role/facilitator",
    "/groups/SLUG/settings",
)


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("who", OUTSIDERS)
def test_each_step_of_membership_answers_as_for_no_group(visit, world, step, who):
    url = step.replace("{member_id}", str(world["member"].id))
    data = {"who": "@" + world["outsider"].handle, "name": "Pris", "description": ""}
    _both(visit, who, "post", url, data=data)


def test_a_link_to_the_group_account_reads_to_outsiders_as_a_link_to_nothing(
    app, visit, world, make_page
):
    """A public page naming the group's account by its title: to those outside, the link
    is drawn as the one to a title no page bears."""
    linking = make_page(
        "Liens", body=f"[[Séance {TITLE}]] et [[Séance Inexistante]].", author=world["facilitator"]
    )
    member = text_of(visit("member", f"/pages/{linking.slug}"))
    assert f'href="/pages/{world["practice"].slug}"' in member
    for who in OUTSIDERS:
        html = text_of(visit(who, f"/pages/{linking.slug}"))
        assert world["practice"].slug not in html, who
        links = re.findall(r"<a [^>]*>Séance [^<]*</a>", html)
        assert len(links) == 2, (who, links)
        assert (
            links[0].replace(TITLE, "Inexistante").replace(TITLE.lower(), "inexistante") == links[1]
        ), (who, links)


PAGE_STEPS = (
    # method, address, payload: each names the group's practice account (PRACTICE)
    ("post", "/pages/PRACTICE/edit", {"title": "Essai", "body": "Texte.", "visibility": "public"}),
    ("post", "/pages/PRACTICE/revert/1", {"base_revision": "1"}),
    ("post", "/pages/PRACTICE/revisions/1/suppress", {"reason": "Nom."}),
    ("post", "/pages/PRACTICE/anonymise", {"find": "a", "replace": "b", "reason": "Nom."}),
    ("post", "/pages/PRACTICE/comments", {"body": "Ah."}),
    ("post", "/pages/PRACTICE/follow-ups", {"text": "Ah.", "area": "people"}),
    ("post", "/pages/PRACTICE/stage", {"stage": "idea"}),
    ("post", "/follows", {"kind": "page", "target": "PRACTICE", "next": "/"}),
    ("post", "/follows/remove", {"kind": "page", "target": "PRACTICE", "next": "/"}),
    ("get", "/report?target=page:PRACTICE", None),
    ("post", "/report?target=page:PRACTICE", {"target": "page:PRACTICE", "reason": "Nom."}),
    ("get", "/comments/COMMENT/edit", None),
    ("get", "/comments/COMMENT/report", None),
    ("post", "/comments/COMMENT/report", {"reason": "Nom."}),
    ("post", "/comments/COMMENT/delete", {}),
    ("put", "/api/v1/pages/PRACTICE", {"title": "Essai", "body": "Texte.", "base_revision": 1}),
    ("post", "/api/v1/pages/PRACTICE/revisions/1/suppress", {"reason": "Nom."}),
    ("post", "/api/v1/pages/PRACTICE/anonymise", {"find": "a", "replace": "b", "reason": "N."}),
    ("post", "/api/v1/pages/PRACTICE/comments", {"body": "Ah."}),
    ("post", "/api/v1/follows", {"kind": "page", "target": "PRACTICE"}),
    ("delete", "/api/v1/follows", {"kind": "page", "target": "PRACTICE"}),
    ("post", "/api/v1/reports", {"target": "page:PRACTICE", "reason": "Nom."}),
    ("post", "/api/v1/reports", {"target": "comment:COMMENT", "reason": "Nom."}),
    ("put", "/api/v1/comments/COMMENT", {"body": "Ah."}),
    ("delete", "/api/v1/comments/COMMENT", None),
    ("post", "/api/v1/follows", {"kind": "group", "target": "GROUP"}),
    ("delete", "/api/v1/follows", {"kind": "group", "target": "GROUP"}),
    ("post", "/follows", {"kind": "group", "target": "GROUP", "next": "/"}),
)


@pytest.mark.parametrize(
    ("method", "address", "payload"), PAGE_STEPS, ids=[f"{m} {a}" for m, a, _ in PAGE_STEPS]
)
def test_each_step_on_the_group_account_answers_as_for_nothing(
    visit, world, method, address, payload
):
    """What an outsider asks of the group's account, of a comment on it, or of the group
    itself gets the answer the same request about nothing gets."""
    names = {
        "hidden": {
            "PRACTICE": world["practice"].slug,
            "COMMENT": str(world["comment"].id),
            "GROUP": SLUG,
        },
        "nothing": {"PRACTICE": "nulle-part", "COMMENT": "999999", "GROUP": MISSING},
    }

    def spelt(value, which):
        text = json.dumps(value)
        for placeholder, name in names[which].items():
            text = text.replace(placeholder, name)
        return json.loads(text)

    answers = {}
    for which in names:
        kwargs = {}
        if payload is not None:
            kwargs["json" if address.startswith("/api/") else "data"] = spelt(payload, which)
        answers[which] = visit("outsider", spelt(address, which), method, **kwargs)
    hidden, nothing = answers["hidden"], answers["nothing"]
    assert hidden.status_code == nothing.status_code, (hidden.status_code, nothing.status_code)
    assert hidden.status_code >= 400, hidden.status_code
    assert leaked_in(hidden) == []
    assert as_missing(without_csrf(text_of(hidden)), world).replace(
        "page:" + world["practice"].slug, "page:nulle-part"
    ) == without_csrf(text_of(nothing))


def test_the_address_of_the_group_account_is_refused_as_any_taken_address(visit, world):
    """An outsider asking for the very address the group's account holds (its random
    suffix: only if someone gave it) is refused as for an address a page they read holds,
    with nothing of the account or its group."""
    hidden = world["practice"].slug
    web = visit(
        "outsider",
        "/pages/new?kind=practice",
        "post",
        data={"title": "Essai", "body": "Texte.", "slug": hidden, "visibility": "members"},
    )
    api = visit(
        "outsider",
        "/api/v1/pages",
        "post",
        json={"kind": "practice", "title": "Essai", "body": "Texte.", "slug": hidden},
    )
    taken_web = visit(
        "outsider",
        "/pages/new?kind=practice",
        "post",
        data={
            "title": "Essai",
            "body": "Texte.",
            "slug": world["public"].slug,
            "visibility": "members",
        },
    )
    taken_api = visit(
        "outsider",
        "/api/v1/pages",
        "post",
        json={"kind": "practice", "title": "Essai", "body": "Texte.", "slug": world["public"].slug},
    )
    for answer, public in ((web, taken_web), (api, taken_api)):
        assert leaked(text_of(answer).replace(hidden, "")) == []
        assert answer.status_code == public.status_code, (answer.status_code, public.status_code)
        assert without_csrf(text_of(answer)).replace(hidden, world["public"].slug) == without_csrf(
            text_of(public)
        )


# --- the whole view: the same with the closed group as without it --------------------------

OUTSIDE_VIEW = (
    *(url for url in LISTS if "{" not in url),
    "/pages/{public}",
    "/people/claire-martin",
    "/api/v1/people/claire-martin",
    "/api/v1/pages/{public}",
    "/pages/{public}/history",
    "/territoires",
    "/open-data/sheets.jsonl",
    "/notifications",
    "/api/v1/notifications",
    "/api/v1/follows",
    "/notifications/follows",
    "/feeds/recent.atom",
    "/feeds/tags/aller-vers.atom",
    "/calls",
)
TIMES = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)?")


def outside_view(visit) -> dict:
    """What the outsider and an anonymous visitor get at each place (the feeds' clock of
    generation aside)."""
    view = {}
    for who in OUTSIDERS:
        for url in OUTSIDE_VIEW:
            response = visit(who, url)
            text = without_csrf(text_of(response))
            if url.endswith(".atom"):
                text = re.sub(r"<updated>[^<]*</updated>", "", text, count=1)
            text = re.sub(r'"exported_at": ?"[^"]*"', "", text)
            view[who, url] = (response.status_code, text)
    return view


def test_those_outside_see_the_same_wiki_with_the_closed_group_as_without_it(
    app, people, visit, make_page
):
    """Not a word, a count, a facet or a date moves for those outside when the group is
    founded and writes: the strongest form of « its existence is not revealed »."""
    before = outside_view(visit)
    world = add_closed_group(app, people, make_page)
    assert TITLE in text_of(visit("member", "/recent"))  # it is there, for its member
    after = outside_view(visit)
    changed = [place for place in before if before[place] != after[place]]
    assert changed == [], [(place, before[place], after[place]) for place in changed[:1]]
    assert world["practice"].slug not in str(after)
