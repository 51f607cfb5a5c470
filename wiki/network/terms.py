"""The people search's terms: each profile field's words, analysed as page search analyses
pages (wiki.search.analysis), stored in profile_terms with the field's visibility.

The only writer of profile_terms. The terms are rewritten in the flush that changes what
they come from (a profile, its expertise, its member's display name, a tag's labels), so
they commit or roll back with it: the people search is never out of step with profiles.
`wiki index verify` compares them with what the profiles give now (a new analyser would
show as drift) and `wiki index rebuild` rewrites them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import delete, event, insert, inspect, select
from sqlalchemy.orm import Session, selectinload

from wiki.access.network import PUBLIC, field_visibility
from wiki.database import SessionLike
from wiki.departements import departement_name
from wiki.models import Profile, ProfileTerm, Tag, User, profile_expertise
from wiki.network.fields import SECTORS, STATUS_LABELS
from wiki.search.analysis import analyze

MAX_TERM = 100  # profile_terms.term
EXACT = "="  # exact values ("=37", "=aller-vers") never collide with analysed words

# Fields whose words a text query matches, with their weight in the ranking.
TEXT_WEIGHTS: dict[str, float] = {
    "display_name": 4.0,
    "expertise": 3.0,
    "profession": 3.0,
    "sectors": 2.0,
    "territory": 2.0,
    "departement": 2.0,
    "organisation": 1.5,
    "status": 1.0,
    "looking_for": 1.0,
    "presentation": 1.0,
}
# Fields an exact filter reads: the directory's filters.
EXACT_FIELDS = ("status", "departement", "sectors", "expertise")


def exact(value: str) -> str:
    return EXACT + value


def query_terms(text: str) -> list[str]:
    """The distinct terms of a query, in order, as they are stored."""
    seen: dict[str, None] = {}
    for term in analyze(text or ""):
        seen.setdefault(term[:MAX_TERM])
    return list(seen)


Row = tuple[str, str, str]  # (field, term, visibility)


def terms_of(profile: Profile, user: User) -> set[Row]:
    """Every row the profile gives: its fields' analysed words and exact values."""
    rows: set[Row] = set()

    def words(field: str, *texts: str, visibility: str | None = None) -> None:
        level = visibility or field_visibility(profile, field)
        for text in texts:
            for term in analyze(text or ""):
                rows.add((field, term[:MAX_TERM], level))

    def value(field: str, text: str) -> None:
        rows.add((field, exact(text)[:MAX_TERM], field_visibility(profile, field)))

    words("display_name", user.display_name, visibility=PUBLIC)  # it signs pages anyway
    words("profession", profile.profession)
    words("organisation", profile.organisation)
    words("territory", profile.territory)
    words("presentation", profile.presentation)
    words("looking_for", profile.looking_for)
    if profile.status:
        value("status", profile.status)
        label = STATUS_LABELS.get(profile.status)
        if label is not None:
            words("status", str(label))
    if profile.departement:
        value("departement", profile.departement)
        words("departement", profile.departement, departement_name(profile.departement) or "")
    for slug in profile.sectors or ():
        value("sectors", slug)
        words("sectors", *SECTORS.get(slug, ()))
    for tag in profile.expertise:
        value("expertise", tag.slug)
        words("expertise", tag.label_fr, tag.label_en)
    return rows


def write_terms(session: SessionLike, profiles: Iterable[Profile]) -> None:
    """Replace the stored terms of these profiles by what they give now."""
    profiles = list(profiles)
    if not profiles:
        return
    ids = [profile.user_id for profile in profiles]
    session.execute(delete(ProfileTerm).where(ProfileTerm.user_id.in_(ids)))
    rows = [
        {"user_id": profile.user_id, "field": field, "term": term, "visibility": level}
        for profile in profiles
        for field, term, level in terms_of(profile, profile.user)
    ]
    if rows:
        session.execute(insert(ProfileTerm), rows)


# --- kept in step, in the flush ------------------------------------------------------------


def _changed(obj, *names: str) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def _profiles_touched(session: Session) -> set[int]:
    """The ids of the profiles whose terms this flush may change."""
    ids: set[int] = set()
    tags: list[int] = []
    for obj in session.new:
        if isinstance(obj, Profile):
            ids.add(obj.user_id)
    for obj in session.dirty:  # computed once: each call walks the identity map
        if isinstance(obj, Profile):
            ids.add(obj.user_id)
        elif isinstance(obj, User) and _changed(obj, "display_name"):
            ids.add(obj.id)
        elif isinstance(obj, Tag) and _changed(obj, "label_fr", "label_en"):
            tags.append(obj.id)
    if tags:
        ids.update(
            session.scalars(
                select(profile_expertise.c.user_id).where(profile_expertise.c.tag_id.in_(tags))
            )
        )
    return ids


def _refresh_after_flush(session: Session, _flush_context) -> None:
    ids = _profiles_touched(session)
    if not ids:
        return
    deleted = {obj.user_id for obj in session.deleted if isinstance(obj, Profile)}
    profiles = [session.get(Profile, user_id) for user_id in sorted(ids - deleted)]
    write_terms(session, [profile for profile in profiles if profile is not None])


def keep_terms_in_step(session_class) -> None:
    """Listen to the flushes of `session_class` (Flask-SQLAlchemy's scoped session)."""
    if not event.contains(session_class, "after_flush", _refresh_after_flush):
        event.listen(session_class, "after_flush", _refresh_after_flush)


# --- verify and rebuild --------------------------------------------------------------------


@dataclass(frozen=True)
class TermsDrift:
    handle: str
    missing: int  # rows the profile gives that are not stored
    extra: int  # rows stored that the profile no longer gives

    def describe(self) -> str:
        return (
            f"profil @{self.handle} : recherche de personnes en écart "
            f"({self.missing} terme(s) manquant(s), {self.extra} en trop)"
        )


def _all_profiles(session: SessionLike, batch: int = 500) -> Iterator[list[Profile]]:
    last = 0
    while True:
        profiles = list(
            session.scalars(
                select(Profile)
                .where(Profile.user_id > last)
                .order_by(Profile.user_id)
                .options(selectinload(Profile.expertise), selectinload(Profile.user))
                .limit(batch)
            )
        )
        if not profiles:
            return
        yield profiles
        last = profiles[-1].user_id


def verify_terms(session: SessionLike) -> list[TermsDrift]:
    """Every profile whose stored terms differ from what it gives now."""
    drifts = []
    for profiles in _all_profiles(session):
        ids = [p.user_id for p in profiles]
        stored: dict[int, set[Row]] = {user_id: set() for user_id in ids}
        for user_id, field, term, level in session.execute(
            select(
                ProfileTerm.user_id, ProfileTerm.field, ProfileTerm.term, ProfileTerm.visibility
            ).where(ProfileTerm.user_id.in_(ids))
        ):
            stored[user_id].add((field, term, level))
        for profile in profiles:
            expected = terms_of(profile, profile.user)
            have = stored[profile.user_id]
            if expected != have:
                drifts.append(
                    TermsDrift(profile.user.handle, len(expected - have), len(have - expected))
                )
    return drifts


def rebuild_terms(session: SessionLike) -> int:
    """Rewrite every profile's terms; the caller commits. Returns the number of profiles."""
    count = 0
    for profiles in _all_profiles(session):
        write_terms(session, profiles)
        count += len(profiles)
    return count
