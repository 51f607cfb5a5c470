"""The editorial charter check: diagnostic labels and what identifies a person, in a text.

The association's charter (DOMAIN.md) asks writers to refuse psychiatric nosography and
diagnosis in accounts of social accompaniment, and to anonymise the people they describe.
`check_charter` points out, before publication, what the writer should fix or justify:

``diagnosis``    a psychiatric label (schizophrène, bipolaire, psychose, état limite, TDAH...):
                 whole words, accents and case ignored, with their inflections. The words
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
                 Jean Petit, Mlle de Villiers, Dr Martin), or a first name followed by a
                 surname in capitals (Jean DUPONT). Initials (Mme D.) count as anonymised.
                 Conservative: capitalised words without a civility are not reported.

Offsets are Python string indices into the text given (``text[start:end] == finding.text``).
Findings are sorted by start and never overlap: when two candidates overlap, the longer
one is kept (a NIR over a phone number, an address over a name inside it).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import asdict, dataclass

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

_SAME_AS = {"’": "'", "ʼ": "'", "‘": "'", "\u00a0": " ", "\u202f": " "}


def _fold(text: str) -> tuple[str, list[int]]:
    """`text` without accents, in lower case, with `origin[i]` = the index in `text` of the
    i-th folded character (combining marks are dropped, so the two can differ in length)."""
    chars: list[str] = []
    origin: list[int] = []
    for i, c in enumerate(text):
        if unicodedata.combining(c):
            continue
        c = _SAME_AS.get(c, c)
        base = "".join(d for d in unicodedata.normalize("NFD", c) if not unicodedata.combining(d))
        lowered = base.lower() if len(base) == 1 else c.lower()
        chars.append(lowered if len(lowered) == 1 else c)
        origin.append(i)
    return "".join(chars), origin


def _original_span(text: str, origin: list[int], start: int, end: int) -> tuple[int, int]:
    first, last = origin[start], origin[end - 1] + 1
    while last < len(text) and unicodedata.combining(text[last]):
        last += 1  # the accents of the last letter belong to the word
    return first, last


# --- diagnosis -------------------------------------------------------------------------------

_SEP = r"[\s'-]+"  # between the words of a label: spaces, line breaks, hyphen, apostrophe
_DIAGNOSES = [
    r"schizophren(?:e|es|ie|ies|ique|iques)",
    r"schizo(?:s|ide|ides)?",
    r"(?:troubles?" + _SEP + r")?bipolaires?",
    r"maniaco" + _SEP + r"depressi(?:f|fs|ve|ves)",
    r"psychoti(?:que|ques)",
    r"psychoses?",
    r"paranoia(?:que|ques)?",
    r"paranos?",
    r"borderlines?",
    r"etats?" + _SEP + r"limites?",
    r"autistes?",
    r"troubles?" + _SEP + r"(?:du" + _SEP + r"spectre" + _SEP + r"(?:de" + _SEP + r"l"
    + _SEP + r"autisme|autistique)|autistiques?)",
    r"hysteri(?:que|ques|e)",
    r"(?:pervers|perverse|perverses|perversion)" + _SEP + r"narcissiques?",
    r"tdah",
    r"depressions?" + _SEP + r"majeures?",
    r"episodes?" + _SEP + r"depressifs?(?:" + _SEP + r"majeurs?)?",
    r"syndromes?" + _SEP + r"depressifs?",
    r"troubles?" + _SEP + r"(?:de" + _SEP + r"la" + _SEP + r"personnalite|de" + _SEP
    + r"personnalite)(?:" + _SEP + r"(?:borderline|limite|paranoiaque|antisociale|"
    r"histrionique|narcissique|schizoide|schizotypique|dependante|evitante|obsessionnelle|"
    r"compulsive|multiple)s?)?",
    r"troubles?" + _SEP + r"obsessionnels?" + _SEP + r"compulsifs?",
    r"psychopath(?:e|es|ie|ique|iques)",
    r"sociopath(?:e|es|ie)",
    r"nevros(?:e|es|ee|ees)",
    r"histrioniques?",
    r"bouffees?" + _SEP + r"delirantes?",
    r"anorexi(?:que|ques|e" + _SEP + r"mentale)",
    r"boulimiques?",
    r"demences?",
    r"debil(?:e|es)" + _SEP + r"(?:mental|mentale|mentaux|mentales|leger|legere|legers)",
    r"debilite" + _SEP + r"mentale",
    r"retard" + _SEP + r"mental",
]
_DIAGNOSIS = re.compile(r"(?<!\w)(?:" + "|".join(_DIAGNOSES) + r")(?!\w)")


def _diagnoses(text: str) -> Iterator[tuple[int, int]]:
    folded, origin = _fold(text)
    for match in _DIAGNOSIS.finditer(folded):
        yield _original_span(text, origin, match.start(), match.end())


# --- email, phone, NIR -----------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[^\W\d_]{2,24}"
                    r"(?![\w-])")

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
_STREETS = (r"rue|avenue|av\.|boulevard|bd|bld|all[ée]e|impasse|quai|route|square|passage|"
            r"r[ée]sidence|cit[ée]|lotissement|faubourg|sentier|villa|rond-point")
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

_MONTHS = (r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|"
           r"novembre|d[ée]cembre|janv\.?|f[ée]vr?\.?|avr\.?|juil\.?|sept\.?|oct\.?|nov\.?|"
           r"d[ée]c\.?")
_DATE = (rf"(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:\d{{4}}|\d{{2}})"
         rf"|(?:1er|\d{{1,2}})\s+(?:{_MONTHS})\s+(?:\d{{4}}|\d{{2}})(?!\d))")
_BIRTHDATE = re.compile(
    rf"(?i:(?<!\w)(?:n[ée](?:e|\(e\)|·e|\.e)?\s+le\s+{_DATE}"
    rf"|(?:date\s+de\s+naissance|DDN)\s*:?\s*(?:le\s+)?{_DATE}))"
)


# --- person_name -----------------------------------------------------------------------------

_NAME_WORD = rf"[{_UPPER}](?:[a-zß-öø-ÿ]+|[{_UPPER}]+)(?:[-'’][{_UPPER}][a-zß-öø-ÿ{_UPPER}]+)?"
_CIVILITY = re.compile(
    rf"(?<![\w.])(?:M\.|MM\.|Mr\.?|Mrs\.?|Mme\.?|Mmes\.?|Mlle\.?|Mlles\.?|Madame|Monsieur|"
    rf"Mademoiselle|Dr\.?|Docteur)\s+(?!(?:Le|La|Les|L['’])\b)(?:(?:de|du|d['’])\s*)?{_NAME_WORD}"
    rf"(?:[ \-]{_NAME_WORD}){{0,2}}(?!\w)"
)
_FIRST_LAST = re.compile(
    rf"(?<![\w.])([{_UPPER}][a-zß-öø-ÿ]+(?:-[{_UPPER}][a-zß-öø-ÿ]+)?) "
    rf"([{_UPPER}]{{2,}}(?:[-'’][{_UPPER}]{{2,}})?(?: [{_UPPER}]{{2,}}){{0,2}})(?![\w'’-])"
)
# Capitalised words that begin sentences or titles and are followed by an acronym.
_NOT_FIRST_NAMES = frozenset({
    "a", "à", "au", "aux", "avec", "chez", "contre", "dans", "de", "des", "du", "en", "entre",
    "et", "la", "le", "les", "leur", "leurs", "ma", "mais", "mes", "mon", "nos", "notre", "ou",
    "où", "par", "pas", "pour", "quand", "que", "qui", "sa", "sans", "se", "ses", "son", "sous",
    "sur", "ta", "ton", "tous", "tout", "toute", "toutes", "un", "une", "vers", "via", "voir",
    "selon", "depuis", "après", "avant", "pendant", "lors", "comme", "contact", "contacter",
    "module", "groupe", "groupes", "partenariat", "partenaires", "public", "publics", "secteur",
    "secteurs", "contexte", "objectifs", "objectif", "contenu", "durée", "lieu", "lieux", "date",
    "dates", "prérequis", "suivi", "fiche", "atelier", "réseau", "association", "service",
    "services", "projet", "équipe", "appel", "centre", "maison", "direction", "pôle", "dispositif",
    "formation", "réunion", "rencontre", "accueil", "point", "note", "merci", "bonjour",
    "bienvenue", "cher", "chère", "chers", "chères", "madame", "monsieur", "mademoiselle"
})
# Acronyms of the social sector, not surnames.
_ACRONYMS = frozenset({
    "AAH", "AED", "AEMO", "ALD", "ALS", "AME", "APA", "APL", "ARS", "ASE", "ASS", "ASSP", "CADA",
    "CAF", "CAMSP", "CASF", "CCAS", "CDAPH", "CESF", "CHRS", "CHU", "CIAS", "CLIC", "CMP", "CMPP",
    "CMU", "CPAM", "CPOM", "CSS", "CSP", "DALO", "DDCS", "DGCS", "DREETS", "DRJSCS", "EHPAD",
    "EJE", "EPCI", "ES", "ESAT", "ESS", "ETP", "FJT", "FSL", "HLM", "HUDA", "IDE", "IME", "IMPRO",
    "IRTS", "ITEP", "MDPH", "MDS", "MECS", "MJPM", "MSA", "MSAP", "ONG", "PAEJ", "PASS", "PJJ",
    "PMI", "PRAHDA", "QPV", "RSA", "SAMSAH", "SAMU", "SAVS", "SESSAD", "SIAO", "SMIC", "SPIP",
    "SSIAD", "TISF", "TOC", "TSA", "TDAH", "UDAF", "UNAF", "URSSAF", "VAE", "CV", "RDV", "OK",
    "PDF", "TV", "SMS", "USA", "UE", "ONU", "OMS", "ALTERS", "APPEL", "OFFRES", "COURS", "VENIR",
    "NB", "PS"
})


def _person_names(text: str) -> Iterator[tuple[int, int]]:
    for match in _CIVILITY.finditer(text):
        yield match.span()
    for match in _FIRST_LAST.finditer(text):
        first, surname = match.group(1), match.group(2)
        words = re.split(r"[ \-'’]", surname)
        if first.lower() in _NOT_FIRST_NAMES or any(w in _ACRONYMS for w in words):
            continue
        if not re.search(r"[AEIOUYÀ-ÆÈ-ÏÒ-ÖÙ-Ü]", surname):  # DGCS, CHRS: acronyms
            continue
        yield match.span()


# --- the check -------------------------------------------------------------------------------

def _candidates(text: str) -> Iterator[tuple[str, int, int]]:
    for start, end in _diagnoses(text):
        yield "diagnosis", start, end
    for kind, pattern in (("email", _EMAIL), ("phone", _PHONE), ("address", _ADDRESS),
                          ("birthdate", _BIRTHDATE)):
        for match in pattern.finditer(text):
            yield kind, match.start(), match.end()
    for start, end in _nirs(text):
        yield "nir", start, end
    for start, end in _person_names(text):
        yield "person_name", start, end


def check_charter(text: str) -> list[Finding]:
    """What the editorial charter asks the writer of `text` to fix or justify.

    Returns the findings sorted by start, non-overlapping, each with its kind (one of
    KINDS), its start and end as Python string indices into `text`, and the passage itself.
    Pure and deterministic: no database, no configuration.
    """
    if not text:
        return []
    priority = {kind: i for i, kind in enumerate(("nir", "email", "phone", "birthdate",
                                                  "address", "person_name", "diagnosis"))}
    candidates = sorted(set(_candidates(text)),
                        key=lambda c: (-(c[2] - c[1]), priority[c[0]], c[1]))
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
