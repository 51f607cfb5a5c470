"""Feeds of a tag, of a group, of a member's notifications; the member's feed token page.

A group's feed answers the same 404 for a group that does not exist, a group the reader is
not in, and a missing or revoked token: nothing tells them apart.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from wiki.access import account
from wiki.database import begin_write
from wiki.errors import NotFound
from wiki.extensions import db
from wiki.feeds.tokens import (
    feed_token_of,
    issue_feed_token,
    revoke_feed_token,
    user_from_feed_token,
)
from wiki.notifications.center import notifications_of
from wiki.pages.feeds import ATOM_TYPE, Entry, atom_document, changes_feed
from wiki.pages.listing import get_tag
from wiki.pages.recent import filtered_changes, parse_filters, visible_group, visible_groups
from wiki.pages.tagging import resolve_merged
from wiki.urls import external_url

bp = Blueprint("feeds", __name__)
FEED_SIZE = 50
NO_FEED = "Ce flux n'existe pas, ou son adresse n'est plus valable."


def _atom(body: bytes, *, personal: bool = False) -> Response:
    response = Response(body, content_type=ATOM_TYPE)
    if personal:  # a member's own view: no shared cache keeps it, no search engine lists it
        response.headers["Cache-Control"] = "private, no-store"
        response.headers["X-Robots-Tag"] = "noindex"
    return response


def _feed_reader():
    """Whose feed this is: the owner of `?token=`, else the signed-in member (a browser
    opening the link); 404 when neither (a wrong token never falls back on the session)."""
    token = request.args.get("token")
    reader = user_from_feed_token(db.session, token) if token is not None else account(current_user)
    if reader is None:
        raise NotFound(NO_FEED)
    return reader


def _filter_args() -> dict:
    """The query's filters for a feed's own links (never the token)."""
    return {key: value for key, value in request.args.items() if key != "token"}


@bp.get("/feeds/tags/<slug>.atom")
def tag_feed(slug: str):
    """A tag's pages as they change (what /recent?tag=<slug> lists), for anyone."""
    tag = get_tag(current_user, slug)
    if tag.merged_into_id is not None:
        asked: dict[str, Any] = request.args.to_dict()
        return redirect(
            url_for("feeds.tag_feed", slug=resolve_merged(db.session, tag).slug, **asked), code=301
        )
    filters = parse_filters(current_user, request.args)
    filters.tag = tag
    changes = filtered_changes(
        current_user, filters, per_page=FEED_SIZE, count=False, drafts=False
    ).items
    args: dict[str, Any] = {
        key: value for key, value in filters.query_args().items() if key != "tag"
    }
    return _atom(
        changes_feed(
            changes,
            title=_("Wiki des pratiques sociales : étiquette « %(tag)s »", tag=tag.label_fr),
            feed_url=external_url(url_for("feeds.tag_feed", slug=tag.slug, **args)),
            site_url=external_url(url_for("pages.tag", slug=tag.slug)),
            viewer=current_user,
        )
    )


@bp.get("/feeds/groups/<slug>.atom")
def group_feed(slug: str):
    """The changes of a group's pages, for its members only (their feed token)."""
    reader = _feed_reader()
    try:
        group = visible_group(reader, slug)
    except NotFound:
        raise NotFound(NO_FEED) from None
    filters = parse_filters(reader, request.args)
    filters.group = group
    changes = filtered_changes(reader, filters, per_page=FEED_SIZE, count=False, drafts=False).items
    return _atom(
        changes_feed(
            changes,
            title=_("Wiki des pratiques sociales : groupe « %(name)s »", name=group.name),
            feed_url=external_url(url_for("feeds.group_feed", slug=group.slug)),
            site_url=external_url(url_for("pages.recent", group=group.slug)),
            viewer=reader,
        ),
        personal=True,
    )


@bp.get("/feeds/notifications.atom")
def notifications_feed():
    """A member's notifications, as the centre shows them (only what they may see now)."""
    reader = _feed_reader()
    entries = [
        Entry(
            id=external_url(f"/notifications/{view.id}"),
            title=view.text,
            updated=view.created_at,
            url=external_url(view.path),
            author=_("Wiki des pratiques sociales"),
            summary=_("Vous le recevez parce que %(reason)s.", reason=view.reason)
            if view.reason
            else view.text,
        )
        for view in notifications_of(db.session, reader, limit=FEED_SIZE)
    ]
    return _atom(
        atom_document(
            entries,
            title=_("Vos notifications sur le Wiki des pratiques sociales"),
            feed_url=external_url(url_for("feeds.notifications_feed")),
            site_url=external_url(url_for("notifications.centre")),
        ),
        personal=True,
    )


# --- the member's feed token --------------------------------------------------------------


def _account_page(member, *, new_token: str | None = None, status: int = 200):
    return render_template(
        "feeds/account.html",
        token=feed_token_of(db.session, member),
        new_token=new_token,
        groups=visible_groups(member),
        external_url=external_url,
    ), status


@bp.get("/account/feeds")
def account_page():
    member = account(current_user)
    if member is None:
        return redirect(url_for("auth.login", next=request.full_path))
    return _account_page(member)


@bp.post("/account/feeds/token")
def new_token():
    """Make (or make again) the member's feed token; its addresses are shown this once."""
    member = account(current_user)
    if member is None:
        abort(401)
    begin_write()
    token = issue_feed_token(db.session, member)
    db.session.commit()
    return _account_page(member, new_token=token)


@bp.post("/account/feeds/token/revoke")
def revoke():
    member = account(current_user)
    if member is None:
        abort(401)
    begin_write()
    revoke_feed_token(db.session, member)
    db.session.commit()
    return redirect(url_for("feeds.account_page"), code=303)
