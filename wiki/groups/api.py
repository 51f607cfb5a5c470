"""GET /api/v1/groups and /api/v1/groups/<slug> (CONTRACT): the groups the caller may see;
one, with its members if the caller is one of them."""

from __future__ import annotations

from flask import jsonify

from wiki.access import can
from wiki.access.groups import invitation_for, membership_of
from wiki.api.auth import caller
from wiki.api.routes import bp
from wiki.api.serializers import person_ref
from wiki.extensions import db
from wiki.groups import membership as domain
from wiki.models import Group
from wiki.urls import external_url


def group_json(group: Group, viewer) -> dict:
    membership = membership_of(viewer, group)
    return {
        "slug": group.slug,
        "name": group.name,
        "description": group.description,
        "closed": group.closed,
        "url": external_url(f"/groups/{group.slug}"),
        "facilitators": [person_ref(u) for u in domain.facilitators(db.session, group)],
        "membership": membership.role
        if membership is not None
        else ("invited" if invitation_for(viewer, group) is not None else None),
    }


@bp.get("/groups")
def list_groups():
    viewer = caller()
    groups = domain.visible_groups(db.session, viewer)
    return jsonify({"total": len(groups), "results": [group_json(g, viewer) for g in groups]})


@bp.get("/groups/<slug>")
def get_group(slug: str):
    viewer = caller()
    group = domain.get_visible_group(db.session, viewer, slug)
    body = group_json(group, viewer)
    if can(viewer, "group.members.view", group):
        body["members"] = [
            {**person_ref(m.user), "role": m.role} for m in domain.members(db.session, group)
        ]
    return jsonify(body)
