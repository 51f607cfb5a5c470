"""The editorial charter check: diagnostic labels and what identifies a person."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from wiki.content.charter import KINDS, Finding, check_charter, nir_is_valid

SEEDS = Path(__file__).parent / "data" / "seeds"  # copies of the project's seed documents


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in check_charter(text)]


def kinds(text: str) -> set[str]:
    return {f.kind for f in check_charter(text)}


# --- Positive cases: each kind, as writers write them -------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "passage"),
    [
        # diagnosis: labels, accents and case ignored, inflected, whole words
        ("Elle serait schizophrène selon l'équipe.", "diagnosis", "schizophrène"),
        ("Une SCHIZOPHRENIE ancienne.", "diagnosis", "SCHIZOPHRENIE"),
        ("Des parents bipolaires.", "diagnosis", "bipolaires"),
        ("Un trouble bipolaire connu.", "diagnosis", "trouble bipolaire"),
        ("Un épisode psychotique.", "diagnosis", "psychotique"),
        ("Il fait une psychose.", "diagnosis", "psychose"),
        ("Un homme paranoïaque.", "diagnosis", "paranoïaque"),
        ("Une jeune femme borderline.", "diagnosis", "borderline"),
        ("Un état limite, disent-ils.", "diagnosis", "état limite"),
        ("Des états-limites.", "diagnosis", "états-limites"),
        ("Un enfant autiste.", "diagnosis", "autiste"),
        ("Une mère hystérique.", "diagnosis", "hystérique"),
        ("Son mari, un pervers narcissique.", "diagnosis", "pervers narcissique"),
        ("Un TDAH diagnostiqué tard.", "diagnosis", "TDAH"),
        ("Une dépression majeure.", "diagnosis", "dépression majeure"),
        (
            "Un trouble de la personnalité borderline.",
            "diagnosis",
            "trouble de la personnalité borderline",
        ),
        ("Des troubles de la personnalité.", "diagnosis", "troubles de la personnalité"),
        ("Un adolescent psychopathe.", "diagnosis", "psychopathe"),
        ("Une névrosée, selon lui.", "diagnosis", "névrosée"),
        ("Il est schizo.", "diagnosis", "schizo"),
        # email
        (
            "Écrire à claire.martin@example.org pour le rendez-vous.",
            "email",
            "claire.martin@example.org",
        ),
        (
            "contact : j-p.dupont+atelier@mairie-tours.fr.",
            "email",
            "j-p.dupont+atelier@mairie-tours.fr",
        ),
        # phone
        ("Son portable : 06 12 34 56 78.", "phone", "06 12 34 56 78"),
        ("Tél. 06.12.34.56.78", "phone", "06.12.34.56.78"),
        ("Appeler le +33 6 12 34 56 78 le matin.", "phone", "+33 6 12 34 56 78"),
        ("Numéro 0612345678 donné.", "phone", "0612345678"),
        ("Fixe 02-47-12-34-56.", "phone", "02-47-12-34-56"),
        ("Depuis l'étranger : 0033 2 47 12 34 56.", "phone", "0033 2 47 12 34 56"),
        ("Ou +33 (0)6 12 34 56 78.", "phone", "+33 (0)6 12 34 56 78"),
        # address
        ("Elle habite 12 rue de la Paix depuis mai.", "address", "12 rue de la Paix"),
        ("au 3 bis avenue Jean Jaurès, Tours", "address", "3 bis avenue Jean Jaurès"),
        ("au 5 bd Voltaire.", "address", "5 bd Voltaire"),
        ("au 2 allée des Tilleuls", "address", "2 allée des Tilleuls"),
        ("au 14 chemin du Moulin", "address", "14 chemin du Moulin"),
        ("au 7 impasse Mozart", "address", "7 impasse Mozart"),
        ("au 1 place de la République", "address", "1 place de la République"),
        ("au 22 quai de Loire", "address", "22 quai de Loire"),
        ("au 12 rue des lilas", "address", "12 rue des lilas"),
        ("au 8 rue Nationale, 37000 Tours.", "address", "8 rue Nationale, 37000 Tours"),
        # birthdate
        ("Il est né le 12/03/1985 à Tours.", "birthdate", "né le 12/03/1985"),
        ("Elle est née le 3 mars 1985.", "birthdate", "née le 3 mars 1985"),
        ("né(e) le 1er février 2001", "birthdate", "né(e) le 1er février 2001"),
        ("Date de naissance : 12.03.1985", "birthdate", "Date de naissance : 12.03.1985"),
        ("date de naissance 03-12-85", "birthdate", "date de naissance 03-12-85"),
        # nir: the key is 97 - (first 13 digits mod 97)
        ("NIR : 1 85 03 75 123 456 41.", "nir", "1 85 03 75 123 456 41"),
        ("Sécu 185037512345641 fournie.", "nir", "185037512345641"),
        ("Corse du Sud : 2 69 05 2A 123 456 88", "nir", "2 69 05 2A 123 456 88"),
        ("Haute-Corse : 269052B12345618", "nir", "269052B12345618"),
        # person_name
        ("Nous avons reçu M. Dupont hier.", "person_name", "M. Dupont"),
        ("Mme DURAND est venue.", "person_name", "Mme DURAND"),
        ("Madame Martin refuse.", "person_name", "Madame Martin"),
        ("Monsieur Jean Petit arrive.", "person_name", "Monsieur Jean Petit"),
        ("Mlle de Villiers, 17 ans.", "person_name", "Mlle de Villiers"),
        ("Selon le Dr Benali.", "person_name", "Dr Benali"),
        ("Avec Jean DUPONT, éducateur.", "person_name", "Jean DUPONT"),
        ("Puis Marie-Claire LE GALL arrive.", "person_name", "Marie-Claire LE GALL"),
    ],
)
def test_passage_is_found_with_its_kind(text, kind, passage):
    findings = check_charter(text)
    assert [(f.kind, f.text) for f in findings] == [(kind, passage)]
    (finding,) = findings
    assert text[finding.start : finding.end] == passage


# --- Negative cases: ordinary social-work prose ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # diagnosis: the words around nosography are not labels
        "Refuser l'utilisation de nosographie ou de diagnostic psychiatrique.",
        "Un diagnostic social partagé avec la famille.",
        "L'accueil, le diagnostic, la prescription, l'accompagnement.",
        "Les effets pervers du dispositif.",
        "Une pensée psychanalytique qui méconnaît ces cultures.",
        "Un monde artiste et des artistes engagés.",
        "Une limite d'âge ; l'état des lieux.",
        "Une dépression en fin de journée.",  # the weather word, and no label qualifier
        # email
        "Le mot @atelier sur les réseaux, et une adresse sans arobase : atelier.fr",
        # phone: dates, amounts, years, postcodes
        "Date limite d'inscription 19/11/2021, 3 jours / 21 heures.",
        "Un budget de 12 345 678 euros en 2021 pour 37000 habitants.",
        "Référence 1234567890 du dossier.",
        # address: numbers followed by ordinary words
        "Il reste 1 place libre et 3 places en attente.",
        "Les 2 rues voisines, 4 chemins de traverse.",
        "Module 2 place la personne au centre.",
        "Les 15 familles du 4 rue ont été contactées.",
        # birthdate
        "Né de rien, ce projet est devenu grand.",
        "L'atelier des praxis est né en 2015 à Tours.",
        "Une réunion le 12/03/2021 avec les partenaires.",
        # nir: a 15-digit number with a wrong key
        "Dossier 1 85 03 75 123 456 42.",
        # person_name: civilities without names, initials, acronyms
        "Madame la Présidente et Monsieur le Maire ont ouvert la séance.",
        "Mme D. et M. X sont venus.",
        "Monsieur Le Maire était présent.",
        "Les ASS, CESF, ES et les cadres ; partenariat DGCS ; Public CHRS.",
        "Contenu A VENIR – APPEL D'OFFRES EN COURS",
        "L'Aller Vers et La Pratique Sociale.",
    ],
)
def test_ordinary_prose_gives_no_finding(text):
    assert check_charter(text) == []


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_seed_documents_give_no_finding(seed):
    """Seed 000 says "diagnostic psychiatrique" while refusing it: not a label."""
    assert check_charter(seed.read_text(encoding="utf-8")) == []


# --- Shape of the result ---------------------------------------------------------------------

ACCOUNT = (
    "Mme Dupont, née le 3 mars 1985, vit au 12 rue de la Paix, 75002 Paris. "
    "Tél : 06 12 34 56 78, courriel jean.dupont@example.fr, NIR 1 85 03 75 123 456 41. "
    "On la dit bipolaire."
)


def test_findings_are_sorted_and_cover_every_kind():
    findings = check_charter(ACCOUNT)
    assert [f.kind for f in findings] == [
        "person_name",
        "birthdate",
        "address",
        "phone",
        "email",
        "nir",
        "diagnosis",
    ]
    assert set(KINDS) == {f.kind for f in findings}
    assert [f.start for f in findings] == sorted(f.start for f in findings)


def test_findings_never_overlap():
    findings = check_charter(ACCOUNT + " Jean DUPONT au 3 rue Jean JAURES, 06 12 34 56 78.")
    for before, after in zip(findings, findings[1:], strict=False):
        assert before.end <= after.start


def test_address_containing_a_name_is_one_address():
    assert found("au 3 rue Jean JAURES") == [("address", "3 rue Jean JAURES")]


def test_offsets_are_python_indices_into_the_text_given():
    text = "😀 Écrit par é\u0301quipe : schizophre\u0301ne, mail a@b.fr"
    for finding in check_charter(text):
        assert text[finding.start : finding.end] == finding.text
    assert [f.kind for f in check_charter(text)] == ["diagnosis", "email"]
    assert check_charter(text)[0].text == "schizophre\u0301ne"


def test_labels_are_found_across_a_line_break_and_non_breaking_space():
    assert found("un pervers\nnarcissique, un état\u00a0limite") == [
        ("diagnosis", "pervers\nnarcissique"),
        ("diagnosis", "état\u00a0limite"),
    ]


def test_finding_as_dict_has_the_contract_shape():
    (finding,) = check_charter("Il est bipolaire.")
    assert finding.as_dict() == {"kind": "diagnosis", "start": 7, "end": 16, "text": "bipolaire"}
    assert finding == Finding("diagnosis", 7, 16, "bipolaire")


def test_empty_text_gives_no_finding():
    assert check_charter("") == []


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("1 85 03 75 123 456 41", True),
        ("2 69 05 2A 123 456 88", True),
        ("2 69 05 2B 123 456 18", True),
        ("2 69 05 2B 123 456 88", False),  # 2A's key on a 2B number
        ("1 85 03 75 123 456 40", False),
        ("5 85 03 75 123 456 41", False),
        ("1 85 03 75 123 45 41", False),
    ],
)
def test_nir_key_is_checked(number, valid):
    assert nir_is_valid(number) is valid


def test_a_long_text_is_checked_in_one_pass():
    text = (SEEDS / "000_2d6e1364e6da8d06.txt").read_text(encoding="utf-8")
    body = (text + "\nMme Dupont, 06 12 34 56 78.\n") * (200_000 // (len(text) + 30) + 1)
    started = time.perf_counter()
    findings = check_charter(body[:200_000])
    print(f"200000 characters checked in {time.perf_counter() - started:.2f} s")
    assert {f.kind for f in findings} == {"person_name", "phone"}
