"""Typed values of a page's structured fields: parsing their free text, formatting, checking.

`Revision.fields` stays the text the sheet shows (search, the charter check, diffs, feeds and
masking read it); `Revision.typed_fields` holds, beside it, the structured value of the
fields that have one, keyed by TYPED_KEYS:

- `territory` (both kinds): {"town": "Orléans", "departement": "45" or null};
- `duration`: {"days": 3, "hours": 21, "note": "Maximum"} (days by halves, hours by
  quarters, each optional but one of them; the note optional);
- `sessions` (the text field `places_dates`): [{"group": "Groupe 1", "place": "Orléans",
  "dates": ["2021-11-25"], "to_be_defined": false}], dates or « à définir »;
- `partners`: ["DGCS", "CAF du Loiret"];
- `registration_deadline`: "2021-11-19".

Per field, a parser reads free text (None when it cannot: the text is then kept as is and
no typed value stored) and a formatter writes the canonical French text of a value, so that
format(parse(format(v))) == format(v). Typed values sent by the API or an import are
checked by check_value(): InvalidInput naming the field, never anything worse.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from wiki.content.slugs import slugify
from wiki.departements import DEPARTEMENTS
from wiki.errors import InvalidInput
from wiki.territories.locate import departement_in_text

# The text field → the key of its typed value.
TYPED_KEYS = {
    "territory": "territory",
    "duration": "duration",
    "places_dates": "sessions",
    "partners": "partners",
    "registration_deadline": "registration_deadline",
}
TEXT_FIELDS = {key: name for name, key in TYPED_KEYS.items()}
TYPED_BY_KIND = {
    "practice": ("territory",),
    "innovation": ("territory", "duration", "sessions", "partners", "registration_deadline"),
}

MAX_SESSIONS = 20
MAX_DATES_PER_SESSION = 60
MAX_PARTNERS = 50
MAX_NAME_LENGTH = 200  # a town, a place, a group, a partner, a note
MAX_DAYS = 1000
MAX_HOURS = 10000
SESSION_KEYS = ("group", "place", "dates", "to_be_defined")
DURATION_KEYS = ("days", "hours", "note")
TERRITORY_KEYS = ("town", "departement")

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_MONTH_NUMBERS = {slugify(name): number for number, name in enumerate(MONTHS, start=1)}
_MONTH = r"(?P<month>janv(?:ier|\.)?|f[ée]vr(?:ier|\.)?|mars|avr(?:il|\.)?|mai|juin|juil(?:let|\.)?|ao[uû]t|sept(?:embre|\.)?|oct(?:obre|\.)?|nov(?:embre|\.)?|d[ée]c(?:embre|\.)?)"  # noqa: E501
_WEEKDAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_NUMERIC_DATE = re.compile(
    r"(?<![\d/.-])(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-]"
    r"(?P<year>\d{4}|\d{2})(?![\d/.-])"
)
_ISO_DATE = re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d-])")
# « 25 novembre 2021 », « 1er décembre 2021 », « 25 et 26 novembre 2021 », « 4, 5 et 6 mai 2022 »
_LONG_DATES = re.compile(
    r"(?<!\w)(?P<days>(?:1er|\d{1,2})(?:\s*(?:,|et)\s*(?:1er|\d{1,2}))*)\s+"
    + _MONTH
    + r"\s+(?P<year>\d{4})(?!\d)",
    re.IGNORECASE,
)
_STRICT_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_TO_BE_DEFINED = re.compile(
    r"(?:(?:lieux?|dates?|horaires?)(?:\s*(?:,|et|&)\s*(?:lieux?|dates?|horaires?))*\s+)?"
    r"(?:sont\s+|restent\s+)?(?:à|a)\s+(?:définir|definir|préciser|preciser|venir)",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[☞•·*▪►‣–—-]|\d+[.)])\s*")
_SEPARATORS = " \t,;:/—–-|"
_DEADLINE_LINE = re.compile(
    r"^\s*date\s+limite(?:\s+d['’]\s*inscriptions?)?\s*:?\s*(?P<rest>.+)$", re.IGNORECASE
)


def _date_or_none(year: int, month: int, day: int) -> date | None:
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_number(word: str) -> int | None:
    word = slugify(word.rstrip("."))
    for name, number in _MONTH_NUMBERS.items():
        if name.startswith(word) and len(word) >= 3:
            return number
    return None


def _found_dates(text: str) -> list[tuple[int, int, list[date] | None]]:
    """(start, end, dates or None when impossible, e.g. 31/02) of every date written in
    `text`, in order."""
    found: list[tuple[int, int, list[date] | None]] = []
    for match in _ISO_DATE.finditer(text):
        day = _date_or_none(int(match["year"]), int(match["month"]), int(match["day"]))
        found.append((match.start(), match.end(), [day] if day else None))
    for match in _NUMERIC_DATE.finditer(text):
        if any(s <= match.start() < e for s, e, _d in found):
            continue
        day = _date_or_none(int(match["year"]), int(match["month"]), int(match["day"]))
        found.append((match.start(), match.end(), [day] if day else None))
    for match in _LONG_DATES.finditer(text):
        month = _month_number(match["month"])
        days = [int(d.removesuffix("er")) for d in re.split(r"\s*(?:,|et)\s*", match["days"])]
        maybe = [_date_or_none(int(match["year"]), month, d) for d in days] if month else []
        dates = [d for d in maybe if d is not None]
        found.append(
            (match.start(), match.end(), dates if dates and len(dates) == len(maybe) else None)
        )
    return sorted(found, key=lambda item: item[0])


def _leftover(text: str, spans: list[tuple[int, int]]) -> str:
    kept, position = [], 0
    for start, end in sorted(spans):
        kept.append(text[position:start])
        position = max(position, end)
    kept.append(text[position:])
    return " ".join("".join(kept).split())


def _only_connectors(text: str) -> bool:
    words = [w for w in re.split(r"[\s,;:/—–|()-]+", text.lower()) if w]
    return all(w in ("et", "le", "les", "puis", "ou", "&", "du", "au") for w in words)


# --- dates ------------------------------------------------------------------------------


def parse_date(text: str) -> date | None:
    """One date as people write it: « 19/11/2021 », « 19-11-21 », « 2021-11-19 »,
    « 19 novembre 2021 », « vendredi 1er décembre 2021 », « le 19 nov. 2021 »."""
    text = " ".join(text.split()).strip(" .")
    text = re.sub(
        r"^(?:(?:avant|jusqu['’]\s*au|au\s+plus\s+tard)\s+)?(?:le\s+)?",
        "",
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(r"^" + _WEEKDAY + r"\s+", "", text, flags=re.IGNORECASE)
    found = _found_dates(text)
    if len(found) != 1:
        return None
    start, end, dates = found[0]
    if dates is None or len(dates) != 1 or _leftover(text, [(start, end)]):
        return None
    return dates[0]


def format_date(day: date) -> str:
    """« 19 novembre 2021 », « 1er décembre 2021 »."""
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def parse_deadline(text: str) -> str | None:
    match = _DEADLINE_LINE.match(text)
    day = parse_date(match["rest"] if match else text)
    return day.isoformat() if day else None


def format_deadline(value: str) -> str:
    return format_date(date.fromisoformat(value))


def deadline_in_places(text: str) -> str | None:
    """A « Date limite d'inscription : 19/11/2021 » line written among the places and dates
    (as older sheets did), read as the deadline."""
    for line in text.splitlines():
        match = _DEADLINE_LINE.match(_BULLET.sub("", line))
        if match:
            day = parse_date(match["rest"])
            if day:
                return day.isoformat()
    return None


# --- duration ---------------------------------------------------------------------------

_NUMBER_WORDS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "douze": 12,
    "quinze": 15,
    "vingt": 20,
    "trente": 30,
}
_QUANTITY = r"(?P<n>\d+(?:[.,]\d+)?|" + "|".join(_NUMBER_WORDS) + r")"
_DAYS = re.compile(
    r"(?<!\w)" + _QUANTITY + r"\s*(?P<unit>demi-journées?|demi\s+journées?|"
    r"journées?|jours?|j)(?!\w)(?P<half>\s+et\s+demie?)?",
    re.IGNORECASE,
)
_HALF_DAY = re.compile(r"(?<!\w)(?:une\s+)?demi-journée(?!\w)", re.IGNORECASE)
_HOURS = re.compile(
    r"(?<!\w)" + _QUANTITY + r"\s*(?:heures?(?!\w)|h(?![^\W\d]))"
    r"(?:\s*(?P<minutes>\d{1,2})(?:\s*(?:min|minutes))?(?!\w))?"
    r"(?P<half>\s+et\s+demie)?",
    re.IGNORECASE,
)
QUALIFIERS = (
    "maximum",
    "minimum",
    "environ",
    "au moins",
    "au plus",
    "jusqu'à",
    "jusqu’à",
    "soit",
    "en tout",
    "au total",
)
_TRAILING_NOTE = re.compile(r"\(([^()]*)\)\s*$")


def _quantity(text: str) -> float:
    return float(_NUMBER_WORDS.get(text.lower()) or text.replace(",", "."))


def parse_duration(text: str) -> dict | None:
    """« Maximum 3 jours / 21 heures » → {"days": 3, "hours": 21, "note": "Maximum"};
    « 2 jours et demi » → {"days": 2.5}; « 3 h 30 » → {"hours": 3.5}; anything else around
    the quantities but a qualifier (« Maximum », « environ ») or a note in brackets at the
    end: None."""
    text = " ".join(text.split())
    note = None
    trailing = _TRAILING_NOTE.search(text)
    if trailing:
        note = trailing.group(1).strip() or None
        text = text[: trailing.start()]
    spans: list[tuple[int, int]] = []
    value: dict[str, float | str] = {}
    days = list(_DAYS.finditer(text))
    halves = [] if days else list(_HALF_DAY.finditer(text))
    hours = list(_HOURS.finditer(text))
    if len(days) + len(halves) > 1 or len(hours) > 1:
        return None
    if days:
        match = days[0]
        amount = _quantity(match["n"])
        if match["unit"].lower().startswith("demi"):
            amount /= 2
        if match["half"]:
            amount += 0.5
        value["days"], spans = amount, [match.span()]
    elif halves:
        value["days"], spans = 0.5, [halves[0].span()]
    if hours:
        match = hours[0]
        amount = (
            _quantity(match["n"])
            + (int(match["minutes"]) / 60 if match["minutes"] else 0)
            + (0.5 if match["half"] else 0)
        )
        value["hours"] = amount
        spans.append(match.span())
    if not value:
        return None
    rest = _leftover(text, spans).strip(_SEPARATORS)
    rest = re.sub(r"\s*(?:/|,|\bet\b|\bsoit\b)\s*$", "", rest).strip(_SEPARATORS)
    rest = " ".join(w for w in rest.split() if w not in ("/", ",", "et", "soit"))
    if rest:
        if rest.lower() not in QUALIFIERS or note:
            return None
        note = rest
    if note:
        value["note"] = note
    try:
        return check_duration(value)
    except InvalidInput:
        return None


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _days_text(days: float) -> str:
    whole = int(days)
    if days == 0.5:
        return "une demi-journée"
    if days != whole:
        return f"{whole} jour{'s' if whole > 1 else ''} et demi"
    return f"{whole} jour{'s' if whole > 1 else ''}"


def _hours_text(hours: float) -> str:
    whole, minutes = int(hours), round((hours - int(hours)) * 60)
    if minutes:
        return f"{whole} h {minutes:02d}"
    return f"{whole} heure{'s' if whole > 1 else ''}"


def format_duration(value: dict) -> str:
    parts = []
    if value.get("days") is not None:
        parts.append(_days_text(value["days"]))
    if value.get("hours") is not None:
        parts.append(_hours_text(value["hours"]))
    text = " / ".join(parts)
    note = value.get("note")
    if not note:
        return text
    if note.lower() in QUALIFIERS:
        return f"{note} {text}"
    return f"{text} ({note})"


def check_duration(value: object, where: str = "duration") -> dict:
    if not isinstance(value, dict):
        raise _invalid(where, "une durée est un objet {days, hours, note}")
    _no_unknown_keys(value, DURATION_KEYS, where)
    checked: dict = {}
    for key, maximum, step, unit in (
        ("days", MAX_DAYS, 2, "jours"),
        ("hours", MAX_HOURS, 4, "heures"),
    ):
        amount = value.get(key)
        if amount is None:
            continue
        if not isinstance(amount, int | float) or isinstance(amount, bool):
            raise _invalid(where, f"« {key} » doit être un nombre")
        if amount != amount or amount <= 0 or amount > maximum:  # NaN, negative, absurd
            raise _invalid(
                where, f"« {key} » doit être un nombre de {unit} positif (au plus {maximum})"
            )
        if not float(amount * step).is_integer():
            raise _invalid(
                where,
                "les jours se comptent par demi-journées"
                if key == "days"
                else "les heures se comptent par quarts d'heure",
            )
        checked[key] = _number(amount)
    if not checked:
        raise _invalid(where, "indiquez un nombre de jours (days) ou d'heures (hours)")
    note = _name(value.get("note"), where, "note", optional=True)
    if note:
        if "(" in note or ")" in note:
            raise _invalid(where, "la note ne contient pas de parenthèses")
        checked["note"] = note
    return checked


# --- sessions (places and dates) --------------------------------------------------------

_GROUP_ONLY = re.compile(r"(?:groupe|session|promotion|cohorte|module)\s+\S{1,12}", re.IGNORECASE)


def parse_sessions(text: str) -> list[dict] | None:
    """« Groupe 1 : Orléans — 25/11/2021 et 26/11/2021 », a line a session (or seed 004's
    « ☞ Groupe 1 » on a line, its place and dates on the next); « lieu et dates à définir »
    for dates to come. A line « Date limite d'inscription : ... » is the deadline's, not a
    session. Any other line: None."""
    sessions: list[dict] = []
    group: str | None = None
    for raw in text.splitlines():
        line = " ".join(_BULLET.sub("", raw).split())
        if not line or _DEADLINE_LINE.match(line):
            continue
        if _GROUP_ONLY.fullmatch(line) and ":" not in line:
            if group is not None:
                return None
            group = line
            continue
        session = _parse_session_line(line)
        if session is None:
            return None
        if group is not None:
            if session["group"]:
                return None
            session["group"] = group
            group = None
        sessions.append(session)
    if group is not None or not sessions or len(sessions) > MAX_SESSIONS:
        return None
    try:
        return check_sessions(sessions)
    except InvalidInput:
        return None


def _parse_session_line(line: str) -> dict | None:
    group = ""
    head, colon, rest = line.partition(":")
    if colon and head.strip() and not _found_dates(head) and not _TO_BE_DEFINED.search(head):
        group, line = head.strip(), rest.strip()
    found = _found_dates(line)
    undefined = _TO_BE_DEFINED.search(line)
    if any(dates is None for _s, _e, dates in found):
        return None  # a date that does not exist (31/02/2021): the text stays as written
    if not found and not undefined:
        return None
    spans = [(s, e) for s, e, _d in found] + ([undefined.span()] if undefined else [])
    first = min(start for start, _end in spans)
    place = line[:first].strip(_SEPARATORS)
    place = re.sub(r"\s+(?:le|les|du|au)$", "", place, flags=re.IGNORECASE).strip(_SEPARATORS)
    if not _only_connectors(_leftover(line[first:], [(s - first, e - first) for s, e in spans])):
        return None
    dates = [day.isoformat() for _s, _e, days in found for day in days or []]
    return {
        "group": group,
        "place": place,
        "dates": dates,
        "to_be_defined": bool(undefined) and not dates,
    }


def _dates_text(dates: list[str]) -> str:
    shown = [short_date(date.fromisoformat(d)) for d in dates]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " et " + shown[-1]


def format_session(session: dict) -> str:
    tail = _dates_text(session["dates"]) if session.get("dates") else "à définir"
    body = f"{session['place']} — {tail}" if session.get("place") else tail
    return f"{session['group']} : {body}" if session.get("group") else body


def format_sessions(sessions: list[dict]) -> str:
    return "\n".join(format_session(session) for session in sessions)


def check_sessions(value: object, where: str = "sessions") -> list[dict]:
    if not isinstance(value, list):
        raise _invalid(
            where, "une liste de sessions {group, place, dates, to_be_defined} est attendue"
        )
    if len(value) > MAX_SESSIONS:
        raise _invalid(where, f"{MAX_SESSIONS} sessions au plus")
    checked = []
    for number, session in enumerate(value, start=1):
        here = f"{where}, session {number}"
        if not isinstance(session, dict):
            raise _invalid(here, "un objet {group, place, dates, to_be_defined} est attendu")
        _no_unknown_keys(session, SESSION_KEYS, here)
        group = _name(session.get("group"), here, "group", optional=True)
        if ":" in group:
            raise _invalid(here, "le nom du groupe ne contient pas de deux-points")
        place = _name(session.get("place"), here, "place", optional=True)
        dates = session.get("dates")
        if dates is None:
            dates = []
        if not isinstance(dates, list):
            raise _invalid(here, "« dates » est une liste de dates AAAA-MM-JJ")
        if len(dates) > MAX_DATES_PER_SESSION:
            raise _invalid(here, f"{MAX_DATES_PER_SESSION} dates au plus")
        days = sorted({_iso_date(d, here) for d in dates})
        undefined = session.get("to_be_defined", False)
        if undefined is None:
            undefined = False
        if not isinstance(undefined, bool):
            raise _invalid(here, "« to_be_defined » vaut true ou false")
        if days and undefined:
            raise _invalid(here, "des dates, ou « à définir », pas les deux")
        if not days and not undefined:
            raise _invalid(here, "indiquez des dates, ou que les dates sont à définir")
        checked.append(
            {
                "group": group,
                "place": place,
                "dates": [d.isoformat() for d in days],
                "to_be_defined": undefined,
            }
        )
    return checked


def _iso_date(value: object, where: str) -> date:
    """A date as YYYY-MM-DD, a real one of 1900 to 2099 (what the OpenAPI document says,
    as the lifecycle's dates)."""
    from wiki.lifecycle.stages import DATE

    if not isinstance(value, str) or not _STRICT_ISO.fullmatch(value):
        raise _invalid(where, f"date invalide « {value} » (AAAA-MM-JJ attendu)")
    if not DATE.match(value):
        raise _invalid(where, f"la date « {value} » n'existe pas (ou n'est pas entre 1900 et 2099)")
    return date.fromisoformat(value)


# --- partners ---------------------------------------------------------------------------


def parse_partners(text: str) -> list[str] | None:
    """One partner a line (or after a « ☞ » or a « • »)."""
    names = [
        " ".join(part.split())
        for line in text.splitlines()
        for part in re.split(r"[☞•]", _BULLET.sub("", line))
    ]
    names = [name.strip(" -–—") for name in names if name.strip(" -–—")]
    if not names or len(names) > MAX_PARTNERS or any(len(n) > MAX_NAME_LENGTH for n in names):
        return None
    return names


def format_partners(partners: list[str]) -> str:
    return "\n".join(partners)


def check_partners(value: object, where: str = "partners") -> list[str]:
    if not isinstance(value, list):
        raise _invalid(where, "une liste de noms est attendue")
    if len(value) > MAX_PARTNERS:
        raise _invalid(where, f"{MAX_PARTNERS} partenaires au plus")
    names = []
    for item in value:
        if not isinstance(item, str):
            raise _invalid(where, "chaque partenaire est un texte")
        name = _name(item, where, "partenaire", optional=True)
        name = " ".join(re.sub(r"[☞•]", " ", name).split()).strip(" -–—")
        if name:
            names.append(name)
    return names


# --- territory --------------------------------------------------------------------------


def _territory(town: str, code: str | None) -> dict:
    """The town as written, its département read from it when not given, and the
    département's own mention (« Loiret », « (45) ») taken out of the town."""
    town = " ".join(town.split())
    code = code or departement_in_text(town)
    if code:
        town = re.sub(r"\(\s*" + re.escape(code) + r"\s*\)", "", town, flags=re.IGNORECASE)
        parts = [part.strip() for part in town.split(",")]
        name = slugify(DEPARTEMENTS[code])
        town = ", ".join(
            part for part in parts if part and slugify(part) not in (name, code.lower())
        )
    return {"town": town.strip(_SEPARATORS), "departement": code}


def parse_territory(text: str) -> dict | None:
    """« Orléans (45) », « Tours, Indre-et-Loire », « Loiret », « quartier des Aubiers »."""
    value = _territory(text, None)
    if len(value["town"]) > MAX_NAME_LENGTH:
        return None
    return value if value["town"] or value["departement"] else None


def format_territory(value: dict) -> str:
    code = value.get("departement")
    parts = [value["town"]] if value.get("town") else []
    if code:
        parts.append(f"{DEPARTEMENTS[code]} ({code})")
    return ", ".join(parts)


def check_territory(value: object, where: str = "territory") -> dict:
    if not isinstance(value, dict):
        raise _invalid(where, "un objet {town, departement} est attendu")
    _no_unknown_keys(value, TERRITORY_KEYS, where)
    town = _name(value.get("town"), where, "town", optional=True)
    code = value.get("departement")
    if code is not None and (not isinstance(code, str) or code not in DEPARTEMENTS):
        raise _invalid(where, f"département inconnu « {code} » (un code comme 45, 2A ou 974)")
    if not town and code is None:
        raise _invalid(where, "indiquez une commune (town) ou un département (departement)")
    value = _territory(town, code)
    return value if value["town"] or value["departement"] else {}


# --- one field, all fields --------------------------------------------------------------

PARSERS: dict[str, Callable[[str], Any]] = {
    "territory": parse_territory,
    "duration": parse_duration,
    "sessions": parse_sessions,
    "partners": parse_partners,
    "registration_deadline": parse_deadline,
}
FORMATTERS: dict[str, Callable[[Any], str]] = {
    "territory": format_territory,
    "duration": format_duration,
    "sessions": format_sessions,
    "partners": format_partners,
    "registration_deadline": format_deadline,
}


def check_deadline(value: object, where: str = "registration_deadline") -> str:
    return _iso_date(value, where).isoformat()


CHECKERS: dict[str, Callable[[Any, str], Any]] = {
    "territory": check_territory,
    "duration": check_duration,
    "sessions": check_sessions,
    "partners": check_partners,
    "registration_deadline": check_deadline,
}


def parse(key: str, text: str) -> Any:
    """The typed value of `text` for the typed field `key`, or None if it cannot be read."""
    return PARSERS[key](text)


def format_value(key: str, value: Any) -> str:
    return FORMATTERS[key](value)


def check_value(key: str, value: object) -> Any:
    """A typed value as sent, checked and normalised; None for an empty one (no sessions,
    no partners)."""
    checked = CHECKERS[key](value, key)
    return checked if checked not in ([], "", {}) else None


def typed_names(kind: str) -> tuple[str, ...]:
    """The text fields of `kind` that have a typed value."""
    return tuple(TEXT_FIELDS[key] for key in TYPED_BY_KIND.get(kind, ()))


def derive(kind: str, fields: dict[str, str]) -> dict:
    """The typed values read from a page's text fields (what could be read)."""
    typed = {}
    for name in typed_names(kind):
        text = fields.get(name)
        if isinstance(text, str) and text.strip():
            value = parse(TYPED_KEYS[name], text)
            if value is not None:
                typed[TYPED_KEYS[name]] = value
    if (
        kind == "innovation"
        and "registration_deadline" not in typed
        and not fields.get("registration_deadline")
        and isinstance(fields.get("places_dates"), str)
    ):
        deadline = deadline_in_places(fields["places_dates"])
        if deadline:
            typed["registration_deadline"] = deadline
    return typed


def refresh(kind: str, old_fields: dict, new_fields: dict, typed: dict) -> dict:
    """`typed` after the text fields changed from `old_fields` to `new_fields` (a passage
    replaced): a changed field's typed value is read again from its new text."""
    fresh = derive(kind, new_fields)
    result = {}
    for key in TYPED_BY_KIND.get(kind, ()):
        name = TEXT_FIELDS[key]
        changed = old_fields.get(name) != new_fields.get(name) or (
            key == "registration_deadline"
            and old_fields.get("places_dates") != new_fields.get("places_dates")
        )
        if changed:
            if key in fresh:
                result[key] = fresh[key]
        elif key in (typed or {}):
            result[key] = typed[key]
    return result


def clean(
    kind: str, fields: object, typed: object = None, max_length: int = 20_000
) -> tuple[dict[str, str], dict]:
    """(the text fields, the typed values) of what a writer sent.

    In `fields`, a field's value is its text (stripped; a typed field's text is read when it
    can be, else kept as text alone) or, for a typed field, its typed value (its text is then
    the canonical one). `typed` (the import's and
    the API's `typed_fields`) wins over what the text reads: a typed value given there is
    stored as is, with the field's text if that text reads as the same value, else with
    the value's canonical text.
    """
    from wiki.pages.kinds import FIELDS_BY_KIND, check_kind

    if fields is None:
        fields = {}
    if not isinstance(fields, dict):
        raise InvalidInput("« fields » doit être un objet.", field="fields")
    known = {spec.name for spec in FIELDS_BY_KIND[check_kind(kind)]}
    typed_fields = typed_names(kind)
    fields = dict(fields)
    unknown = sorted(set(fields) - known)
    if unknown:
        raise InvalidInput(
            f"Champ inconnu pour ce type de page : {', '.join(unknown)} "
            f"(champs possibles : {', '.join(sorted(known))}).",
            field="fields",
        )
    text: dict[str, str] = {}
    values: dict = {}
    for name, value in fields.items():
        if value is None:
            continue
        if isinstance(value, str):
            if "\x00" in value:
                raise InvalidInput(f"Le champ « {name} » contient un caractère nul.", field=name)
            if len(value) > max_length:
                raise InvalidInput(f"Le champ « {name} » est trop long.", field=name)
            if value.strip():
                text[name] = value.strip()
        elif name in typed_fields and isinstance(value, dict | list):
            key = TYPED_KEYS[name]
            checked = check_value(key, value)
            if checked is not None:
                values[key] = checked
                text[name] = format_value(key, checked)
        elif name in typed_fields:
            raise InvalidInput(
                f"Le champ « {name} » doit être du texte ou sa valeur typée "
                f"({_SHAPES[TYPED_KEYS[name]]}).",
                field=name,
            )
        else:
            raise InvalidInput(f"Le champ « {name} » doit être du texte.", field=name)
    read = derive(
        kind, {name: value for name, value in text.items() if TYPED_KEYS.get(name) not in values}
    )
    given = _given_typed(kind, typed)
    for key, value in given.items():
        name = TEXT_FIELDS[key]
        if key == "registration_deadline" and name not in text and read.get(key) == value:
            continue  # read from the places and dates: their text says it
        if name not in text or parse(key, text[name]) != value:
            text[name] = format_value(key, value)  # the text says what the value says
    if "registration_deadline" in values or "registration_deadline" in given:
        read.pop("registration_deadline", None)
    return text, {**read, **values, **given}


_SHAPES = {
    "territory": "{town, departement}",
    "duration": "{days, hours, note}",
    "sessions": "[{group, place, dates, to_be_defined}]",
    "partners": "[nom, ...]",
    "registration_deadline": "AAAA-MM-JJ",
}


def _given_typed(kind: str, typed: object) -> dict:
    if typed is None:
        return {}
    if not isinstance(typed, dict):
        raise InvalidInput("« typed_fields » doit être un objet.", field="typed_fields")
    allowed = TYPED_BY_KIND.get(kind, ())
    unknown = sorted(set(typed) - set(allowed))
    if unknown:
        raise InvalidInput(
            f"Valeur typée inconnue pour ce type de page : {', '.join(unknown)} "
            f"(possibles : {', '.join(allowed)}).",
            field="typed_fields",
        )
    checked = {}
    for key, value in typed.items():
        if value is None:
            continue
        value = check_value(key, value)
        if value is not None:
            checked[key] = value
    return checked


def _no_unknown_keys(value: dict, allowed: tuple[str, ...], where: str) -> None:
    unknown = sorted(str(key) for key in value if key not in allowed)
    if unknown:
        raise _invalid(
            where, f"clé inconnue {', '.join(unknown)} (clés possibles : {', '.join(allowed)})"
        )


def _name(value: object, where: str, key: str, *, optional: bool = False) -> str:
    if value is None and optional:
        return ""
    if not isinstance(value, str):
        raise _invalid(where, f"« {key} » doit être du texte")
    if "\x00" in value:
        raise _invalid(where, f"« {key} » contient un caractère nul")
    if len(value) > MAX_NAME_LENGTH:
        raise _invalid(where, f"« {key} » est trop long ({MAX_NAME_LENGTH} caractères au plus)")
    return " ".join(value.split())


def _invalid(where: str, message: str) -> InvalidInput:
    field = where.split(",")[0]
    return InvalidInput(f"Champ « {where} » : {message}.", field=TEXT_FIELDS.get(field, field))
