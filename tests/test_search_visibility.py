"""Search never reveals a page its reader may not see: not in results, totals, facet counts,
snippets, suggestions or related pages."""

from __future__ import annotations

import pytest
from search_calls import related_pages, search

HIDDEN_WORD = "zorglubique"  # appears only on the restricted page


@pytest.fixture
def members_page(make_page):
    return make_page(
        "Réunion des adhérents",
        body=f"Un compte rendu {HIDDEN_WORD} du partage.",
        tags=["benevolat"],
        visibility="members",
    )


@pytest.fixture
def group_page(make_page, group):
    return make_page(
        "Séance de l'atelier",
        body=f"Une situation {HIDDEN_WORD} en partage.",
        tags=["atelier-des-praxis"],
        visibility=f"group:{group.slug}",
    )


@pytest.fixture
def public_page(make_page):
    return make_page(
        "Partage d'expériences", body="Un partage public entre pairs.", tags=["benevolat"]
    )


def assert_reveals_nothing(outcome):
    assert outcome.total == 0
    assert outcome.results == []
    assert outcome.facets == {"kind": {}, "tags": {}, "stage": {}, "departement": {}, "sector": {}}
    assert outcome.suggestion is None


def test_anonymous_visitor_does_not_find_a_members_page(members_page):
    assert_reveals_nothing(search(None, HIDDEN_WORD))


def test_member_finds_a_members_page(members_page, other_member):
    outcome = search(other_member, HIDDEN_WORD)
    assert [hit.slug for hit in outcome.results] == [members_page.slug]
    assert outcome.facets["tags"] == {"benevolat": 1}


def test_non_member_of_the_group_does_not_find_its_page(group_page, other_member):
    assert_reveals_nothing(search(other_member, HIDDEN_WORD))
    assert_reveals_nothing(search(None, HIDDEN_WORD))


def test_group_member_finds_the_group_page(group_page, member):
    assert [hit.slug for hit in search(member, HIDDEN_WORD).results] == [group_page.slug]


def test_no_suggestion_leads_to_a_hidden_word(members_page, other_member):
    typo = "zorglubiqe"
    assert_reveals_nothing(search(None, typo))
    assert search(other_member, typo).suggestion == HIDDEN_WORD  # a member may be helped


def test_no_suggestion_of_a_group_word_for_a_non_member(group_page, member, other_member):
    assert search(other_member, "zorglubiqe").suggestion is None
    assert search(member, "zorglubiqe").suggestion == HIDDEN_WORD


def test_counts_and_facets_only_count_visible_pages(
    public_page, members_page, group_page, other_member, member
):
    anonymous = search(None, "partage")
    assert [hit.slug for hit in anonymous.results] == [public_page.slug]
    assert anonymous.total == 1
    assert anonymous.facets == {
        "kind": {"practice": 1},
        "tags": {"benevolat": 1},
        "stage": {},
        "departement": {},
        "sector": {},
    }

    outsider = search(other_member, "partage")
    assert outsider.total == 2
    assert outsider.facets["tags"] == {"benevolat": 2}

    insider = search(member, "partage")
    assert insider.total == 3
    assert insider.facets["tags"] == {"benevolat": 2, "atelier-des-praxis": 1}


def test_filters_do_not_open_hidden_pages(members_page):
    assert_reveals_nothing(search(None, "", tag="benevolat"))
    assert_reveals_nothing(search(None, "", kind="practice"))


def test_related_pages_leave_out_what_the_reader_may_not_see(
    public_page, members_page, other_member
):
    assert [hit.slug for hit in related_pages(other_member, public_page)] == [members_page.slug]
    assert related_pages(None, public_page) == []


def test_a_score_says_nothing_of_the_pages_the_reader_may_not_see(
    make_page, group, member, other_member
):
    """BM25 weighs a word by the pages holding it. Counted over every page, a score would
    tell an outsider whether a page he may not read uses a word: he writes it in a page of
    his own, searches it, and reads the score."""
    make_page("Partage d'expériences", body="Un partage public entre pairs.")
    mine = make_page("Mes notes", body=f"Un mot {HIDDEN_WORD}, un partage.", author=other_member)

    def scores() -> dict:
        return {
            (who, q): [(hit.slug, hit.score) for hit in search(reader, q).results]
            for who, reader in (("anonymous", None), ("outsider", other_member))
            for q in (HIDDEN_WORD, "partage", f"{HIDDEN_WORD} partage")
        }

    before = scores()
    assert before["outsider", HIDDEN_WORD] == [(mine.slug, before["outsider", HIDDEN_WORD][0][1])]
    for number in range(3):
        make_page(
            f"Séance {number}",
            body=f"{HIDDEN_WORD} {HIDDEN_WORD} : un partage de l'atelier.",
            visibility=f"group:{group.slug}",
        )
    assert search(member, HIDDEN_WORD).total == 4  # the group's member finds them
    assert scores() == before


def test_related_pages_say_nothing_of_the_pages_the_reader_may_not_see(
    make_page, group, other_member
):
    page = make_page("Partage d'expériences", body="Un partage public entre pairs, au jardin.")
    make_page("Le jardin partagé", body="Un jardin, des pairs, un partage.", tags=["benevolat"])
    make_page("Entre pairs", body="Des pairs au jardin.")

    def related() -> dict:
        return {
            who: [(hit.slug, hit.score) for hit in related_pages(reader, page)]
            for who, reader in (("anonymous", None), ("outsider", other_member))
        }

    before = related()
    assert before["anonymous"]  # (whoosh finds both, PostgreSQL the one sharing a word)
    for number in range(3):
        make_page(
            f"Partage à l'atelier {number}",
            body="Le partage, le partage encore, entre pairs de l'atelier.",
            visibility=f"group:{group.slug}",
        )
    assert related() == before


def test_a_page_made_private_disappears_from_public_results(app, public_page, member):
    from wiki.extensions import db
    from wiki.pages.editing import PageDraft, save_revision
    from wiki.search.indexer import apply_pending

    assert search(None, "partage").total == 1
    save_revision(
        db.session,
        public_page,
        PageDraft(
            kind="practice",
            title=public_page.title,
            body="Un partage public entre pairs.",
            visibility="members",
        ),
        member,
        base_revision=1,
    )
    db.session.commit()
    apply_pending(app)
    assert_reveals_nothing(search(None, "partage"))


def test_the_json_search_of_an_anonymous_caller_reveals_nothing(client, members_page, group_page):
    body = client.get(f"/api/v1/search?q={HIDDEN_WORD}").get_json()
    assert body["total"] == 0 and body["results"] == []
    assert body["facets"] == {"kind": {}, "tags": {}, "stage": {}, "departement": {}, "sector": {}}
    assert body["suggestion"] is None


def test_the_results_page_of_an_anonymous_visitor_reveals_nothing(client, members_page):
    html = client.get(f"/search?q={HIDDEN_WORD}").get_data(as_text=True)
    assert "Réunion des adhérents" not in html
    assert members_page.slug not in html
    assert "Aucun résultat" in html


# --- authors' names: search follows them ------------------------------------------------------


def found(client, q: str) -> list[str]:
    return [
        hit["slug"] for hit in client.get("/api/v1/search", query_string={"q": q}).json["results"]
    ]


def test_a_deleted_members_name_finds_their_pages_no_more(client, member, make_page, token_for):
    page = make_page("Une maraude partagée", body="Le récit d'une maraude.", author=member)
    assert found(client, "Claire Martin") == [page.slug]

    assert client.delete("/api/v1/me", headers=token_for(member)).status_code == 200

    assert found(client, "Claire Martin") == []
    assert found(client, "Martin") == []
    assert found(client, "maraude") == [page.slug]  # the page stays, « ancien membre »'s


def test_a_renamed_author_is_found_by_the_new_name_only(client, member, make_page, token_for):
    page = make_page("Une maraude partagée", body="Le récit d'une maraude.", author=member)

    renamed = client.put(
        "/api/v1/me/profile", headers=token_for(member), json={"display_name": "Claire Dupuis"}
    )

    assert renamed.status_code == 200
    assert found(client, "Dupuis") == [page.slug]
    assert found(client, "Martin") == []
