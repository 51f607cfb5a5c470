"""A member's profile: cleaning what they submit, saving it, and what a viewer sees of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from wiki.access import ProfileField, can, hidden_slugs, require
from wiki.access.network import field_visibility
from wiki.auth.accounts import update_account
from wiki.content.markdown import MAX_WIKI_LINKS, existing_link_slugs, render_markdown
from wiki.departements import departement_name, normalise_departement
from wiki.errors import InvalidInput, NotFound
from wiki.extensions import db
from wiki.models import ContactPolicy, Profile, Tag, User
from wiki.models.base import utcnow
from wiki.network.fields import (
    FIELD_LABELS,
    FIELD_NAMES,
    MAX_EXPERTISE,
    MAX_LOOKING_FOR,
    MAX_ORGANISATION,
    MAX_PRESENTATION,
    MAX_PROFESSION,
    MAX_TERRITORY,
    SECTORS,
    STATUS_LABELS,
    VISIBILITIES,
    sector_label,
)
from wiki.pages.links import resolver
from wiki.pages.tagging import CONTROLLED_VOCABULARY

PROFILE_NOT_FOUND = "Ce profil n'existe pas."
TEXT_LIMITS = {
    "profession": MAX_PROFESSION,
    "organisation": MAX_ORGANISATION,
    "territory": MAX_TERRITORY,
    "presentation": MAX_PRESENTATION,
    "looking_for": MAX_LOOKING_FOR,
}
CONTACT_POLICIES = tuple(policy.value for policy in ContactPolicy)


# --- reading --------------------------------------------------------------------------------


def find_member(session, handle: str) -> User | None:
    return session.scalar(select(User).where(User.handle == handle))


def get_visible_member(viewer, handle: str) -> User:
    """The member behind `handle` if `viewer` may see their profile; else 404, as if the
    handle did not exist."""
    member = find_member(db.session, handle) if handle and len(handle) <= 64 else None
    if member is None:
        raise NotFound(PROFILE_NOT_FOUND)
    require(viewer, "profile.view", member, not_found=PROFILE_NOT_FOUND)
    return member


def profile_of(member: User) -> Profile:
    """The member's profile, or an empty unsaved one (all defaults) if they never wrote it.

    The empty one is not attached to the member: it must never be saved by accident."""
    if member.profile is not None:
        return member.profile
    return Profile(
        user_id=member.id,
        status="",
        profession="",
        organisation="",
        sectors=[],
        territory="",
        departement=None,
        presentation="",
        presentation_html="",
        looking_for="",
        in_directory=False,
        accepts_contact=ContactPolicy.MEMBERS,
        field_visibility={},
    )


@dataclass
class ShownProfile:
    """What one viewer sees of one profile: only the fields they may see are set."""

    member: User
    profile: Profile
    fields: dict[str, object] = field(default_factory=dict)  # name -> shown value
    presentation_html: str = ""

    def has(self, name: str) -> bool:
        return name in self.fields


def _locale() -> str:
    return str(get_locale() or "fr")


def shown_profile(viewer, member: User) -> ShownProfile:
    """The fields of `member`'s profile that `viewer` may see, ready to show (labels)."""
    profile = profile_of(member)
    locale = _locale()
    shown = ShownProfile(member=member, profile=profile)
    values = {
        "status": str(STATUS_LABELS.get(profile.status, "")) if profile.status else "",
        "profession": profile.profession,
        "organisation": profile.organisation,
        "sectors": [sector_label(slug, locale) for slug in profile.sectors or ()],
        "territory": profile.territory,
        "departement": (
            f"{departement_name(profile.departement)} ({profile.departement})"
            if profile.departement
            else ""
        ),
        "expertise": list(profile.expertise),
        "presentation": profile.presentation,
        "looking_for": profile.looking_for,
    }
    for name in FIELD_NAMES:
        if values[name] and can(viewer, "profile.field.view", ProfileField(member, name)):
            shown.fields[name] = values[name]
    if "presentation" in shown.fields:
        shown.presentation_html = presentation_html_for(viewer, profile)
    return shown


def presentation_html_for(viewer, profile: Profile) -> str:
    """The presentation rendered at save; a wiki link to a page `viewer` may not see reads
    like a link to a missing page, as in pages (reading.html_for)."""
    hidden = hidden_slugs(viewer, existing_link_slugs(profile.presentation_html))
    if not hidden:
        return profile.presentation_html
    return render_markdown(profile.presentation, resolver(db.session, visible_to=viewer)).html


def profile_to_json(viewer, member: User) -> dict:
    """A profile as GET /api/v1/people/<handle> gives it: handle, display name, avatar
    initials, then each field `viewer` may see (codes and slugs, as PUT takes them)."""
    profile = profile_of(member)
    raw = {
        "status": profile.status or None,
        "profession": profile.profession,
        "organisation": profile.organisation,
        "sectors": list(profile.sectors or ()),
        "territory": profile.territory,
        "departement": profile.departement,
        "expertise_tags": [tag.slug for tag in profile.expertise],
        "presentation": profile.presentation,
        "looking_for": profile.looking_for,
    }
    answer: dict[str, Any] = {
        "handle": member.handle,
        "display_name": member.display_name,
        "initials": initials(member.display_name),
    }
    for name in FIELD_NAMES:
        if can(viewer, "profile.field.view", ProfileField(member, name)):
            key = "expertise_tags" if name == "expertise" else name
            answer[key] = raw[key]
            if name == "presentation":
                answer["presentation_html"] = presentation_html_for(viewer, profile)
    if can(viewer, "profile.edit", member):  # the owner's own settings
        answer.update(
            in_directory=profile.in_directory,
            accepts_contact=profile.accepts_contact,
            visibility={name: field_visibility(profile, name) for name in FIELD_NAMES},
        )
    return answer


def initials(display_name: str) -> str:
    """Up to two letters for the avatar: "Camille Lefèvre" -> "CL", "Yanis" -> "Y"."""
    words = [w for w in display_name.replace("-", " ").split() if w[:1].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def avatar_hue(handle: str) -> int:
    """One of 12 colours, stable for a handle (a CSS class: the CSP allows no inline style)."""
    return sum(handle.encode()) % 12


# --- writing --------------------------------------------------------------------------------


@dataclass
class ProfileChanges:
    """Cleaned values to apply; None means "leave as it is" (a partial PUT)."""

    display_name: str | None = None
    status: str | None = None
    profession: str | None = None
    organisation: str | None = None
    sectors: list[str] | None = None
    territory: str | None = None
    departement: str | None = None  # "" clears it
    expertise: list[str] | None = None  # tag slugs
    presentation: str | None = None
    presentation_html: str | None = None  # rendered before the write transaction
    looking_for: str | None = None
    in_directory: bool | None = None
    accepts_contact: str | None = None
    visibility: dict[str, str] | None = None


def _text(value: object, name: str, limit: int, *, multiline: bool = False) -> str:
    if not isinstance(value, str):
        raise InvalidInput(_("« %(field)s » doit être du texte.", field=name), field=name)
    if "\x00" in value:
        raise InvalidInput(_("« %(field)s » contient un caractère nul.", field=name), field=name)
    text = value.strip() if multiline else " ".join(value.split())
    if len(text) > limit:
        raise InvalidInput(
            _(
                "« %(field)s » est trop long (%(count)d caractères au plus).",
                field=str(FIELD_LABELS.get(name, name)),
                count=limit,
            ),
            field=name,
        )
    return text


def _slug_list(value: object, name: str) -> list[str]:
    if isinstance(value, str):
        value = [part for part in value.split(",") if part.strip()]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidInput(
            _("« %(field)s » doit être une liste de textes.", field=name), field=name
        )
    return list(dict.fromkeys(item.strip() for item in value if item.strip()))


def _sectors(value: object) -> list[str]:
    by_label = {label.casefold(): slug for slug, labels in SECTORS.items() for label in labels}
    chosen = []
    for item in _slug_list(value, "sectors"):
        slug = item if item in SECTORS else by_label.get(item.casefold())
        if slug is None:
            raise InvalidInput(
                _(
                    "Secteur inconnu « %(sector)s » (possibles : %(known)s).",
                    sector=item,
                    known=", ".join(SECTORS),
                ),
                field="sectors",
            )
        chosen.append(slug)
    return list(dict.fromkeys(chosen))


def _expertise(value: object) -> list[str]:
    by_label = {
        label.casefold(): slug
        for slug, (fr, en, _d) in CONTROLLED_VOCABULARY.items()
        for label in (fr, en)
    }
    known = set(db.session.scalars(select(Tag.slug).where(Tag.controlled.is_(True))))
    chosen = []
    for item in _slug_list(value, "expertise_tags"):
        slug = item if item in known else by_label.get(item.casefold())
        if slug not in known:
            raise InvalidInput(
                _("« %(tag)s » n'est pas une étiquette du vocabulaire de l'association.", tag=item),
                field="expertise_tags",
            )
        chosen.append(slug)
    chosen = list(dict.fromkeys(chosen))
    if len(chosen) > MAX_EXPERTISE:
        raise InvalidInput(
            _("Au plus %(count)d sujets.", count=MAX_EXPERTISE), field="expertise_tags"
        )
    return chosen


def _visibility(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        raise InvalidInput(
            _("« visibility » doit être un objet {champ: niveau}."), field="visibility"
        )
    cleaned = {}
    for name, level in value.items():
        if name == "expertise_tags":
            name = "expertise"
        if name not in FIELD_NAMES:
            raise InvalidInput(
                _(
                    "Champ inconnu « %(field)s » dans « visibility » (possibles : %(known)s).",
                    field=name,
                    known=", ".join(FIELD_NAMES),
                ),
                field="visibility",
            )
        if level not in VISIBILITIES:
            raise InvalidInput(
                _(
                    "Visibilité inconnue « %(level)s » pour « %(field)s » : "
                    "public, members ou hidden.",
                    level=level,
                    field=name,
                ),
                field="visibility",
            )
        cleaned[name] = level
    return cleaned


def clean_changes(values: dict) -> ProfileChanges:
    """Check what a member submits (API keys of CONTRACT; absent or None: unchanged) and
    render the presentation; no write happens here."""
    changes = ProfileChanges()
    if values.get("display_name") is not None:
        changes.display_name = _text(values["display_name"], "display_name", 10_000)
    if values.get("status") is not None:
        status = values["status"]
        if status not in ("", *STATUS_LABELS):
            raise InvalidInput(
                _(
                    "Statut inconnu « %(status)s » (possibles : %(known)s).",
                    status=status,
                    known=", ".join(STATUS_LABELS),
                ),
                field="status",
            )
        changes.status = status
    for name, limit in TEXT_LIMITS.items():
        if values.get(name) is not None:
            setattr(
                changes,
                name,
                _text(values[name], name, limit, multiline=name in ("presentation", "looking_for")),
            )
    if values.get("sectors") is not None:
        changes.sectors = _sectors(values["sectors"])
    if values.get("departement") is not None:
        try:
            changes.departement = normalise_departement(values["departement"]) or ""
        except (ValueError, TypeError) as error:
            raise InvalidInput(str(error), field="departement") from None
    if values.get("expertise_tags") is not None:
        changes.expertise = _expertise(values["expertise_tags"])
    if values.get("in_directory") is not None:
        if not isinstance(values["in_directory"], bool):
            raise InvalidInput(_("« in_directory » doit être vrai ou faux."), field="in_directory")
        changes.in_directory = values["in_directory"]
    if values.get("accepts_contact") is not None:
        if values["accepts_contact"] not in CONTACT_POLICIES:
            raise InvalidInput(
                _("« accepts_contact » vaut members ou nobody."), field="accepts_contact"
            )
        changes.accepts_contact = values["accepts_contact"]
    if values.get("visibility") is not None:
        changes.visibility = _visibility(values["visibility"])
    if changes.presentation is not None:
        # Rendered now, outside the write transaction; links resolved against every page
        # (each reader then sees only those they may: presentation_html_for).
        changes.presentation_html = render_markdown(
            changes.presentation, resolver(db.session), max_links=MAX_WIKI_LINKS
        ).html
    return changes


def save_profile(
    session, member: User, changes: ProfileChanges, languages: tuple[str, ...]
) -> Profile:
    """Apply `changes` to `member`'s profile (created on first save); the caller commits.

    The people-search terms follow in the same flush (wiki.network.terms).
    """
    # Read first: a query's autoflush after the changes would write the terms twice.
    tags = (
        {
            tag.slug: tag
            for tag in session.scalars(select(Tag).where(Tag.slug.in_(changes.expertise)))
        }
        if changes.expertise is not None
        else {}
    )
    profile = member.profile
    if profile is None:
        profile = Profile(user=member, field_visibility={}, sectors=[])
        session.add(profile)
    if changes.display_name is not None:
        update_account(member, changes.display_name, member.locale, languages)
    for name in (
        "status",
        "profession",
        "organisation",
        "territory",
        "presentation",
        "presentation_html",
        "looking_for",
        "in_directory",
        "accepts_contact",
    ):
        value = getattr(changes, name)
        if value is not None:
            setattr(profile, name, value)
    if changes.sectors is not None:
        profile.sectors = changes.sectors
    if changes.departement is not None:
        profile.departement = changes.departement or None
    if changes.expertise is not None:
        profile.expertise = [tags[slug] for slug in changes.expertise]
    if changes.visibility is not None:
        profile.field_visibility = {**(profile.field_visibility or {}), **changes.visibility}
    profile.updated_at = utcnow()
    session.flush()
    return profile
