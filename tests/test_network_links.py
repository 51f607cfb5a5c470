"""Links both ways between people and pages: a profile's pages, a page's authors, an
innovation sheet's contact, « membres qui connaissent ce sujet »."""

from __future__ import annotations

from helpers import sign_in, text_of
from network_helpers import in_directory, set_profile

from wiki.extensions import db
from wiki.pages.editing import PageDraft, save_revision


def _improve(page, user, body="Un ajout."):
    save_revision(
        db.session,
        page,
        PageDraft(
            kind=page.kind,
            title=page.title,
            body=body,
            tags=[t.slug for t in page.tags],
            visibility=page.visibility,
        ),
        user,
        page.version,
    )
    db.session.commit()


# --- a profile lists the pages its member wrote or improved --------------------------------


def test_a_profile_lists_the_pages_its_member_wrote_or_improved(
    client, member, other_member, make_page
):
    in_directory(member)
    make_page("Une permanence sans rendez-vous", author=member)
    theirs = make_page("Le café des aidants", author=other_member)
    _improve(theirs, member)
    make_page("Une page d'un autre", author=other_member)
    page = text_of(client.get(f"/people/{member.handle}"))
    assert "Une permanence sans rendez-vous" in page and "écrite" in page
    assert "Le café des aidants" in page and "améliorée" in page
    assert "Une page d&#39;un autre" not in page


def test_a_profile_lists_only_the_pages_the_viewer_may_see(
    client, member, other_member, make_page, group, token_for
):
    in_directory(member)
    make_page("Récit public", author=member)
    make_page("Récit pour les membres", author=member, visibility="members")
    make_page("Récit du groupe", author=member, visibility=f"group:{group.slug}")
    anonymous = client.get(f"/api/v1/people/{member.handle}").get_json()
    assert [p["title"] for p in anonymous["pages"]] == ["Récit public"]
    assert anonymous["pages_total"] == 1
    signed_in = client.get(
        f"/api/v1/people/{member.handle}", headers=token_for(other_member)
    ).get_json()
    assert {p["title"] for p in signed_in["pages"]} == {"Récit public", "Récit pour les membres"}
    page = text_of(client.get(f"/people/{member.handle}"))
    assert "Récit pour les membres" not in page and "Récit du groupe" not in page
    sign_in(client, other_member)
    assert "Récit du groupe" not in text_of(client.get(f"/people/{member.handle}"))


def test_the_api_names_the_role_in_each_page(client, member, other_member, make_page):
    in_directory(member)
    mine = make_page("Mon récit", author=member)
    theirs = make_page("Leur récit", author=other_member)
    _improve(theirs, member)
    pages = client.get(f"/api/v1/people/{member.handle}").get_json()["pages"]
    roles = {p["slug"]: p["role"] for p in pages}
    assert roles == {mine.slug: "author", theirs.slug: "contributor"}
    assert pages[0]["url"].endswith(f"/pages/{pages[0]['slug']}")


# --- a page links its authors to their profiles ---------------------------------------------


def test_a_page_links_its_authors_to_their_profiles(client, member, other_member, make_page):
    in_directory(member)
    set_profile(other_member, profession="x")  # not in the directory
    page = make_page("Un récit à deux", author=member)
    _improve(page, other_member)
    html = text_of(client.get(f"/pages/{page.slug}"))
    assert f'<a class="person-link" href="/people/{member.handle}">Claire Martin</a>' in html
    assert "Karim Benali" in html
    assert f"/people/{other_member.handle}" not in html


def test_the_history_links_authors_the_same_way(client, member, make_page):
    in_directory(member)
    page = make_page("Un récit", author=member)
    html = text_of(client.get(f"/pages/{page.slug}/history"))
    assert f"/people/{member.handle}" in html


# --- an innovation sheet's contact can be a member --------------------------------------------


def test_an_innovation_contact_names_a_member_with_their_handle(
    client, member, other_member, make_page
):
    in_directory(member)
    sheet = make_page(
        "Un café des aidants",
        kind="innovation",
        fields={"contact": f"@{member.handle}, par la messagerie du wiki"},
    )
    html = text_of(client.get(f"/pages/{sheet.slug}"))
    assert (
        f'<a class="person-link" href="/people/{member.handle}">Claire Martin</a>, '
        "par la messagerie du wiki"
    ) in html


def test_a_contact_out_of_the_directory_shows_their_name_alone(
    client, member, other_member, make_page
):
    sheet = make_page(
        "Un café des aidants",
        kind="innovation",
        fields={"contact": f"Écrire à @{other_member.handle} ou @inconnu-total"},
    )
    html = text_of(client.get(f"/pages/{sheet.slug}"))
    assert "Écrire à Karim Benali ou @inconnu-total" in html
    assert f"/people/{other_member.handle}" not in html


def test_a_contact_keeps_its_text_escaped(client, member, make_page):
    in_directory(member)
    sheet = make_page(
        "Une fiche", kind="innovation", fields={"contact": f"<b>@{member.handle}</b> & co"}
    )
    html = text_of(client.get(f"/pages/{sheet.slug}"))
    assert '&lt;b&gt;<a class="person-link"' in html
    assert "<b>" not in html.split('class="sheet-section field-contact"')[1][:300]


def test_the_contact_field_says_how_to_name_a_member(client, member, login):
    login(member)
    html = text_of(client.get("/pages/new?kind=innovation"))
    assert "écrivez @ suivi de son identifiant" in html


# --- « membres qui connaissent ce sujet » ------------------------------------------------------


def test_a_tag_page_shows_the_members_who_know_the_subject(client, member, other_member):
    in_directory(member, expertise_tags=["aller-vers"])
    in_directory(other_member, expertise_tags=["isolement"])
    html = text_of(client.get("/tags/aller-vers"))
    assert "Membres qui connaissent ce sujet" in html
    assert "Claire Martin" in html and "Karim Benali" not in html


def test_a_page_shows_the_members_who_know_its_subjects(
    client, member, other_member, make_user, make_page
):
    in_directory(member, expertise_tags=["aller-vers"])
    in_directory(other_member, expertise_tags=["isolement", "non-demande"])
    make_user("lea@example.org", "Léa Roux")
    page = make_page("Aller vers les isolés", author=member, tags=["isolement", "non-demande"])
    html = text_of(client.get(f"/pages/{page.slug}"))
    section = html.split("Membres qui connaissent ce sujet")[1]
    assert "Karim Benali" in section
    assert "Claire Martin" not in section and "Léa Roux" not in section


def test_members_who_know_respect_the_expertise_visibility(client, member, other_member):
    in_directory(member, expertise_tags=["aller-vers"], visibility={"expertise": "members"})
    assert "Claire Martin" not in text_of(client.get("/tags/aller-vers"))
    sign_in(client, other_member)
    assert "Claire Martin" in text_of(client.get("/tags/aller-vers"))


def test_members_who_know_leave_out_those_outside_the_directory(client, member):
    set_profile(member, expertise_tags=["aller-vers"], visibility={"expertise": "public"})
    assert "Claire Martin" not in text_of(client.get("/tags/aller-vers"))


def test_a_profiles_page_list_does_not_query_once_per_page(client, member, make_page):
    from sqlalchemy import event

    in_directory(member)
    make_page("Premier récit", author=member, tags=["aller-vers"])

    def statements() -> int:
        count = 0

        def counted(*_args):
            nonlocal count
            count += 1

        event.listen(db.engine, "before_cursor_execute", counted)
        try:
            client.get(f"/people/{member.handle}")
        finally:
            event.remove(db.engine, "before_cursor_execute", counted)
        return count

    few = statements()
    for n in range(6):
        make_page(f"Récit numéro {n}", author=member, tags=["isolement"])
    assert statements() == few


def test_a_presentation_links_to_a_hidden_page_as_to_a_missing_one(
    client, member, make_page, group
):
    hidden = make_page("Récit du groupe", author=member, visibility=f"group:{group.slug}")
    public = make_page("Récit public", author=member)
    in_directory(
        member,
        presentation=f"Voir [[{hidden.slug}]] et [[{public.slug}]].",
        visibility={"presentation": "public"},
    )
    html = text_of(client.get(f"/people/{member.handle}"))
    assert f'href="/pages/{public.slug}"' in html
    assert f'href="/pages/{hidden.slug}"' not in html
    sign_in(client, member)
    assert f'href="/pages/{hidden.slug}"' in text_of(client.get(f"/people/{member.handle}"))


def test_a_profile_offers_to_write_to_and_to_follow_its_member(client, login, member, other_member):
    from tests.contact_helpers import give_profile

    give_profile(other_member)
    login(member)
    html = client.get(f"/people/{other_member.handle}").get_data(as_text=True)
    assert f"/messages/new?to={other_member.handle}" in html
    assert "Suivre ce membre" in html

    client.post(
        "/follows",
        data={
            "kind": "member",
            "target": other_member.handle,
            "next": f"/people/{other_member.handle}",
        },
    )
    assert "Ne plus suivre ce membre" in client.get(f"/people/{other_member.handle}").get_data(
        as_text=True
    )


def test_ones_own_profile_offers_neither(client, login, member):
    from tests.contact_helpers import give_profile

    give_profile(member)
    login(member)
    html = client.get(f"/people/{member.handle}").get_data(as_text=True)
    assert "/messages/new" not in html and "Suivre ce membre" not in html
