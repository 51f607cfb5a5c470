"""The page form's inputs for the typed fields (wiki.pages.typed_fields), without script:
a date input, numbers of days and hours, partners a line each, a town and a list of the
départements, sessions as repeated fieldsets. Each reads its inputs into a typed value (or
the free text an older page had, which no input could hold) and fills them from one."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FieldList, FormField, SelectField, StringField, TextAreaField
from wtforms import Form as SubForm
from wtforms.validators import Length, Optional
from wtforms.widgets import DateInput, NumberInput

try:  # WTForms 3.3 deprecates (value, label) tuples
    from wtforms.fields.choices import SelectChoice as choice
except ImportError:  # pragma: no cover - older WTForms

    def choice(value, label):
        return (value, label)


from wiki.departements import departement_choices
from wiki.errors import InvalidInput
from wiki.pages import typed_fields
from wiki.pages.kinds import MAX_FIELD_LENGTH, FieldSpec

EMPTY_SESSIONS = 2  # blank sessions offered after the sheet's own
NAME = [Optional(), Length(max=typed_fields.MAX_NAME_LENGTH)]
FREE_TEXT = [Optional(), Length(max=MAX_FIELD_LENGTH)]


class FreeText(str):
    """What a fallback input holds: text to keep as it is, not a typed value."""


def _kept(text: str | None) -> FreeText | None:
    return FreeText(text.strip()) if text and text.strip() else None


def _free_text(spec: FieldSpec) -> TextAreaField:
    """The text an older page holds that the typed inputs cannot: shown only then."""
    return TextAreaField(
        _l("Texte libre (non reconnu)"),
        validators=FREE_TEXT,
        render_kw={"rows": 3},
        description=_l(
            "Ce texte n'a pas pu être lu : reportez-le dans les "
            "champs ci-dessus, ou laissez-le tel quel."
        ),
    )


def _number(text: str | None, field: str, message) -> float | None:
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise InvalidInput(str(message), field=field) from None
    if value != value or value <= 0:
        raise InvalidInput(str(message), field=field)
    return int(value) if value.is_integer() else value


def _decimal(value: float | None) -> str:
    if value is None:
        return ""
    return str(value).replace(".", ",") if not float(value).is_integer() else str(int(value))


class TypedInputs:
    """The inputs of one typed field: declared by inputs(), read into a typed value (or the
    FreeText of an older page, or None), filled from the text and the typed value."""

    first: str | None = None  # the input its errors go next to (None: above the form)

    @staticmethod
    def inputs(spec: FieldSpec) -> dict:
        raise NotImplementedError

    @staticmethod
    def read(form: Any) -> Any:
        raise NotImplementedError

    @staticmethod
    def fill(form: Any, text: str, typed: Any) -> None:
        raise NotImplementedError


class TerritoryInputs(TypedInputs):
    first = "territory"

    @staticmethod
    def inputs(spec: FieldSpec) -> dict:
        return {
            "territory": StringField(spec.label, validators=NAME, description=spec.help),
            "territory_departement": SelectField(
                _l("Département"),
                validate_choice=False,
                choices=[choice("", _l("Non précisé"))]
                + [choice(code, label) for code, label in departement_choices()],
            ),
        }

    @staticmethod
    def read(form) -> dict | None:
        town = (form.territory.data or "").strip()
        code = form.territory_departement.data or None
        if code is not None and code not in typed_fields.DEPARTEMENTS:
            raise InvalidInput(
                str(_l("Choisissez un département de la liste.")), field="territory_departement"
            )
        return {"town": town, "departement": code} if town or code else None

    @staticmethod
    def fill(form, text: str, typed: dict | None) -> None:
        if typed:
            form.territory.data = typed.get("town") or ""
            form.territory_departement.data = typed.get("departement") or ""
        else:
            form.territory.data, form.territory_departement.data = text or "", ""


class DurationInputs(TypedInputs):
    first = "duration_days"

    @staticmethod
    def inputs(spec: FieldSpec) -> dict:
        return {
            "duration_days": StringField(
                _l("Jours"),
                widget=NumberInput(step="0.5", min=0),
                validators=[Optional()],
                description=spec.help,
            ),
            "duration_hours": StringField(
                _l("Heures"), widget=NumberInput(step="0.25", min=0), validators=[Optional()]
            ),
            "duration_note": StringField(
                _l("Précision (facultative)"),
                validators=NAME,
                description=_l("Par exemple : Maximum, environ."),
            ),
            "duration": _free_text(spec),  # the name the text had: older forms post it
        }

    @staticmethod
    def read(form) -> dict | FreeText | None:
        days = _number(
            form.duration_days.data,
            "duration_days",
            _l("Indiquez un nombre de jours positif, par exemple 3 ou 2,5."),
        )
        hours = _number(
            form.duration_hours.data,
            "duration_hours",
            _l("Indiquez un nombre d'heures positif, par exemple 21 ou 3,5."),
        )
        note = (form.duration_note.data or "").strip()
        if days is None and hours is None:
            if note:
                raise InvalidInput(
                    str(_l("Indiquez des jours ou des heures avec cette précision.")),
                    field="duration_days",
                )
            return _kept(form.duration.data)
        value = {"note": note} if note else {}
        if days is not None:
            value["days"] = days
        if hours is not None:
            value["hours"] = hours
        return value

    @staticmethod
    def fill(form, text: str, typed: dict | None) -> None:
        typed = typed or {}
        form.duration_days.data = _decimal(typed.get("days"))
        form.duration_hours.data = _decimal(typed.get("hours"))
        form.duration_note.data = typed.get("note", "")
        form.duration.data = "" if typed else text or ""


class DeadlineInputs(TypedInputs):
    first = "registration_deadline"

    @staticmethod
    def inputs(spec: FieldSpec) -> dict:
        return {
            "registration_deadline": StringField(
                spec.label, widget=DateInput(), validators=NAME, description=spec.help
            ),
            "registration_deadline_text": _free_text(spec),
        }

    @staticmethod
    def read(form) -> str | None:
        text = (form.registration_deadline.data or "").strip()
        if not text:
            return _kept(form.registration_deadline_text.data)
        value = typed_fields.parse_deadline(text)
        if value is None:
            raise InvalidInput(
                str(_l("Date illisible : écrivez-la par exemple 19/11/2021.")),
                field="registration_deadline",
            )
        return value

    @staticmethod
    def fill(form, text: str, typed: str | None) -> None:
        form.registration_deadline.data = typed or ""
        form.registration_deadline_text.data = "" if typed else text or ""


class PartnersInputs(TypedInputs):
    first = "partners"

    @staticmethod
    def inputs(spec: FieldSpec) -> dict:
        return {
            "partners": TextAreaField(
                spec.label, validators=FREE_TEXT, render_kw={"rows": 4}, description=spec.help
            )
        }

    @staticmethod
    def read(form) -> list | None:
        names = [" ".join(line.split()) for line in (form.partners.data or "").splitlines()]
        names = [name for name in names if name]
        if len(names) > typed_fields.MAX_PARTNERS:
            raise InvalidInput(
                str(_l("%(max)d partenaires au plus.", max=typed_fields.MAX_PARTNERS)),
                field="partners",
            )
        return names or None

    @staticmethod
    def fill(form, text: str, typed: list | None) -> None:
        form.partners.data = "\n".join(typed) if typed else text or ""


class SessionForm(SubForm):
    group = StringField(
        _l("Nom du groupe"), validators=NAME, description=_l("Par exemple : Groupe 1.")
    )
    place = StringField(
        _l("Lieu"), validators=NAME, description=_l("Par exemple : Orléans, salle des fêtes.")
    )
    dates = StringField(
        _l("Dates"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Séparées par des virgules, par exemple : 25/11/2021, 26/11/2021."),
    )
    to_be_defined = BooleanField(_l("Dates à définir"))


class SessionsInputs(TypedInputs):
    first = None  # an error of the sessions as a whole: above the form

    @staticmethod
    def inputs(spec: FieldSpec) -> dict:
        return {
            "sessions": FieldList(
                FormField(SessionForm),
                min_entries=EMPTY_SESSIONS,
                max_entries=typed_fields.MAX_SESSIONS,
            ),
            "places_dates": _free_text(spec),
        }

    @staticmethod
    def read(form) -> list | FreeText | None:
        sessions = []
        for number, entry in enumerate(form.sessions.entries, start=1):
            sub = entry.form
            group, place = (sub.group.data or "").strip(), (sub.place.data or "").strip()
            written = (sub.dates.data or "").strip()
            if not (group or place or written or sub.to_be_defined.data):
                continue  # a blank session
            dates = []
            for part in re.split(r"\s*(?:[,;]|\bet\b)\s*", written):
                if not part:
                    continue
                day = typed_fields.parse_date(part)
                if day is None:
                    raise InvalidInput(
                        str(
                            _l(
                                "Session %(number)d : date illisible « %(text)s » "
                                "(par exemple 25/11/2021).",
                                number=number,
                                text=part,
                            )
                        ),
                        field=sub.dates.id,
                    )
                dates.append(day.isoformat())
            if dates and sub.to_be_defined.data:
                raise InvalidInput(
                    str(
                        _l(
                            "Session %(number)d : des dates, ou « à définir », pas les deux.",
                            number=number,
                        )
                    ),
                    field=sub.dates.id,
                )
            if not dates and not sub.to_be_defined.data:
                raise InvalidInput(
                    str(
                        _l(
                            "Session %(number)d : indiquez ses dates, ou cochez "
                            "« Dates à définir ».",
                            number=number,
                        )
                    ),
                    field=sub.dates.id,
                )
            sessions.append(
                {
                    "group": group,
                    "place": place,
                    "dates": dates,
                    "to_be_defined": bool(sub.to_be_defined.data),
                }
            )
        if sessions:
            return sessions
        return _kept(form.places_dates.data)

    @staticmethod
    def fill(form, text: str, typed: list | None) -> None:
        while form.sessions.entries:
            form.sessions.pop_entry()
        for session in typed or []:
            form.sessions.append_entry(
                {
                    "group": session.get("group", ""),
                    "place": session.get("place", ""),
                    "dates": ", ".join(
                        typed_fields.short_date(date.fromisoformat(d))
                        for d in session.get("dates", [])
                    ),
                    "to_be_defined": bool(session.get("to_be_defined")),
                }
            )
        room = typed_fields.MAX_SESSIONS - len(form.sessions.entries)
        for _blank in range(min(EMPTY_SESSIONS, room)):
            form.sessions.append_entry()
        form.places_dates.data = "" if typed else text or ""


TYPED_INPUTS: dict[str, type[TypedInputs]] = {
    "territory": TerritoryInputs,
    "duration": DurationInputs,
    "registration_deadline": DeadlineInputs,
    "partners": PartnersInputs,
    "places_dates": SessionsInputs,
}


def session_input(form, name: str):
    """The input of a session named `name` (« sessions-0-dates »), or None."""
    for entry in form.sessions.entries if "sessions" in form._fields else []:
        for sub in entry.form:
            if sub.id == name:
                return sub
    return None
