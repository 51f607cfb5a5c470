"""Territories: a page's département, its filters and facets, the département page, the map."""

from __future__ import annotations

import html
import re
import time

import pytest
from helpers import sign_in, text_of

from wiki.departements import DEPARTEMENTS
from wiki.extensions import db
from wiki.models import Page
from wiki.territories.drawing import bucket, geometry
from wiki.territories.locate import departement_of

# --- the département of a territory, typed or in words -------------------------------------


@pytest.mark.parametrize(
    ("territory", "code"),
    [
        ("Orléans (45)", "45"),
        ("Tours, Indre-et-Loire", "37"),
        ("Loiret", "45"),
        ("Petite ville d'Indre-et-Loire", "37"),
        ("Communes rurales du sud du Loiret", "45"),
        ("Ajaccio (2a)", "2A"),
        ("37", "37"),
        ("971", "971"),
        ("45000 Orléans", "45"),
        ("20200 Bastia", "2B"),
        ("Saint-Étienne, Loire", "42"),
        ("Haute-Loire", "43"),
        ("Côte d’Or", "21"),
        ("à la Réunion", "974"),
        ("Paris 13e", "75"),
        ("Loir-et-Cher et Loiret", "41"),  # the first one named
    ],
)
def test_a_free_text_territory_names_its_departement(territory, code):
    assert departement_of({"territory": territory}) == code


@pytest.mark.parametrize(
    "territory",
    [
        "Centre-Val de Loire",  # a region, not the Loire
        "Pays de la Loire",
        "Quartiers nord de la ville",  # no capital: not the Nord
        "un lot de communes",
        "Marché de plein air, Tours",  # a town alone: no list of towns to tell
        "Non précisé (récit anonymisé)",
        "Groupe 1 : 100 personnes",
        "",
    ],
)
def test_a_territory_without_a_departement_gives_none(territory):
    assert departement_of({"territory": territory}) is None


def test_a_typed_territory_gives_its_code_and_falls_back_on_its_town():
    assert departement_of({"territory": {"town": "Tours", "departement": "37"}}) == "37"
    assert departement_of({"territory": {"town": "Ajaccio", "departement": "2a"}}) == "2A"
    assert departement_of({"territory": {"town": "Orléans (45)", "departement": None}}) == "45"
    assert departement_of({"territory": {"town": "Tours", "departement": "99"}}) is None
    assert departement_of({"territory": {"town": None, "departement": None}}) is None
    assert departement_of({}) is None
    assert departement_of(None) is None
    assert departement_of({"territory": 45}) is None


# --- pages carry it --------------------------------------------------------------------------


@pytest.fixture
def territories(app, make_page, member, other_member, moderator, group):
    """Public pages in the Loiret (two) and Indre-et-Loire (one), and pages that no anonymous
    visitor may see in the Loiret: members-only, a group's, a draft, one hidden."""
    from wiki.moderation.actions import hide

    pages = {
        "orleans": make_page(
            "Permanence à Orléans",
            fields={"territory": "Orléans (45)", "sector": "Accès aux droits"},
        ),
        "montargis": make_page(
            "Fiche de Montargis",
            kind="innovation",
            fields={"territory": "Montargis, Loiret", "sectors": "Insertion, logement"},
        ),
        "tours": make_page(
            "Maraude à Tours",
            fields={"territory": "Tours, Indre-et-Loire", "sector": "Hébergement"},
        ),
        "members": make_page(
            "Réservé aux adhérents", visibility="members", fields={"territory": "Loiret"}
        ),
        "group": make_page(
            "Récit du groupe", visibility=f"group:{group.slug}", fields={"territory": "Loiret"}
        ),
        "draft": make_page(
            "Un brouillon", status="draft", fields={"territory": "Loiret"}, author=other_member
        ),
        "hidden": make_page(
            "Une page masquée", fields={"territory": "Loiret"}, author=other_member
        ),
        "nowhere": make_page("Sans lieu", fields={"territory": "Centre-Val de Loire"}),
    }
    from wiki.search.indexer import apply_pending

    hide(db.session, moderator, f"page:{pages['hidden'].slug}", "Identifie une personne.")
    db.session.commit()
    apply_pending(app)
    return pages


def test_a_saved_page_keeps_its_departement(territories):
    assert territories["orleans"].departement == "45"
    assert territories["tours"].departement == "37"
    assert territories["nowhere"].departement is None


def test_an_edit_changes_the_departement(app, territories, member):
    from wiki.pages.editing import PageDraft, save_revision

    page = territories["tours"]
    save_revision(
        db.session,
        page,
        PageDraft(kind="practice", title=page.title, fields={"territory": "Blois (41)"}),
        member,
        page.version,
    )
    db.session.commit()
    assert db.session.get(Page, page.id).departement == "41"


# --- search --------------------------------------------------------------------------------


def test_search_filters_by_departement_and_counts_it_as_a_facet(client, territories):
    data = client.get("/api/v1/search?departement=45").get_json()
    assert {hit["slug"] for hit in data["results"]} == {
        territories["orleans"].slug,
        territories["montargis"].slug,
    }
    everything = client.get("/api/v1/search?q=&kind=practice").get_json()
    assert everything["facets"]["departement"] == {"45": 1, "37": 1}


def test_search_takes_a_departement_name_and_refuses_an_unknown_one(client, territories):
    named = client.get("/api/v1/search?departement=Indre-et-Loire").get_json()
    assert [hit["slug"] for hit in named["results"]] == [territories["tours"].slug]
    response = client.get("/api/v1/search?departement=99")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid"
    assert client.get("/search?departement=99").status_code == 400


def test_search_facets_by_departement_count_what_the_member_sees(client, territories, member):
    sign_in(client, member)
    page = text_of(client.get("/search?q=&departement=45"))
    for key in ("orleans", "montargis", "members", "group"):
        assert territories[key].title in page
    assert territories["hidden"].title not in page
    assert territories["draft"].title not in page
    anonymous = client.get("/api/v1/search?departement=45").get_json()
    assert anonymous["total"] == 2


def test_the_search_page_shows_the_departement_facet_and_filter(client, territories):
    page = text_of(client.get("/search?q=&kind=practice"))
    assert 'href="/search?kind=practice&amp;departement=45"' in page
    assert "45 · Loiret" in page
    filtered = text_of(client.get("/search?departement=37"))
    assert "Département : 37 · Indre-et-Loire" in filtered
    assert territories["tours"].title in filtered
    assert territories["orleans"].title not in filtered


def test_search_still_filters_by_sector(client, territories):
    # « hébergement » is the sector « Logement et hébergement » (wiki.pages.sectors): the
    # sheet of Montargis says « logement ».
    data = client.get("/api/v1/search?sector=hebergement").get_json()
    assert sorted(hit["slug"] for hit in data["results"]) == sorted(
        [territories["tours"].slug, territories["montargis"].slug]
    )


# --- lists ----------------------------------------------------------------------------------


def test_lists_filter_by_departement_over_visible_pages(client, territories, member):
    page = text_of(client.get("/pages?departement=45"))
    assert territories["orleans"].title in page and territories["montargis"].title in page
    for key in ("tours", "members", "group", "draft", "hidden"):
        assert territories[key].title not in page
    sign_in(client, member)
    page = text_of(client.get("/practices?departement=45"))
    for key in ("orleans", "members", "group"):
        assert territories[key].title in page
    assert territories["montargis"].title not in page  # an innovation sheet
    assert territories["hidden"].title not in page


def test_lists_filter_by_sector(client, territories):
    page = text_of(client.get("/pages?sector=insertion"))
    assert territories["montargis"].title in page
    assert territories["orleans"].title not in page
    assert territories["montargis"].title in text_of(
        client.get("/innovations?sector=Logement&departement=45")
    )
    assert territories["montargis"].title not in text_of(
        client.get("/innovations?sector=logement&departement=37")
    )


def test_lists_count_pages_by_departement_as_their_reader_may(client, territories, member):
    page = text_of(client.get("/pages"))
    assert re.search(r'departement=45">45 · Loiret</a> \(2\)', page)
    assert re.search(r'departement=37">37 · Indre-et-Loire</a> \(1\)', page)
    sign_in(client, member)
    assert re.search(r'departement=45">45 · Loiret</a> \(4\)', text_of(client.get("/pages")))


def test_lists_refuse_an_unknown_departement(client, territories):
    response = client.get("/practices?departement=Atlantide")
    assert response.status_code == 400
    assert "Département inconnu" in text_of(response)


# --- the département page ------------------------------------------------------------------


def test_the_departement_page_lists_its_visible_pages(client, territories, member):
    page = text_of(client.get("/territoires/45"))
    assert "Loiret (45)" in page
    assert territories["orleans"].title in page and territories["montargis"].title in page
    for key in ("tours", "members", "group", "draft", "hidden", "nowhere"):
        assert territories[key].title not in page
    sign_in(client, member)
    page = text_of(client.get("/territoires/45"))
    assert territories["members"].title in page and territories["group"].title in page
    assert territories["hidden"].title not in page


def test_the_departement_page_filters_by_kind_and_pages(app, client, make_page):
    app.config["PER_PAGE"] = 2
    for n in range(3):
        make_page(f"Récit {n} en Guadeloupe", fields={"territory": "Pointe-à-Pitre (971)"})
    make_page("Fiche en Guadeloupe", kind="innovation", fields={"territory": "Guadeloupe"})
    first = text_of(client.get("/territoires/971?kind=practice"))
    assert first.count('class="page-card ') == 2
    assert 'href="/territoires/971?kind=practice&amp;page=2"' in first
    second = text_of(client.get("/territoires/971?kind=practice&page=2"))
    assert second.count('class="page-card ') == 1
    assert "Fiche en Guadeloupe" not in first + second


def test_an_unknown_departement_is_a_404_in_french(client):
    for code in ("99", "2C", "000", "xyz"):
        response = client.get(f"/territoires/{code}")
        assert response.status_code == 404
        assert "Aucun département n'a le code" in html.unescape(text_of(response))


def test_a_departement_written_otherwise_is_sent_to_its_address(client):
    assert client.get("/territoires/2a").headers["Location"].endswith("/territoires/2A")
    assert client.get("/territoires/loiret").headers["Location"].endswith("/territoires/45")


def test_a_page_links_its_territory_to_its_departement(client, territories):
    page = text_of(client.get(f"/pages/{territories['tours'].slug}"))
    assert 'href="/territoires/37"' in page
    assert 'href="/territoires/' not in text_of(
        client.get(f"/pages/{territories['nowhere'].slug}")
    ).replace('href="/territoires"', "")


# --- the map -------------------------------------------------------------------------------


_SHAPE = re.compile(
    r'<a class="dep shade-(\d)" id="dep-(\w+)" data-code="(\w+)" '
    r'data-count="(\d+)" href="([^"]+)" aria-label="([^"]+)">'
)


def test_the_geometry_holds_every_departement_once():
    drawn = geometry()["departements"]
    assert set(drawn) == set(DEPARTEMENTS)
    for shape in drawn.values():
        assert shape["path"].startswith("M") and shape["path"].endswith("z")


def test_the_map_draws_one_linked_shape_per_departement(client, territories):
    page = text_of(client.get("/territoires"))
    svg = page[page.index("<svg") : page.index("</svg>")]
    shapes = _SHAPE.findall(svg)
    assert sorted(code for _shade, code, *_ in shapes) == sorted(DEPARTEMENTS)
    assert svg.count('<a class="dep ') == len(DEPARTEMENTS)
    assert svg.count("<path ") == len(DEPARTEMENTS)  # one shape (one path) each
    for _shade, code, data_code, _count, href, label in shapes:
        assert data_code == code and href == f"/territoires/{code}"
        assert html.unescape(label).startswith(f"{code} · {DEPARTEMENTS[code]} : ")
    assert "style=" not in page


def test_the_map_counts_public_pages_only(client, territories, member):
    sign_in(client, member)  # a member sees more, the map shows the same to everyone
    svg = text_of(client.get("/territoires"))
    counts = {code: int(count) for _s, code, _c, count, *_ in _SHAPE.findall(svg)}
    assert counts["45"] == 2  # not the members-only, group, draft or hidden page
    assert counts["37"] == 1
    assert sum(counts.values()) == 3
    assert re.search(r'aria-label="45 · Loiret : 2 pages publiques"', svg)
    assert re.search(r'<a class="dep shade-5" id="dep-45"', svg)
    assert re.search(r'<a class="dep shade-3" id="dep-37"', svg)
    assert re.search(r'<a class="dep shade-0" id="dep-29"', svg)
    assert '<td>45</td><td><a href="/territoires/45">Loiret</a></td><td>2</td>' in svg


def test_the_map_follows_a_change_of_visibility(client, territories, member):
    from wiki.pages.editing import PageDraft, save_revision

    page = territories["members"]
    save_revision(
        db.session,
        page,
        PageDraft(
            kind="practice", title=page.title, fields={"territory": "Loiret"}, visibility="public"
        ),
        member,
        page.version,
    )
    db.session.commit()
    svg = text_of(client.get("/territoires"))
    assert 'aria-label="45 · Loiret : 3 pages publiques"' in svg


def test_the_map_is_linked_from_the_navigation_and_credits_its_source(client):
    assert 'href="/territoires"' in text_of(client.get("/"))
    assert "IGN Admin Express" in text_of(client.get("/territoires"))


def test_shades_grow_with_the_count():
    assert [bucket(n, 10) for n in (0, 1, 2, 4, 6, 8, 10)] == [0, 1, 1, 2, 3, 4, 5]
    assert bucket(3, 0) == 0


def test_the_map_at_5000_pages_is_drawn_fast(app, client, member):
    """The counts are one GROUP BY on an indexed column: computed on each request."""
    from datetime import UTC, datetime

    codes = list(DEPARTEMENTS)
    now = datetime.now(UTC).replace(tzinfo=None)
    db.session.execute(
        Page.__table__.insert(),
        [
            {
                "slug": f"page-{n}",
                "kind": "practice",
                "visibility": "public",
                "status": "published",
                "version": 1,
                "title": f"Page {n}",
                "created_at": now,
                "updated_at": now,
                "departement": codes[n % len(codes)],
            }
            for n in range(5000)
        ],
    )
    db.session.commit()
    client.get("/territoires")
    started = time.perf_counter()
    page = text_of(client.get("/territoires"))
    elapsed = time.perf_counter() - started
    assert 'aria-label="45 · Loiret : 50 pages publiques"' in page
    print(f"/territoires with 5,000 pages: {elapsed * 1000:.0f} ms")
    assert elapsed < 2.0
