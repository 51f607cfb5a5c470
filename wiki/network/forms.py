"""The profile form of the account page (no JavaScript needed) and the directory's filters.

Each profile field has a select beside it saying who sees it. Forms turn input into the
values wiki.network.profiles.clean_changes takes; they decide nothing.
"""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from wiki.access import field_visibility
from wiki.departements import departement_choices
from wiki.extensions import db
from wiki.models import ContactPolicy, Profile, Tag
from wiki.network.fields import (
    FIELD_LABELS,
    FIELD_NAMES,
    MAX_LOOKING_FOR,
    MAX_ORGANISATION,
    MAX_PRESENTATION,
    MAX_PROFESSION,
    MAX_TERRITORY,
    SECTORS,
    STATUS_LABELS,
    VISIBILITY_LABELS,
    sector_label,
)
from wiki.pages.forms import CheckboxListField, choice


def _visibility_select(name: str) -> SelectField:
    return SelectField(
        _l("Qui voit « %(field)s » ?", field=FIELD_LABELS[name]),
        choices=[choice(level, label) for level, label in VISIBILITY_LABELS.items()],
    )


class ProfileForm(FlaskForm):
    status = SelectField(FIELD_LABELS["status"], choices=[], validate_choice=True)
    profession = StringField(
        FIELD_LABELS["profession"],
        validators=[Optional(), Length(max=MAX_PROFESSION)],
        description=_l("Par exemple : éducatrice spécialisée, habitant engagé dans son quartier."),
    )
    organisation = StringField(
        FIELD_LABELS["organisation"], validators=[Optional(), Length(max=MAX_ORGANISATION)]
    )
    sectors = CheckboxListField(FIELD_LABELS["sectors"], choices=[], validate_choice=True)
    territory = StringField(
        FIELD_LABELS["territory"], validators=[Optional(), Length(max=MAX_TERRITORY)]
    )
    departement = SelectField(FIELD_LABELS["departement"], choices=[], validate_choice=True)
    expertise = CheckboxListField(FIELD_LABELS["expertise"], choices=[], validate_choice=True)
    presentation = TextAreaField(
        FIELD_LABELS["presentation"],
        validators=[Optional(), Length(max=MAX_PRESENTATION)],
        render_kw={"rows": 6},
        description=_l("Quelques lignes sur votre pratique ou votre engagement. Markdown accepté."),
    )
    looking_for = TextAreaField(
        FIELD_LABELS["looking_for"],
        validators=[Optional(), Length(max=MAX_LOOKING_FOR)],
        render_kw={"rows": 3},
        description=_l("Des expériences, des partenaires, un groupe d'échange…"),
    )
    in_directory = BooleanField(_l("Apparaître dans l'annuaire du réseau"))
    accepts_contact = SelectField(
        _l("Qui peut m'écrire par la messagerie du wiki ?"),
        choices=[
            choice(ContactPolicy.MEMBERS.value, _l("Les adhérents validés")),
            choice(ContactPolicy.NOBODY.value, _l("Personne")),
        ],
    )

    vis_status = _visibility_select("status")
    vis_profession = _visibility_select("profession")
    vis_organisation = _visibility_select("organisation")
    vis_sectors = _visibility_select("sectors")
    vis_territory = _visibility_select("territory")
    vis_departement = _visibility_select("departement")
    vis_expertise = _visibility_select("expertise")
    vis_presentation = _visibility_select("presentation")
    vis_looking_for = _visibility_select("looking_for")

    def visibility_of(self, name: str):
        return self["vis_" + name]

    def fill_from(self, profile: Profile | None) -> None:
        if profile is not None:
            self.status.data = profile.status or ""
            self.profession.data = profile.profession
            self.organisation.data = profile.organisation
            self.sectors.data = list(profile.sectors or ())
            self.territory.data = profile.territory
            self.departement.data = profile.departement or ""
            self.expertise.data = [tag.slug for tag in profile.expertise]
            self.presentation.data = profile.presentation
            self.looking_for.data = profile.looking_for
            self.in_directory.data = profile.in_directory
            self.accepts_contact.data = profile.accepts_contact
        for name in FIELD_NAMES:
            self.visibility_of(name).data = field_visibility(profile, name)

    def to_values(self) -> dict:
        """The form as PUT /api/v1/me/profile's keys."""
        return {
            "status": self.status.data or "",
            "profession": self.profession.data or "",
            "organisation": self.organisation.data or "",
            "sectors": list(self.sectors.data or []),
            "territory": self.territory.data or "",
            "departement": self.departement.data or "",
            "expertise_tags": list(self.expertise.data or []),
            "presentation": self.presentation.data or "",
            "looking_for": self.looking_for.data or "",
            "in_directory": bool(self.in_directory.data),
            "accepts_contact": self.accepts_contact.data,
            "visibility": {name: self.visibility_of(name).data for name in FIELD_NAMES},
        }

    def place_error(self, field: str | None, message: str) -> None:
        name = {"expertise_tags": "expertise"}.get(field or "", field or "")
        target = self._fields.get(name) if name else None
        if target is None:
            self.form_errors.append(message)
        else:
            target.errors = [*target.errors, message]


def _locale() -> str:
    return str(get_locale() or "fr")


def controlled_tag_choices() -> list:
    locale = _locale()
    return [
        choice(tag.slug, tag.label(locale))
        for tag in db.session.scalars(
            select(Tag).where(Tag.controlled.is_(True)).order_by(Tag.label_fr)
        )
    ]


def sector_choices() -> list:
    locale = _locale()
    return [choice(slug, sector_label(slug, locale)) for slug in SECTORS]


def status_choices(empty_label) -> list:
    return [
        choice("", empty_label),
        *(choice(value, label) for value, label in STATUS_LABELS.items()),
    ]


def departement_options(empty_label) -> list:
    return [
        choice("", empty_label),
        *(choice(code, label) for code, label in departement_choices()),
    ]


def profile_form(profile: Profile | None = None, *, submitted: bool = False) -> ProfileForm:
    """The form with its choices: the posted data if `submitted`, else filled from `profile`."""
    form = ProfileForm() if submitted else ProfileForm(formdata=None)
    form.status.choices = status_choices(_l("(non précisé)"))
    form.departement.choices = departement_options(_l("(non précisé)"))
    form.sectors.choices = sector_choices()
    form.expertise.choices = controlled_tag_choices()
    if not submitted:
        form.fill_from(profile)
    return form
