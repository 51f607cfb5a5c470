"""The editorial charter check: diagnostic labels and what identifies a person, in a text.

The association's charter (DOMAIN.md) asks writers to refuse psychiatric nosography and
diagnosis in accounts of social accompaniment, and to anonymise the people they describe.
`check_charter` points out, before publication, what the writer should fix or justify:

``diagnosis``    a psychiatric label from charter_terms.txt beside this module (schizophrène,
                 dépressif, TSA, TDAH, toxicomane, « souffre de » + a label...) or added by
                 moderators: whole words, accents and case ignored (acronyms in capitals
                 only), with their feminine, plural and inclusive forms. The words
                 "diagnostic" or "psychiatrique" alone are not labels and are not reported.
``email``        an email address.
``phone``        a French phone number: 06 12 34 56 78, 06.12.34.56.78, 0612345678,
                 +33 6 12 34 56 78, 0033 6..., +33 (0)6...
``address``      a street number and a kind of street with its name: 12 rue de la Paix,
                 3 bis avenue Jean Jaurès, 5 bd Voltaire, 2 allée des Tilleuls, 1 quai ...
                 (with a following postcode and town when there is one).
``birthdate``    "né le 12/03/1985", "née le 3 mars 1985", "né(e) le 1er mai 85",
                 "date de naissance : 12.03.1985". Not "né en 1985": projects are born
                 in a year too ("l'atelier est né en 2015").
``nir``          a French social security number: 13 characters (2A/2B for Corsica) and
                 a valid 2-digit key (97 - number mod 97), spaced or not.
``person_name``  a civility and a name (M. Dupont, Mme DURAND, Madame Martin, Monsieur
                 Jean Petit, Mlle de Villiers, Dr Martin), a first name followed by a
                 surname in capitals (Jean DUPONT), and without a civility: a first name of
                 charter_first_names.txt with its surname (« avec Youssef », « Martine
                 Lefèvre a appelé »), or a person of two words or more for spaCy's French
                 entity recogniser (charter_names.py). Not reported: initials (Mme D.), a
                 street or an institution named after someone (rue Jean Jaurès, collège Jean
                 Moulin), the public figures of charter_public_names.txt, and the names the
                 caller asks to ignore (page titles, names the writer justified).

Offsets are Python string indices into the text given (``text[start:end] == finding.text``).
Findings are sorted by start and never overlap: when two candidates overlap, the longer
one is kept (a NIR over a phone number, an address over a name inside it).
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Collection, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from wiki.content.charter_names import RECOGNISER
from wiki.content.folding import fold

KINDS = ("diagnosis", "email", "phone", "address", "birthdate", "nir", "person_name")


@dataclass(frozen=True)
class Finding:
    """One passage of the text that the charter asks the writer to look at again:
    `text == checked_text[start:end]`, `kind` one of KINDS."""

    kind: str
    start: int
    end: int
    text: str

    def as_dict(self) -> dict[str, str | int]:
        """The JSON shape of CONTRACT: {"kind", "start", "end", "text"}."""
        return asdict(self)


# --- Folding: accents and case ignored, offsets kept ----------------------------------------

_NO_BREAK_SPACES = "\u00a0\u202f"


@functools.lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    """One character as wiki.content.folding.fold folds it when that gives one character
    (œ and ß stay whole, so that offsets hold); "" for a combining mark; white space kept
    (a line break stays one), but a no-break space becomes a space."""
    if unicodedata.combining(c):
        return ""
    if c.isspace():
        return " " if c in _NO_BREAK_SPACES else c
    folded = fold(c)
    if len(folded) == 1:
        return folded
    lowered = c.lower()
    return lowered if len(lowered) == 1 else c


def _fold(text: str) -> tuple[str, list[int]]:
    """`text` without accents, in lower case, with `origin[i]` = the index in `text` of the
    i-th folded character (combining marks are dropped, so the two can differ in length)."""
    folded = [_fold_char(c) for c in text]
    if all(folded):  # no combining mark: one character for one
        return "".join(folded), list(range(len(text)))
    origin = [i for i, c in enumerate(folded) if c]
    return "".join(folded), origin


def _original_span(text: str, origin: list[int], start: int, end: int) -> tuple[int, int]:
    first, last = origin[start], origin[end - 1] + 1
    while last < len(text) and unicodedata.combining(text[last]):
        last += 1  # the accents of the last letter belong to the word
    return first, last


# --- diagnosis -------------------------------------------------------------------------------

_SEP = r"[\s'-]+"  # between the words of a label: spaces, line breaks, hyphen, apostrophe
_TERMS_FILE = Path(__file__).with_name("charter_terms.txt")
_AFTER_SUFFERING = "[souffrir de]"
# Inclusive writing after a label: dépressif·ve, autiste·s, toxicomane(s).
_INCLUSIVE = r"(?:[·•][a-z]{1,4}(?:[·•]s)?|\((?:e|s|es|ve|ves|se|ses|ne|nes|x)\))?"
_SUFFERING = (
    r"souffr(?:e|es|ent|ait|ais|aient|ir|ant|ante|ants|antes|ira|irait|e|ez|ons)"
    + _SEP
    + r"(?:de|d|du|des)"
    + _SEP
    + r"(?:(?:une|un|la|le|les|l|ses|son|sa|leur|leurs|graves?|serieux|serieuses?|"
    r"lourds?|lourdes?|importants?|importantes?|profonde?s?|severes?|chroniques?)" + _SEP + r")*"
)


def _word_forms(word: str) -> list[str]:
    """A folded word and its feminine and plural forms (`word` as written, with accents)."""
    folded = _fold(word)[0]
    if len(folded) <= 3:
        return [folded]
    if folded.endswith("if"):
        forms = [folded, folded + "s", folded[:-1] + "ve", folded[:-1] + "ves"]
    elif folded.endswith("eux"):
        forms = [folded, folded[:-1] + "se", folded[:-1] + "ses"]
    elif folded.endswith("al"):
        forms = [folded, folded + "s", folded[:-2] + "aux", folded + "e", folded + "es"]
    elif folded.endswith("el"):
        forms = [folded, folded + "s", folded + "le", folded + "les"]
    elif folded.endswith("ien"):
        forms = [folded, folded + "s", folded + "ne", folded + "nes"]
    elif folded.endswith("er"):
        forms = [folded, folded + "s", folded[:-2] + "ere", folded[:-2] + "eres"]
    elif folded.endswith("e") and not word.lower().endswith("é"):
        forms = [folded, folded + "s"]
    elif folded.endswith(("s", "x")):
        forms = [folded, folded + "e", folded + "es"]
    else:
        forms = [folded, folded + "s", folded + "e", folded + "es"]
    return forms


def is_acronym(term: str) -> bool:
    """TDAH, TSA, TOC: matched in capitals only (« toc » is a knock)."""
    letters = [c for c in term if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def term_pattern(term: str) -> str:
    """The regular expression of a label as a moderator writes it (folded text; its words
    inflected); an acronym's is for the text as written."""
    words = [w for w in re.split(r"[\s'’-]+", term.strip()) if w]
    if not words:
        raise ValueError("empty term")
    if is_acronym(term):
        return _SEP.join(re.escape(w) for w in words) + r"s?"
    parts = []
    for word in words:
        forms = sorted(set(_word_forms(word)), key=lambda f: (-len(f), f))
        parts.append("(?:" + "|".join(re.escape(f) for f in forms) + ")")
    return _SEP.join(parts)


def read_terms(path: Path = _TERMS_FILE) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The project's terms: (labels, words that are labels after « souffrir de »)."""
    labels: list[str] = []
    after: list[str] = []
    current = labels
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line == _AFTER_SUFFERING:
            current = after
        else:
            current.append(line)
    return tuple(labels), tuple(after)


_LABELS, _AFTER_LABELS = read_terms()


def base_terms() -> tuple[str, ...]:
    """The project's labels (wiki/content/charter_terms.txt), both sections."""
    return _LABELS + _AFTER_LABELS


def _alternation(terms) -> str:
    patterns = sorted({term_pattern(t) for t in terms}, key=lambda p: (-len(p), p))
    return "|".join(patterns)


@functools.lru_cache(maxsize=16)
def _diagnosis_patterns(extra: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern | None]:
    """The folded-text pattern and the acronyms' pattern, for the project's terms and the
    moderators' `extra` ones (compiled once per set of extra terms)."""
    labels = [t for t in (*_LABELS, *extra) if not is_acronym(t)]
    acronyms = [t for t in (*_LABELS, *extra) if is_acronym(t)]
    after = [t for t in _AFTER_LABELS if not is_acronym(t)]
    label = _alternation(labels)
    folded = re.compile(
        r"(?<!\w)(?:"
        + _SUFFERING
        + r"(?:"
        + _alternation(after)
        + "|"
        + label
        + r")|"
        + label
        + r")"
        + _INCLUSIVE
        + r"(?!\w)"
    )
    capitals = re.compile(r"(?<!\w)(?:" + _alternation(acronyms) + r")(?!\w)") if acronyms else None
    return folded, capitals


def _diagnoses(text: str, extra: tuple[str, ...] = ()) -> Iterator[tuple[int, int]]:
    folded_pattern, capitals = _diagnosis_patterns(extra)
    folded, origin = _fold(text)
    for match in folded_pattern.finditer(folded):
        yield _original_span(text, origin, match.start(), match.end())
    if capitals is not None:
        for match in capitals.finditer(text):
            yield match.span()


# --- email, phone, NIR -----------------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[^\W\d_]{2,24}"
    r"(?![\w-])"
)

_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)33[ .\-\u00a0]?(?:\(0\)[ .\-\u00a0]?)?|0)[1-9]"
    r"(?:[ .\-\u00a0]?\d{2}){4}(?![\w])"
)

_NIR = re.compile(r"(?<![\w])[1-478](?:[ .\u00a0]?[0-9ABab]){14}(?![\w])")
_NIR_SHAPE = re.compile(r"^[1-478]\d{4}(?:\d{2}|2[AB])\d{8}$")


def nir_is_valid(number: str) -> bool:
    """True for a 15-character NIR (spaces allowed) whose key matches: 97 - (n mod 97),
    with 2A and 2B read as 19 and 18 (the Corsican departments)."""
    compact = re.sub(r"[ .\u00a0]", "", number).upper()
    if not _NIR_SHAPE.match(compact):
        return False
    department = {"2A": "19", "2B": "18"}.get(compact[5:7], compact[5:7])
    body = compact[:5] + department + compact[7:13]
    return 97 - int(body) % 97 == int(compact[13:])


def _nirs(text: str) -> Iterator[tuple[int, int]]:
    for match in _NIR.finditer(text):
        if nir_is_valid(match.group()):
            yield match.span()


# --- address ---------------------------------------------------------------------------------

_UPPER = "A-ZÀ-ÖØ-Þ"
_WORD = rf"[{_UPPER}a-zß-öø-ÿ0-9][\w'’-]*"
_CAPITALISED = rf"[{_UPPER}][\w'’-]*"
_PARTICLES = r"(?:(?:de la|des|de|du|les|la|le|aux|au)\s+|(?:de l|d|l)['’]\s*)"
# After these, a capitalised word or a lower-case one after "de", "des"... is a street name
# ("12 rue de la paix"); "place" and "chemin" also mean other things ("il reste 1 place
# libre"), so their name must be capitalised.
_STREETS = (
    r"rue|avenue|av\.|boulevard|bd|bld|all[ée]e|impasse|quai|route|square|passage|"
    r"r[ée]sidence|cit[ée]|lotissement|faubourg|sentier|villa|rond-point"
)
_STREETS_CAPITALISED = r"place|pl\.|chemin|cours|voie|hameau"
_ADDRESS = re.compile(
    rf"(?<![\w,.])\d{{1,4}}(?:\s?(?:bis|ter|quater|[A-Da-d])\b)?,?\s+"
    rf"(?:(?i:{_STREETS})\s+(?:{_PARTICLES}{_WORD}|{_CAPITALISED})"
    rf"|(?i:{_STREETS_CAPITALISED})\s+{_PARTICLES}?"
    rf"{_CAPITALISED})"
    rf"(?:[ \-]{_PARTICLES}?{_CAPITALISED}){{0,5}}"
    rf"(?:,?\s+\d{{5}}\s+{_CAPITALISED}(?:[ \-]{_PARTICLES}?{_CAPITALISED}){{0,3}})?"
)


# --- birthdate -------------------------------------------------------------------------------

_MONTHS = (
    r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|"
    r"novembre|d[ée]cembre|janv\.?|f[ée]vr?\.?|avr\.?|juil\.?|sept\.?|oct\.?|nov\.?|"
    r"d[ée]c\.?"
)
_DATE = (
    rf"(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:\d{{4}}|\d{{2}})"
    rf"|(?:1er|\d{{1,2}})\s+(?:{_MONTHS})\s+(?:\d{{4}}|\d{{2}})(?!\d))"
)
_BIRTHDATE = re.compile(
    rf"(?i:(?<!\w)(?:n[ée](?:e|\(e\)|·e|\.e)?\s+le\s+{_DATE}"
    rf"|(?:date\s+de\s+naissance|DDN)\s*:?\s*(?:le\s+)?{_DATE}))"
)


# --- person_name -----------------------------------------------------------------------------

_NAME_WORD = rf"[{_UPPER}](?:[a-zß-öø-ÿ]+|[{_UPPER}]+)(?:[-'’][{_UPPER}][a-zß-öø-ÿ{_UPPER}]+)?"
_CIVILITY = re.compile(
    rf"(?<![\w.])(?:M\.|MM\.|Mr\.?|Mrs\.?|Mme\.?|Mmes\.?|Mlle\.?|Mlles\.?|Madame|Monsieur|"
    rf"Mademoiselle|Dr\.?|[Dd]octeure?|[Pp]rofesseure?|Pr\.?)\s+(?!(?:Le|La|Les|L['’])\b)(?:(?:de|du|d['’])\s*)?{_NAME_WORD}"
    rf"(?:[ \-]{_NAME_WORD}){{0,2}}(?!\w)"
)
_FIRST_LAST = re.compile(
    rf"(?<![\w.])([{_UPPER}][a-zß-öø-ÿ]+(?:-[{_UPPER}][a-zß-öø-ÿ]+)?) "
    rf"([{_UPPER}]{{2,}}(?:[-'’][{_UPPER}]{{2,}})?(?: [{_UPPER}]{{2,}}){{0,2}})(?![\w'’-])"
)
# Capitalised words that begin sentences or titles and are followed by an acronym.
_NOT_FIRST_NAMES = frozenset(
    {
        "a",
        "à",
        "au",
        "aux",
        "avec",
        "chez",
        "contre",
        "dans",
        "de",
        "des",
        "du",
        "en",
        "entre",
        "et",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "ma",
        "mais",
        "mes",
        "mon",
        "nos",
        "notre",
        "ou",
        "où",
        "par",
        "pas",
        "pour",
        "quand",
        "que",
        "qui",
        "sa",
        "sans",
        "se",
        "ses",
        "son",
        "sous",
        "sur",
        "ta",
        "ton",
        "tous",
        "tout",
        "toute",
        "toutes",
        "un",
        "une",
        "vers",
        "via",
        "voir",
        "selon",
        "depuis",
        "après",
        "avant",
        "pendant",
        "lors",
        "comme",
        "contact",
        "contacter",
        "module",
        "groupe",
        "groupes",
        "partenariat",
        "partenaires",
        "public",
        "publics",
        "secteur",
        "secteurs",
        "contexte",
        "objectifs",
        "objectif",
        "contenu",
        "durée",
        "lieu",
        "lieux",
        "date",
        "dates",
        "prérequis",
        "suivi",
        "fiche",
        "atelier",
        "réseau",
        "association",
        "service",
        "services",
        "projet",
        "équipe",
        "appel",
        "centre",
        "maison",
        "direction",
        "pôle",
        "dispositif",
        "formation",
        "réunion",
        "rencontre",
        "accueil",
        "point",
        "note",
        "merci",
        "bonjour",
        "bienvenue",
        "cher",
        "chère",
        "chers",
        "chères",
        "madame",
        "monsieur",
        "mademoiselle",
    }
)
# Acronyms of the social sector, not surnames.
_ACRONYMS = frozenset(
    {
        "AAH",
        "AED",
        "AEMO",
        "ALD",
        "ALS",
        "AME",
        "APA",
        "APL",
        "ARS",
        "ASE",
        "ASS",
        "ASSP",
        "CADA",
        "CAF",
        "CAMSP",
        "CASF",
        "CCAS",
        "CDAPH",
        "CESF",
        "CHRS",
        "CHU",
        "CIAS",
        "CLIC",
        "CMP",
        "CMPP",
        "CMU",
        "CPAM",
        "CPOM",
        "CSS",
        "CSP",
        "DALO",
        "DDCS",
        "DGCS",
        "DREETS",
        "DRJSCS",
        "EHPAD",
        "EJE",
        "EPCI",
        "ES",
        "ESAT",
        "ESS",
        "ETP",
        "FJT",
        "FSL",
        "HLM",
        "HUDA",
        "IDE",
        "IME",
        "IMPRO",
        "IRTS",
        "ITEP",
        "MDPH",
        "MDS",
        "MECS",
        "MJPM",
        "MSA",
        "MSAP",
        "ONG",
        "PAEJ",
        "PASS",
        "PJJ",
        "PMI",
        "PRAHDA",
        "QPV",
        "RSA",
        "SAMSAH",
        "SAMU",
        "SAVS",
        "SESSAD",
        "SIAO",
        "SMIC",
        "SPIP",
        "SSIAD",
        "TISF",
        "TOC",
        "TSA",
        "TDAH",
        "UDAF",
        "UNAF",
        "URSSAF",
        "VAE",
        "CV",
        "RDV",
        "OK",
        "PDF",
        "TV",
        "SMS",
        "USA",
        "UE",
        "ONU",
        "OMS",
        "ALTERS",
        "APPEL",
        "OFFRES",
        "COURS",
        "VENIR",
        "NB",
        "PS",
    }
)


def _read_list(name: str) -> list[str]:
    lines = Path(__file__).with_name(name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


_FIRST_NAMES = frozenset(_read_list("charter_first_names.txt"))
_FIRST_NAME = re.compile(
    r"(?<![\w'’.-])(?:"
    + "|".join(sorted(map(re.escape, _FIRST_NAMES), key=len, reverse=True))
    + rf")(?: (?:(?:de|du|le|la|van|von|ben|el|ould|d['’]) ?)?[{_UPPER}][\w'’-]+){{0,2}}"
    r"(?![\w'’-])"
)
# A name that follows one of these words names a place or an institution (rue Jean Jaurès,
# collège Jean Moulin, centre social Léo Lagrange, l'abbé Pierre), not a person met.
_PLACE_WORDS = frozenset(
    {
        "rue",
        "avenue",
        "av",
        "boulevard",
        "bd",
        "place",
        "allee",
        "impasse",
        "quai",
        "chemin",
        "square",
        "passage",
        "cours",
        "route",
        "pont",
        "parc",
        "jardin",
        "jardins",
        "residence",
        "cite",
        "quartier",
        "college",
        "lycee",
        "ecole",
        "hopital",
        "clinique",
        "centre",
        "foyer",
        "maison",
        "salle",
        "espace",
        "stade",
        "gymnase",
        "piscine",
        "mediatheque",
        "bibliotheque",
        "fondation",
        "institut",
        "universite",
        "faculte",
        "prix",
        "gare",
        "station",
        "metro",
        "ile",
        "abbe",
        "theatre",
        "musee",
        "campus",
        "pole",
        "groupe",
        "association",
        "amicale",
        "ehpad",
        "lotissement",
        "hameau",
        "villa",
        "loi",
        "lois",
        "methode",
        "plan",
        "boulevards",
        "rues",
        "docteur",
        "saint",
        "sainte",
        "st",
        "ste",
    }
)
# These only right before the name (centre social Léo Lagrange; not « le dossier social de
# Samira »).
_PLACE_ADJECTIVES = frozenset(
    {
        "social",
        "sociale",
        "culturel",
        "culturelle",
        "hospitalier",
        "hospitaliere",
        "municipal",
        "municipale",
        "scolaire",
        "communal",
        "communale",
        "sportif",
        "associatif",
        "medical",
        "medicale",
        "universitaire",
    }
)
_ADJECTIVE_BEFORE = re.compile(r"(?<!\w)(\w+)\s+$")
_PLACE_BEFORE = re.compile(r"(?<!\w)(\w+)\.?(?:\s+(?:de la|des|de|du|d'|l'|d|l))?[\s'-]*$")
_NAME_PARTICLES = frozenset(
    {"de", "du", "des", "le", "la", "van", "von", "ben", "el", "ould", "d", "l", "di", "da"}
)


@functools.cache
def _stop_words() -> frozenset[str]:
    """Folded words that are no name on their own (« Elle », « Nous », « Refuser »...)."""
    try:
        from spacy.lang.fr.stop_words import STOP_WORDS as french
    except ImportError:  # the rules work without spaCy
        french = set()
    words = set(french) | _NOT_FIRST_NAMES | {"elle", "il", "lui"}
    return frozenset(_fold(w)[0] for w in words)


def _name_key(name: str) -> str:
    """A name as compared with the ignored ones: folded, one space between words, no
    civility."""
    folded = " ".join(re.split(r"[\s]+", _fold(name)[0].strip(" .,;:!?«»\"'()")))
    return re.sub(
        r"^(?:m|mme|mlle|mr|mrs|dr|madame|monsieur|mademoiselle|docteur)(?:\.? |\.?$)", "", folded
    )


def name_without_civility(name: str) -> str:
    """« Mme Dupont » → « Dupont » (a name without a civility stays as it is)."""
    return re.sub(
        r"^(?:M\.|MM\.|Mr\.?|Mrs\.?|Mme\.?|Mmes\.?|Mlle\.?|Mlles\.?|Madame|Monsieur|"
        r"Mademoiselle|Dr\.?|[Dd]octeure?|[Pp]rofesseure?|Pr\.?)\s+",
        "",
        name,
    )


def ignored_names(names: Collection[str]) -> frozenset[str]:
    """The keys of names not to report: each one, and the surname of a full name (« Pierre
    Bourdieu » also covers « Bourdieu »)."""
    keys = set()
    for name in names:
        key = _name_key(name)
        if key:
            keys.add(key)
            words = key.split(" ")
            if len(words) >= 2 and len(words[-1]) > 2:
                keys.add(words[-1])
    return frozenset(keys)


_PUBLIC_NAMES = ignored_names(_read_list("charter_public_names.txt"))


def _is_a_person(text: str, start: int, end: int, ignore: frozenset[str]) -> bool:
    """Whether the capitalised words `text[start:end]`, found without a civility, name a
    person the writer should anonymise."""
    name = text[start:end]
    words = [w for w in re.split(r"[ '’-]+", name) if w]
    if not words or not words[0][:1].isupper() or any(c.isdigit() or c in "@\n" for c in name):
        return False
    if any(not w[:1].isupper() and w not in _NAME_PARTICLES for w in words):
        return False  # « Refuser l'utilisation », « Madame la Présidente »
    if all(len(w.rstrip(".")) <= 1 for w in words):
        return False  # initials: already anonymised
    if words[0].lower() in {"saint", "sainte", "st", "ste"}:
        return False
    lowered = [_fold(w)[0] for w in words]
    if all(w in _stop_words() for w in lowered):
        return False
    if len(words) == 1 and (name.isupper() and (name in _ACRONYMS or len(name) <= 3)):
        return False
    key = _name_key(name)
    if key in ignore or key in _PUBLIC_NAMES:
        return False
    before = _fold(text[max(0, start - 40) : start])[0]
    place = _PLACE_BEFORE.search(before)
    adjective = _ADJECTIVE_BEFORE.search(before)
    return not (
        (place and place.group(1) in _PLACE_WORDS)
        or (adjective and adjective.group(1) in _PLACE_ADJECTIVES)
    )


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """An entity without the article or apostrophe it may begin with (« l'Aide », « d'Ali »)
    and the punctuation it may end with."""
    match = re.match(r"(?:[dlDL]['’]|\W+)", text[start:end])
    if match:
        start += match.end()
    while end > start and not (text[end - 1].isalnum()):
        end -= 1
    return start, end


def _person_names(text: str, ignore: frozenset[str] = frozenset()) -> Iterator[tuple[int, int]]:
    for match in _CIVILITY.finditer(text):
        if _name_key(match.group()) not in ignore:
            yield match.span()
    for match in _FIRST_LAST.finditer(text):
        first, surname = match.group(1), match.group(2)
        words = re.split(r"[ \-'’]", surname)
        if first.lower() in _NOT_FIRST_NAMES or any(w in _ACRONYMS for w in words):
            continue
        if not re.search(r"[AEIOUYÀ-ÆÈ-ÏÒ-ÖÙ-Ü]", surname):  # DGCS, CHRS: acronyms
            continue
        if _name_key(match.group()) not in ignore:
            yield match.span()
    # Without a civility: a known first name (and the surname after it), and what the
    # model reads as a person, or as anything else when it begins with a known first name
    # (the small model takes « Youssef » for a place).
    for match in _FIRST_NAME.finditer(text):
        if _is_a_person(text, match.start(), match.end(), ignore):
            yield match.span()
    for start, end, label in RECOGNISER.entities(text):
        start, end = _trimmed(text, start, end)
        if end <= start:
            continue
        first_word = re.split(r"[\s'’]+", text[start:end])[0]
        if first_word not in _FIRST_NAMES and (
            label != "PER" or " " not in text[start:end] or _name_key(first_word) == ""
        ):
            # The small model takes a verb or a heading beginning a sentence for a name
            # (« Refuser », « Aller »): a single word is a name when it is a known first name.
            continue
        if label != "PER":
            named = _FIRST_NAME.match(text, start)
            if named is None:
                continue
            start, end = named.span()  # the first name and its surname, not the place after
        if _is_a_person(text, start, end, ignore):
            yield start, end


# --- the check -------------------------------------------------------------------------------


def _candidates(
    text: str, ignore: frozenset[str], extra_terms: tuple[str, ...]
) -> Iterator[tuple[str, int, int]]:
    for start, end in _diagnoses(text, extra_terms):
        yield "diagnosis", start, end
    for kind, pattern in (
        ("email", _EMAIL),
        ("phone", _PHONE),
        ("address", _ADDRESS),
        ("birthdate", _BIRTHDATE),
    ):
        for match in pattern.finditer(text):
            yield kind, match.start(), match.end()
    for start, end in _nirs(text):
        yield "nir", start, end
    for start, end in _person_names(text, ignore):
        yield "person_name", start, end


def _moderators_terms() -> tuple[str, ...]:
    """The moderators' extra terms when a Flask application is at hand (none otherwise)."""
    from flask import has_app_context

    if not has_app_context():
        return ()
    from wiki.charter.terms import extra_terms  # the charter area's table of terms

    return extra_terms()


def check_charter(
    text: str, *, ignore: Collection[str] = (), extra_terms: Collection[str] | None = None
) -> list[Finding]:
    """What the editorial charter asks the writer of `text` to fix or justify.

    Returns the findings sorted by start, non-overlapping, each with its kind (one of
    KINDS), its start and end as Python string indices into `text`, and the passage itself.
    `ignore`: names not to report as ``person_name`` (the wiki's page titles, public figures
    the writer justified): compared without accents, case or civility, and a full name
    also covers its surname alone. `extra_terms`: diagnostic labels added to the project's
    list; by default the moderators' ones (`wiki charter terms`) when an application context
    is active.
    """
    if not text:
        return []
    extra = tuple(sorted(set(extra_terms))) if extra_terms is not None else _moderators_terms()
    priority = {
        kind: i
        for i, kind in enumerate(
            ("nir", "email", "phone", "birthdate", "address", "person_name", "diagnosis")
        )
    }
    candidates = sorted(
        set(_candidates(text, ignored_names(ignore), extra)),
        key=lambda c: (-(c[2] - c[1]), priority[c[0]], c[1]),
    )
    starts: list[int] = []
    kept: list[tuple[int, int, str]] = []  # sorted by start, never overlapping
    for kind, start, end in candidates:
        if end <= start:
            continue
        at = bisect.bisect_left(starts, start)
        if at > 0 and kept[at - 1][1] > start:
            continue  # overlaps the kept one before
        if at < len(kept) and kept[at][0] < end:
            continue  # overlaps the kept one after
        starts.insert(at, start)
        kept.insert(at, (start, end, kind))
    return [Finding(start=s, end=e, kind=k, text=text[s:e]) for s, e, k in kept]
