"""The password policy: a length, and no password an attacker would try early (zxcvbn).

A new password (registration, change, `wiki user create --password-stdin`) is refused when
it is shorter than MIN_LENGTH or longer than MAX_LENGTH, when zxcvbn estimates it below
MIN_SCORE (fewer than 10^8 guesses: common passwords, keyboard walks, repetitions, a word and
a year), French common passwords included (common_passwords.py), or when what is left of it
once the account's own name and email address are taken out is that weak. Each refusal says
why, in the person's language.
"""

from __future__ import annotations

import re
import threading

from flask_babel import gettext as _
from zxcvbn import matching, zxcvbn

from wiki.auth.common_passwords import FRENCH_COMMON_PASSWORDS
from wiki.content.folding import fold
from wiki.errors import InvalidInput

MIN_LENGTH = 10
MAX_LENGTH = 1024
MIN_SCORE = 3  # zxcvbn's « safely unguessable »: about 10^8 guesses or more
ESTIMATED_LENGTH = 100  # zxcvbn's cost grows fast with length; what follows only adds strength
FRENCH_LIST = "french_passwords"
_COMMON_LISTS = {"passwords", FRENCH_LIST}
_PREDICTABLE_PATTERNS = {"repeat", "sequence", "spatial", "date", "regex"}
_NOT_A_WORD = re.compile(r"[^a-z0-9]+")
_MIN_TOKEN = 3
# The substitutions people make to dress up a word (Cl4ire-M4rt1n): undone before looking
# for the account's own words in a password.
_UNLEET = str.maketrans(
    {
        "4": "a",
        "@": "a",
        "3": "e",
        "1": "i",
        "!": "i",
        "0": "o",
        "5": "s",
        "$": "s",
        "7": "t",
        "+": "t",
    }
)

matching.add_frequency_lists({FRENCH_LIST: FRENCH_COMMON_PASSWORDS})
# zxcvbn keeps the user's own words in a module-level dictionary for the length of a call:
# two threads estimating at once would each see the other's words.
_estimating = threading.Lock()


def check_new_password(
    password: str | None, *, email: str = "", name: str = "", field: str = "password"
) -> None:
    """Raises InvalidInput (on `field`) with the reason if `password` may not be chosen."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(
            _("Le mot de passe doit compter au moins %(count)d caractères.", count=MIN_LENGTH),
            field=field,
        )
    if len(password) > MAX_LENGTH:
        raise InvalidInput(
            _("Le mot de passe doit compter au plus %(count)d caractères.", count=MAX_LENGTH),
            field=field,
        )
    reason = weakness(password, own_words(email, name))
    if reason is not None:
        raise InvalidInput(reason, field=field)


def own_words(email: str, name: str) -> list[str]:
    """The words of an account that its password should not be built from, folded."""
    email = _fold(email.strip())
    local, _at, domain = email.partition("@")
    words = [email, local, *_NOT_A_WORD.split(local)]
    words += domain.split(".")[:-1]  # the domain's labels but the last (org, fr...)
    folded_name = _fold(name)
    words += [folded_name.replace(" ", ""), *_NOT_A_WORD.split(folded_name)]
    unique = {word for word in words if len(word) >= _MIN_TOKEN}
    return sorted(unique, key=len, reverse=True)


def weakness(password: str, words: list[str]) -> str | None:
    """Why `password` is too easy to guess, or None if it is not."""
    folded = _fold(password)
    for variant in (folded, folded.translate(_UNLEET)):
        remainder = variant
        for word in words:
            remainder = remainder.replace(word, "")
        if remainder != variant and _estimate(remainder, [])["score"] < MIN_SCORE:
            return _(
                "Ce mot de passe reprend votre nom ou votre adresse électronique : "
                "choisissez-en un qui ne s'en inspire pas."
            )
    result = _estimate(folded, words)
    if result["score"] >= MIN_SCORE:
        return None
    sequence = result["sequence"]
    if any(m.get("dictionary_name") == "user_inputs" for m in sequence):
        return _(
            "Ce mot de passe reprend votre nom ou votre adresse électronique : "
            "choisissez-en un qui ne s'en inspire pas."
        )
    if any(m.get("dictionary_name") in _COMMON_LISTS for m in sequence):
        return _(
            "Ce mot de passe est l'un des plus courants, de ceux qu'un attaquant essaie "
            "en premier : choisissez-en un autre, par exemple une phrase de plusieurs "
            "mots."
        )
    if sequence and all(m["pattern"] in _PREDICTABLE_PATTERNS for m in sequence):
        return _(
            "Ce mot de passe est trop prévisible (répétitions, suites comme « 1234 » ou "
            "« azerty », dates) : choisissez-en un autre, par exemple une phrase de "
            "plusieurs mots."
        )
    return _(
        "Ce mot de passe est trop facile à deviner : allongez-le, par exemple avec une "
        "phrase de plusieurs mots."
    )


def _fold(text: str) -> str:
    return fold(text or "")


def _estimate(text: str, words: list[str]) -> dict:
    text = text[:ESTIMATED_LENGTH]
    if not text:  # zxcvbn cannot score an empty string; nothing left is no strength
        return {"score": 0, "sequence": []}
    with _estimating:
        return zxcvbn(text, user_inputs=words, max_length=ESTIMATED_LENGTH)
