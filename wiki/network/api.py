"""The directory in the JSON API (CONTRACT): GET /people, GET /people/<handle> with its
pages, PUT /me/profile. What a caller gets of a profile is what they may see of it."""

from __future__ import annotations

from flask import current_app, jsonify, request, url_for

from wiki.api import payloads
from wiki.api.auth import caller, require_caller
from wiki.api.routes import bp
from wiki.database import begin_write
from wiki.extensions import db
from wiki.network import directory, profiles, targets  # noqa: F401 - profiles are reportable
from wiki.network.contributions import member_pages
from wiki.urls import page_url

API_PAGES_LIMIT = 200

PROFILE_KEYS: dict[str, tuple[type, str]] = {
    "display_name": (str, "un texte"),
    "status": (
        str,
        "un texte (salarie, retraite, demandeur-emploi, independant, benevole, etudiant ou autre)",
    ),
    "profession": (str, "un texte"),
    "organisation": (str, "un texte"),
    "sectors": (list, "une liste de secteurs"),
    "territory": (str, "un texte"),
    "departement": (str, 'un code de département ("37", "2A")'),
    "expertise_tags": (list, "une liste d'étiquettes du vocabulaire"),
    "presentation": (str, "un texte (Markdown)"),
    "looking_for": (str, "un texte"),
    "in_directory": (bool, "vrai ou faux"),
    "accepts_contact": (str, "members ou nobody"),
    "visibility": (dict, "un objet {champ: public, members ou hidden}"),
}


def person_json(viewer, member) -> dict:
    return {
        **profiles.profile_to_json(viewer, member),
        "url": url_for("network.profile", handle=member.handle, _external=True),
    }


@bp.get("/people")
def people():
    viewer = caller()
    query = directory.parse_query(request.args, per_page=current_app.config.get("PER_PAGE", 20))
    results = directory.search_people(viewer, query)
    return jsonify(
        {
            "total": results.total,
            "page": query.page,
            "per_page": query.per_page,
            "relaxed": results.relaxed,
            "results": [person_json(viewer, member) for member in results.members],
        }
    )


@bp.get("/people/<handle>")
def person(handle: str):
    viewer = caller()
    member = profiles.get_visible_member(viewer, handle)
    total, contributions = member_pages(viewer, member, limit=API_PAGES_LIMIT)
    return jsonify(
        {
            **person_json(viewer, member),
            "pages_total": total,
            "pages": [
                {
                    "slug": c.page.slug,
                    "title": c.page.title,
                    "kind": c.page.kind,
                    "role": c.role,
                    "url": page_url(c.page.slug, absolute=True),
                }
                for c in contributions
            ],
        }
    )


@bp.put("/me/profile")
def put_profile():
    user = require_caller()
    values = payloads.json_object(PROFILE_KEYS)
    changes = profiles.clean_changes(values)  # rendering before the write lock
    begin_write()
    profiles.save_profile(db.session, user, changes, tuple(current_app.config["LANGUAGES"]))
    db.session.commit()
    return jsonify(person_json(user, user))
