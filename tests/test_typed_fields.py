"""Typed fields of pages (wiki.pages.typed_fields): seed 004's sheet read into dates,
sessions, a duration and partners, through the import, the API, the web form, the export and
the migration; free text nobody can read kept as text."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from tests.helpers import sign_in, text_of
from wiki.extensions import db
from wiki.models import Page, Revision
from wiki.pages import typed_fields as tf
from wiki.pages.transfer import ImportLineError, dump_line, export_pages, import_lines

# Seed 004's sheet as its text reads, pasted into the import format.
SEED_004 = {
    "kind": "innovation",
    "slug": "aller-vers-module-2",
    "title": "La pratique de l'Aller Vers les publics – module 2",
    "fields": {
        "sectors": "Tous secteurs",
        "audience": "Les travailleurs de niveaux 6 (ASS, CESF, ES, ...), les cadres.",
        "duration": "Maximum 3 jours / 21 heures",
        "registration_deadline": "19/11/2021",
        "places_dates": "☞ Groupe 1\n\nOrléans lieu et dates à définir\n\n☞ Groupe 2\n\n"
        "Tours lieu et dates à définir",
        "partners": "☞ DGCS",
        "context": "La stratégie de prévention et de lutte contre la pauvreté.",
        "objectives": "☞ Identifier les « techniques » de l'aller vers.",
        "prerequisites": "Module accessible aux professionnels ayant suivi le 1er module.",
        "approach": "A VENIR – APPEL D'OFFRES EN COURS",
        "territory": "Orléans, Tours (Centre-Val de Loire)",
    },
}
SEED_004_TYPED = {
    "registration_deadline": "2021-11-19",
    "duration": {"days": 3, "hours": 21, "note": "Maximum"},
    "sessions": [
        {"group": "Groupe 1", "place": "Orléans", "dates": [], "to_be_defined": True},
        {"group": "Groupe 2", "place": "Tours", "dates": [], "to_be_defined": True},
    ],
    "partners": ["DGCS"],
    "territory": {"town": "Orléans, Tours (Centre-Val de Loire)", "departement": None},
}


def _import(*pages, author="claire@example.org") -> int:
    count = import_lines(
        db.session, [json.dumps(p, ensure_ascii=False) for p in pages], default_author=author
    )
    db.session.commit()
    return count


def _typed(slug: str) -> dict:
    return db.session.scalar(select(Page).where(Page.slug == slug)).current.typed_fields


# --- the converters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("3 jours", {"days": 3}),
        ("21 h", {"hours": 21}),
        ("21h", {"hours": 21}),
        ("7h30", {"hours": 7.5}),
        ("1 h 15 min", {"hours": 1.25}),
        ("2 jours et demi", {"days": 2.5}),  # halves of days are read
        ("une demi-journée", {"days": 0.5}),
        ("Maximum 3 jours / 21 heures", {"days": 3, "hours": 21, "note": "Maximum"}),
        ("environ 14 heures", {"hours": 14, "note": "environ"}),
        ("deux jours (en présentiel)", {"days": 2, "note": "en présentiel"}),
        ("Une séance de trois heures par mois, d'octobre à juin", None),  # a rhythm, not a length
        ("Deux heures toutes les trois semaines", None),
        ("3 jours / 4 jours", None),
        ("A définir", None),
    ],
)
def test_durations_as_people_write_them(written, expected):
    assert tf.parse_duration(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("19/11/2021", "2021-11-19"),
        ("19/11/21", "2021-11-19"),
        ("19.11.2021", "2021-11-19"),
        ("2021-11-19", "2021-11-19"),
        ("19 novembre 2021", "2021-11-19"),
        ("le 19 nov. 2021", "2021-11-19"),
        ("vendredi 1er décembre 2023", "2023-12-01"),
        ("avant le 5 janvier 2022", "2022-01-05"),
        ("Date limite d'inscription : 19/11/2021", "2021-11-19"),
        ("31/02/2021", None),  # no such day
        ("fin novembre", None),
        ("19/11/2021 ou 26/11/2021", None),
    ],
)
def test_deadlines_in_several_french_formats(written, expected):
    assert tf.parse_deadline(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (
            "Groupe 1 : Orléans — 25/11/2021 et 26/11/2021",
            [
                {
                    "group": "Groupe 1",
                    "place": "Orléans",
                    "dates": ["2021-11-25", "2021-11-26"],
                    "to_be_defined": False,
                }
            ],
        ),
        (
            "Tours, les 25 et 26 novembre 2021",
            [
                {
                    "group": "",
                    "place": "Tours",
                    "dates": ["2021-11-25", "2021-11-26"],
                    "to_be_defined": False,
                }
            ],
        ),
        (
            "Groupe 1 : Orléans, lieu et dates à définir\nGroupe 2 : Blois — 3/02/2022\n"
            "Date limite d'inscription : 19/11/2021",  # the deadline's line is not a session
            [
                {"group": "Groupe 1", "place": "Orléans", "dates": [], "to_be_defined": True},
                {
                    "group": "Groupe 2",
                    "place": "Blois",
                    "dates": ["2022-02-03"],
                    "to_be_defined": False,
                },
            ],
        ),
        ("Orléans, locaux de l'association, un samedi matin par mois", None),
        ("Tours, en soirée ; une séance sur trois à distance", None),
        ("Groupe 1 : Blois — 31/02/2021", None),
    ],
)
def test_sessions_as_people_write_them(written, expected):
    assert tf.parse_sessions(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Orléans", {"town": "Orléans", "departement": None}),
        ("Orléans (45)", {"town": "Orléans", "departement": "45"}),
        ("Tours, Indre-et-Loire", {"town": "Tours", "departement": "37"}),
        ("Loiret", {"town": "", "departement": "45"}),
        (
            "Centre-Val de Loire et au-delà",
            {"town": "Centre-Val de Loire et au-delà", "departement": None},
        ),
    ],
)
def test_territories_as_people_write_them(written, expected):
    assert tf.parse_territory(written) == expected


def test_partners_a_line_or_a_pointing_hand_each():
    assert tf.parse_partners("☞ DGCS\n- CAF du Loiret ☞ Ville d'Orléans") == [
        "DGCS",
        "CAF du Loiret",
        "Ville d'Orléans",
    ]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("duration", {"days": 3, "hours": 21, "note": "Maximum"}),
        ("duration", {"days": 0.5}),
        ("duration", {"days": 1.5, "hours": 3.75, "note": "en deux fois"}),
        (
            "sessions",
            [
                {
                    "group": "Groupe 1",
                    "place": "Orléans",
                    "dates": ["2021-11-25"],
                    "to_be_defined": False,
                },
                {"group": "", "place": "", "dates": [], "to_be_defined": True},
            ],
        ),
        ("partners", ["DGCS", "CAF du Loiret"]),
        ("registration_deadline", "2021-12-01"),
        ("territory", {"town": "Orléans", "departement": "45"}),
        ("territory", {"town": "", "departement": "2A"}),
        ("territory", {"town": "quartier des Aubiers, Bordeaux", "departement": "33"}),
    ],
)
def test_a_typed_value_reads_back_from_its_text(key, value):
    written = tf.format_value(key, value)
    assert tf.parse(key, written) == value
    assert tf.format_value(key, tf.parse(key, written)) == written


def test_the_canonical_texts_are_french():
    assert tf.format_value("registration_deadline", "2021-11-19") == "19 novembre 2021"
    assert tf.format_value("duration", {"days": 2.5}) == "2 jours et demi"
    assert tf.format_value("territory", {"town": "Orléans", "departement": "45"}) == (
        "Orléans, Loiret (45)"
    )


# --- import, API, export ----------------------------------------------------------------


def test_seed_004_imports_with_its_typed_fields(app, client, member):
    _import(SEED_004)

    page = client.get("/api/v1/pages/aller-vers-module-2").get_json()
    assert page["typed_fields"] == SEED_004_TYPED
    assert page["fields"] == SEED_004["fields"]  # the text as written, for every reader
    html = text_of(client.get("/pages/aller-vers-module-2"))
    assert '<time datetime="2021-11-19">19 novembre 2021</time>' in html
    assert "<li><strong>Groupe 2</strong> : Tours — dates à définir</li>" in html
    assert '<ul class="partners"><li>DGCS</li></ul>' in html


def test_seed_004_goes_through_export_and_import_into_an_empty_wiki(app, member):
    _import(SEED_004)
    exported = [dump_line(line) for line in export_pages(db.session)]
    assert json.loads(exported[0])["typed_fields"] == SEED_004_TYPED
    for page in db.session.scalars(select(Page)):
        db.session.delete(page)
    db.session.commit()

    import_lines(db.session, exported)
    db.session.commit()
    assert _typed("aller-vers-module-2") == SEED_004_TYPED
    assert [dump_line(line) for line in export_pages(db.session)] == exported


def test_the_api_takes_typed_values_and_stores_their_french_text(client, member, token_for):
    fields = {
        key: value
        for key, value in SEED_004["fields"].items()
        if tf.TYPED_KEYS.get(key) not in SEED_004_TYPED
    }
    fields.update(
        {
            "duration": SEED_004_TYPED["duration"],
            "registration_deadline": "19/11/2021",
            "places_dates": SEED_004_TYPED["sessions"],
            "partners": ["DGCS"],
            "territory": {"town": "Orléans", "departement": "45"},
        }
    )
    response = client.post(
        "/api/v1/pages",
        headers=token_for(member),
        json={"kind": "innovation", "title": SEED_004["title"], "fields": fields},
    )

    assert response.status_code == 201, response.get_json()
    page = response.get_json()
    assert page["typed_fields"] == {
        **SEED_004_TYPED,
        "territory": {"town": "Orléans", "departement": "45"},
    }
    assert page["fields"]["duration"] == "Maximum 3 jours / 21 heures"
    assert page["fields"]["places_dates"] == (
        "Groupe 1 : Orléans — à définir\nGroupe 2 : Tours — à définir"
    )
    assert page["fields"]["territory"] == "Orléans, Loiret (45)"
    assert db.session.scalar(select(Page.departement)) == "45"  # the typed département


def test_typed_fields_win_and_a_put_without_fields_keeps_them(client, member, token_for):
    headers = token_for(member)
    created = client.post(
        "/api/v1/pages",
        headers=headers,
        json={
            "kind": "innovation",
            "title": "Fiche",
            "typed_fields": {"registration_deadline": "2022-01-10"},
            "fields": {
                "context": "Un contexte.",
                "objectives": "Des buts.",
                "registration_deadline": "19/11/2021",
            },
        },
    ).get_json()
    assert created["typed_fields"] == {"registration_deadline": "2022-01-10"}
    assert created["fields"]["registration_deadline"] == "10 janvier 2022"  # text follows

    updated = client.put(
        "/api/v1/pages/fiche", headers=headers, json={"title": "Fiche revue", "base_revision": 1}
    ).get_json()
    assert updated["typed_fields"] == {"registration_deadline": "2022-01-10"}


def test_the_old_free_text_still_imports_as_text(app, client, member):
    _import(
        {
            "kind": "practice",
            "title": "Un récit",
            "body": "Le récit.",
            "fields": {"territory": "Orléans"},
        },
        {
            "kind": "innovation",
            "title": "L'atelier",
            "fields": {
                "duration": "Une séance de trois heures par mois, d'octobre à juin",
                "places_dates": "Orléans, locaux de l'association, un samedi matin par mois",
                "registration_deadline": "fin novembre",
            },
        },
    )

    practice = client.get("/api/v1/pages/un-recit").get_json()
    assert practice["fields"] == {"territory": "Orléans"}
    assert practice["typed_fields"] == {"territory": {"town": "Orléans", "departement": None}}
    sheet = client.get("/api/v1/pages/l-atelier").get_json()
    assert sheet["fields"]["places_dates"] == (
        "Orléans, locaux de l'association, un samedi matin par mois"
    )
    assert sheet["typed_fields"] == {}  # nothing read: no typed value, the text kept
    html = text_of(client.get("/pages/l-atelier"))
    assert "un samedi matin par mois" in html and "fin novembre" in html


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"registration_deadline": "2021-02-30"}, "registration_deadline", "n'existe pas"),
        ({"registration_deadline": "19/11/2021"}, "registration_deadline", "AAAA-MM-JJ"),
        ({"duration": {"hours": -3}}, "duration", "positif"),
        ({"duration": {"days": 1.3}}, "duration", "demi-journées"),
        ({"duration": {"weeks": 2}}, "duration", "clé inconnue weeks"),
        ({"duration": {"note": "Maximum"}}, "duration", "jours (days) ou d'heures"),
        ({"duration": ["3 jours"]}, "duration", "objet"),
        ({"territory": {"town": "Orléans", "departement": "99"}}, "territory", "inconnu « 99 »"),
        ({"places_dates": [{"place": "Tours"}]}, "places_dates", "dates"),
        (
            {"places_dates": [{"place": "Tours", "dates": ["2021-11-25"], "to_be_defined": True}]},
            "places_dates",
            "pas les deux",
        ),
        ({"places_dates": [{"to_be_defined": True}] * 21}, "places_dates", "20 sessions au plus"),
        ({"places_dates": "x", "partners": [3]}, "partners", "texte"),
        ({"partners": {"name": "DGCS"}}, "partners", "liste"),
    ],
)
def test_the_api_refuses_bad_typed_values_naming_the_field(
    client, member, token_for, fields, field, message
):
    typed = {
        key: fields.pop(key)
        for key in ("registration_deadline",)
        if key in fields and not isinstance(fields[key], dict | list)
    }
    response = client.post(
        "/api/v1/pages",
        headers=token_for(member),
        json={
            "kind": "innovation",
            "title": "Fiche",
            "typed_fields": typed,
            "fields": {"context": "Un contexte.", "objectives": "Des buts.", **fields},
        },
    )

    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["details"]["field"] == field
    assert message in error["message"]
    assert db.session.scalar(select(Page.id)) is None


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"typed_fields": {"duration": {"days": -1}}}, "positif"),
        ({"typed_fields": {"sessions": [{"dates": ["25/11/2021"]}]}}, "AAAA-MM-JJ"),
        ({"typed_fields": {"weather": "beau"}}, "inconnue"),
        ({"typed_fields": ["2021-11-19"]}, "objet"),
        ({"fields": {"partners": ["DGCS\x00"]}}, "caractère nul"),
        ({"fields": {"territory": {"town": "Tours", "departement": "Indre-et-Loire"}}}, "inconnu"),
    ],
)
def test_an_import_refuses_bad_typed_values_with_the_line_number(app, member, line, message):
    good = {"kind": "practice", "title": "Un récit", "body": "Le récit."}
    bad = {"kind": "innovation", "title": "Fiche", "fields": {"context": "C."}}
    bad = {**bad, **line, "fields": {**bad["fields"], **line.get("fields", {})}}
    with pytest.raises(ImportLineError) as raised:
        import_lines(
            db.session, [json.dumps(good), json.dumps(bad)], default_author="claire@example.org"
        )
    assert raised.value.line == 2
    assert raised.value.message.startswith("Erreur ligne 2 : ")
    assert message in raised.value.message


def test_a_cli_import_with_a_bad_typed_value_is_a_one_line_error(app, member, tmp_path):
    path = tmp_path / "pages.jsonl"
    path.write_text(
        json.dumps(
            {
                "kind": "innovation",
                "title": "Fiche",
                "author": "claire@example.org",
                "typed_fields": {"registration_deadline": "2021-13-01"},
            }
        )
        + "\n"
    )
    result = app.test_cli_runner().invoke(args=["import", str(path)])
    assert result.exit_code != 0
    assert "Erreur ligne 1 : " in result.output and "n'existe pas" in result.output
    assert "Traceback" not in result.output


# --- the web form, without script -------------------------------------------------------


def _sheet_form(**extra) -> dict:
    data = {
        "title": "Aller vers, module 2",
        "body": "",
        "visibility": "public",
        "tags": "",
        "summary": "",
        "base_revision": "",
        "action": "publish",
        "context": "La stratégie de lutte contre la pauvreté.",
        "objectives": "Identifier les techniques de l'aller vers.",
        "duration_days": "3",
        "duration_hours": "21",
        "duration_note": "Maximum",
        "registration_deadline": "2021-11-19",
        "partners": "DGCS\nCAF du Loiret\n",
        "territory": "Orléans",
        "territory_departement": "45",
        "sessions-0-group": "Groupe 1",
        "sessions-0-place": "Orléans",
        "sessions-0-dates": "25/11/2021, 26/11/2021",
        "sessions-1-group": "Groupe 2",
        "sessions-1-place": "Tours",
        "sessions-1-to_be_defined": "y",
        "sessions-2-group": "",
        "sessions-2-place": "",
        "sessions-2-dates": "",
    }
    data.update(extra)
    return data


def test_the_form_offers_typed_inputs_with_hints(client, member):
    sign_in(client, member)
    html = text_of(client.get("/pages/new?kind=innovation"))
    assert re.search(r'<input[^>]*id="registration_deadline"[^>]*type="date"', html)
    assert re.search(r'<input[^>]*id="duration_days"[^>]*type="number"', html)
    assert re.search(r'<select[^>]*id="territory_departement"', html)
    assert '<option value="45">45 · Loiret</option>' in html
    assert "<legend>Session 2</legend>" in html and 'name="sessions-1-to_be_defined"' in html
    assert 'name="sessions-2-group"' not in html  # two blank sessions on a new sheet
    assert "Objectifs : ce que la démarche veut changer, pour qui" in html
    assert re.search(r'<textarea[^>]*aria-describedby="objectives-help"', html)
    assert '<p class="hint" id="objectives-help">' in html


def test_a_sheet_written_in_the_form_shows_its_typed_values(client, member):
    sign_in(client, member)
    response = client.post("/pages/new?kind=innovation", data=_sheet_form())
    assert response.status_code == 302, text_of(response)

    revision = db.session.scalar(select(Revision))
    assert revision.typed_fields == {
        "duration": {"days": 3, "hours": 21, "note": "Maximum"},
        "registration_deadline": "2021-11-19",
        "partners": ["DGCS", "CAF du Loiret"],
        "territory": {"town": "Orléans", "departement": "45"},
        "sessions": [
            {
                "group": "Groupe 1",
                "place": "Orléans",
                "dates": ["2021-11-25", "2021-11-26"],
                "to_be_defined": False,
            },
            {"group": "Groupe 2", "place": "Tours", "dates": [], "to_be_defined": True},
        ],
    }
    assert revision.fields["registration_deadline"] == "19 novembre 2021"
    html = text_of(client.get(response.headers["Location"]))
    assert '<time datetime="2021-11-25">25 novembre 2021</time> et ' in html
    assert "<li><strong>Groupe 2</strong> : Tours — dates à définir</li>" in html
    assert "<li>CAF du Loiret</li>" in html
    assert "Maximum 3 jours / 21 heures" in html
    assert db.session.scalar(select(Page.departement)) == "45"
    printed = client.get(response.headers["Location"] + ".pdf")  # the print view still works
    assert printed.status_code == 200 and printed.mimetype == "application/pdf"

    edit = text_of(client.get(response.headers["Location"] + "/edit"))
    assert 'value="25/11/2021, 26/11/2021"' in edit  # the sessions back in their inputs
    assert 'name="sessions-3-group"' in edit and 'name="sessions-4-group"' not in edit
    assert '<option selected value="45">' in edit or '<option value="45" selected>' in edit


@pytest.mark.parametrize(
    ("extra", "input_id", "message"),
    [
        ({"registration_deadline": "bientôt"}, "registration_deadline", "Date illisible"),
        ({"duration_hours": "-2"}, "duration_hours", "nombre d'heures positif"),
        ({"duration_days": "trois"}, "duration_days", "nombre de jours positif"),
        (
            {"sessions-0-dates": "25/11/2021, 31/11/2021"},
            "sessions-0-dates",
            "Session 1 : date illisible « 31/11/2021 »",
        ),
        ({"sessions-1-to_be_defined": ""}, "sessions-1-dates", "Session 2 : indiquez ses dates"),
        ({"objectives": ""}, "objectives", "besoin d'objectifs"),
    ],
)
def test_a_bad_typed_input_shows_the_form_again_with_its_message(
    client, member, extra, input_id, message
):
    sign_in(client, member)
    response = client.post("/pages/new?kind=innovation", data=_sheet_form(**extra))

    assert response.status_code == 400
    html = unescape(text_of(response))
    block = html[html.index(f'for="{input_id}"') :]
    block = block[: block.index("</div>")]
    assert message in block
    assert re.search(
        f'id="{input_id}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="{input_id}"', html
    )
    assert f"{input_id}-error" in html
    assert 'value="Groupe 2"' in html  # what was written is still there
    assert db.session.scalar(select(Page.id)) is None


def test_an_older_sheets_unreadable_text_stays_in_the_form(client, member, make_page):
    make_page(
        "L'atelier",
        kind="innovation",
        fields={
            "context": "C.",
            "objectives": "O.",
            "places_dates": "Orléans, locaux de l'association, un samedi matin par mois",
        },
    )
    sign_in(client, member)
    edit = text_of(client.get("/pages/l-atelier/edit"))
    assert "Texte libre (non reconnu)" in edit
    assert "un samedi matin par mois</textarea>" in edit
    response = client.post(
        "/pages/l-atelier/edit",
        data={
            "title": "L'atelier",
            "body": "",
            "visibility": "public",
            "tags": "",
            "summary": "",
            "base_revision": "1",
            "action": "publish",
            "context": "C.",
            "objectives": "O.",
            "places_dates": "Orléans, locaux de l'association, un samedi matin par mois",
        },
    )
    assert response.status_code == 302
    page = db.session.scalar(select(Page))
    assert page.current.fields["places_dates"].endswith("un samedi matin par mois")


def test_a_name_replaced_on_the_charter_review_changes_the_typed_value(client, member):
    sign_in(client, member)
    data = _sheet_form(partners="DGCS\nMme Durand")
    review = client.post("/pages/new?kind=innovation", data=data)
    assert review.status_code == 200 and "Durand" in text_of(review)
    passages = re.findall(r'name="(passage-\d+)" value="([^"]*)"', text_of(review))
    answers = {name: value for name, value in passages}
    replace = {
        name.replace("passage", "replacement"): "Mme D."
        for name, value in passages
        if "Durand" in value
    }
    assert replace
    response = client.post(
        "/pages/new?kind=innovation", data={**data, **answers, **replace, "action": "review"}
    )
    assert response.status_code == 302, text_of(response)
    revision = db.session.scalar(select(Revision))
    assert revision.typed_fields["partners"] == ["DGCS", "Mme D."]


# --- the required minimum ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"kind": "practice", "title": "Vide"}, "body", "besoin d'un texte"),
        (
            {"kind": "innovation", "title": "Fiche", "fields": {"objectives": "O."}},
            "context",
            "besoin d'un contexte",
        ),
        (
            {"kind": "innovation", "title": "Fiche", "fields": {"context": "C."}},
            "objectives",
            "besoin d'objectifs",
        ),
        (
            {"kind": "innovation", "title": "Fiche", "fields": {"duration": {"days": 2}}},
            "context",
            "besoin d'un contexte et d'objectifs",
        ),
    ],
)
def test_a_page_needs_its_minimum_and_the_message_names_the_field(
    client, member, token_for, payload, field, message
):
    response = client.post("/api/v1/pages", headers=token_for(member), json=payload)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["details"]["field"] == field and message in error["message"]


# --- masking and anonymising ------------------------------------------------------------


def test_anonymising_reads_the_typed_values_again(app, member, moderator):
    from wiki.pages.masking import anonymise_page

    _import({**SEED_004, "fields": {**SEED_004["fields"], "partners": "DGCS\nMme Durand"}})
    page = db.session.scalar(select(Page))
    anonymise_page(db.session, page, "Mme Durand", "Mme D.", moderator, "un nom")
    db.session.commit()
    assert page.current.typed_fields["partners"] == ["DGCS", "Mme D."]
    assert "Durand" not in json.dumps(page.current.typed_fields)


def test_a_masked_revision_hides_its_typed_fields(client, member, moderator, token_for):
    headers = token_for(member)
    client.post(
        "/api/v1/pages",
        headers=headers,
        json={
            "kind": "innovation",
            "title": "Fiche",
            "fields": {"context": "C.", "objectives": "O.", "partners": ["Association Alpha"]},
        },
    )
    client.put(
        "/api/v1/pages/fiche",
        headers=headers,
        json={
            "title": "Fiche",
            "base_revision": 1,
            "fields": {"context": "C.", "objectives": "O.", "partners": ["DGCS"]},
        },
    )
    masked = client.post(
        "/api/v1/pages/fiche/revisions/1/suppress", headers=headers, json={"reason": "un nom"}
    )
    assert masked.status_code == 200

    assert client.get("/api/v1/pages/fiche/revisions/1", headers=headers).status_code == 404
    shown = client.get("/api/v1/pages/fiche/revisions/1", headers=token_for(moderator))
    assert shown.get_json()["typed_fields"] == {"partners": ["Association Alpha"]}
    assert client.get("/api/v1/pages/fiche").get_json()["typed_fields"] == {"partners": ["DGCS"]}


# --- the migration ----------------------------------------------------------------------


def test_the_migration_reads_the_typed_fields_of_every_revision(app, make_page, member):
    from wiki.pages.editing import PageDraft, save_revision

    sheet = make_page(
        "Aller vers module 2",
        kind="innovation",
        fields={
            "duration": "Maximum 3 jours / 21 heures",
            "context": "C.",
            "objectives": "O.",
            "places_dates": "Groupe 1 : Orléans, lieu et dates à définir\n"
            "Date limite d'inscription : 19/11/2021",
        },
    )
    save_revision(
        db.session,
        sheet,
        PageDraft(
            kind="innovation",
            title="Aller vers module 2",
            fields={"territory": "Tours (37)", "duration": "A définir"},
        ),
        member,
        1,
    )
    practice = make_page("Un récit", body="Le récit.", fields={"territory": "quelque part"})
    sheet_id, practice_id = sheet.id, practice.id
    db.session.commit()
    directory = app.extensions["migrate"].directory
    downgrade(directory=directory, revision="e5a7c9d1f3b6")  # the previous head
    # What the previous version stored: the text, a département read from it (and one
    # stale, as no older code wrote it).
    db.session.execute(
        text("UPDATE pages SET departement = '75' WHERE id = :id"), {"id": practice_id}
    )
    db.session.commit()

    upgrade(directory=directory)
    db.session.expire_all()

    first, second = db.session.scalars(
        select(Revision).where(Revision.page_id == sheet_id).order_by(Revision.number)
    )
    assert first.typed_fields == {
        "duration": {"days": 3, "hours": 21, "note": "Maximum"},
        "sessions": [{"group": "Groupe 1", "place": "Orléans", "dates": [], "to_be_defined": True}],
        "registration_deadline": "2021-11-19",
    }
    assert first.fields["places_dates"].endswith("19/11/2021")  # the text untouched
    assert second.typed_fields == {"territory": {"town": "Tours", "departement": "37"}}
    assert second.fields["duration"] == "A définir"
    assert db.session.get(Page, sheet_id).departement == "37"
    assert db.session.get(Page, practice_id).departement is None
    assert db.session.get(Page, practice_id).current.typed_fields == {
        "territory": {"town": "quelque part", "departement": None}
    }


# --- the demo ---------------------------------------------------------------------------


def test_the_demo_sheet_of_seed_004_is_typed():
    from importlib import resources

    lines = resources.files("wiki.demo").joinpath("pages.jsonl").read_text("utf-8")
    sheet = next(
        json.loads(line)
        for line in lines.splitlines()
        if json.loads(line).get("slug") == "aller-vers-module-2"
    )
    text_fields, typed = tf.clean("innovation", sheet["fields"], sheet["typed_fields"])
    assert typed["registration_deadline"] == "2021-11-19"
    assert [s["place"] for s in typed["sessions"]] == ["Orléans", "Tours"]
    assert text_fields == sheet["fields"]
    assert "Date limite" not in sheet["fields"]["places_dates"]
