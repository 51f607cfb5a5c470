"""Helpers for the contact tests (messages, calls, data rights): profiles, JSON calls."""

from __future__ import annotations

from sqlalchemy import select

from wiki.extensions import db
from wiki.models import Profile, Tag


def give_profile(
    user,
    *,
    in_directory: bool = True,
    departement: str | None = None,
    expertise: tuple[str, ...] = (),
    accepts_contact: str = "members",
) -> Profile:
    """A directory profile for `user`, written straight to the database."""
    profile = db.session.get(Profile, user.id) or Profile(user_id=user.id)
    profile.in_directory = in_directory
    profile.departement = departement
    profile.accepts_contact = accepts_contact
    profile.expertise = [
        db.session.scalar(select(Tag).where(Tag.slug == slug)) or Tag(slug=slug, label_fr=slug)
        for slug in expertise
    ]
    db.session.add(profile)
    db.session.commit()
    return profile


def post_json(client, url: str, headers: dict, body: dict | None = None):
    return client.post(url, json=body or {}, headers=headers)
