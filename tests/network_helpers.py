"""Helpers of the network tests: saving a profile as its member would."""

from __future__ import annotations

from wiki.extensions import db
from wiki.network.profiles import clean_changes, save_profile


def set_profile(user, **values):
    """Save `values` (PUT /api/v1/me/profile's keys) as `user`'s profile, committed."""
    changes = clean_changes(values)
    profile = save_profile(db.session, user, changes, ("fr", "en"))
    db.session.commit()
    return profile


def in_directory(user, **values):
    return set_profile(user, in_directory=True, **values)
