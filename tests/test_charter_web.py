"""The charter in the writing flow through the web, as a writer would: « Publier » shows the
review page until each passage is fixed, replaced or justified; « Enregistrer le brouillon »
saves anyway; a follow-up and a revert are checked too; « Prévisualiser » writes nothing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.helpers import sign_in, text_of
from wiki.content.charter import check_charter
from wiki.extensions import db
from wiki.models import CharterJustification, FollowUp, Page, Revision
from wiki.pages.editing import PageDraft, save_revision

ACCOUNT = "Madame Dupont, schizophrène, habite au 12 rue des Lilas (06 12 34 56 78)."


def practice(**overrides) -> dict:
    data = {
        "title": "Une visite au domicile",
        "body": ACCOUNT,
        "territory": "Tours",
        "visibility": "public",
    }
    data.update(overrides)
    return data


def page_count() -> int:
    return db.session.scalar(select(func.count(Page.id)))


def hidden_inputs(html: str) -> list[tuple[str, str]]:
    """The (name, value) of every hidden input of the review form, as a browser posts it."""
    import html as html_module

    return [
        (html_module.unescape(name), html_module.unescape(value))
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html)
    ]


def passages(html: str) -> dict[str, int]:
    import html as html_module

    return {
        html_module.unescape(value): int(index)
        for index, value in re.findall(r'name="passage-(\d+)" value="([^"]*)"', html)
    }


def answer(
    client, url: str, review_html: str, answers: dict[str, tuple[str, str]], action: str = "review"
):
    """Post the review form: for each passage, ("replace", text) or ("justify", reason)."""
    data: dict[str, list[str]] = {}
    for name, value in hidden_inputs(review_html):
        data.setdefault(name, []).append(value)
    found = passages(review_html)
    for passage, (choice, value) in answers.items():
        index = found[passage]
        data[f"{'replacement' if choice == 'replace' else 'reason'}-{index}"] = [value]
    data["action"] = [action]
    return client.post(url, data=data)


@pytest.fixture
def writer(client, member):
    sign_in(client, member)
    return member


def test_publishing_an_account_with_findings_shows_the_review_and_publishes_nothing(client, writer):
    response = client.post("/pages/new?kind=practice", data=practice())
    html = text_of(response)
    assert response.status_code == 200
    assert page_count() == 0
    assert "<mark" in html and "Madame Dupont</mark>" in html
    assert "schizophrène</mark>" in html and "06 12 34 56 78</mark>" in html
    assert "nosographie" in html  # the kind explained in plain French
    assert set(passages(html)) >= {"Madame Dupont", "schizophrène", "06 12 34 56 78"}
    assert "Madame D." in html  # initials suggested for a name


def test_each_finding_fixed_replaced_or_justified_then_published(client, writer):
    url = "/pages/new?kind=practice"
    review = text_of(client.post(url, data=practice()))
    address = next(p for p in passages(review) if "rue des Lilas" in p)
    # A name replaced, the rest left unanswered: the review again, nothing published.
    again = answer(client, url, review, {"Madame Dupont": ("replace", "Madame D.")})
    again_html = text_of(again)
    assert page_count() == 0
    assert "Madame Dupont" not in again_html and "passages attendent encore" in again_html
    # The diagnosis justified, the address and the phone replaced: published.
    done = answer(
        client,
        url,
        again_html,
        {
            "schizophrène": ("justify", "Le mot du psychiatre, que nous discutons."),
            address: ("replace", "quartier nord"),
            "06 12 34 56 78": ("replace", "(numéro retiré)"),
        },
    )
    assert done.status_code == 302, text_of(done)[:2000]
    page = db.session.scalar(select(Page))
    assert page.status == "published"
    assert page.current.body == (
        "Madame D., schizophrène, habite au quartier nord ((numéro retiré))."
    )
    justification = db.session.scalar(select(CharterJustification))
    assert (justification.text, justification.revision_id) == ("schizophrène", page.current.id)


def test_a_replacement_is_made_in_every_occurrence_and_every_field(client, writer):
    url = "/pages/new?kind=practice"
    review = text_of(
        client.post(
            url,
            data=practice(
                body="Madame Dupont vient. Plus tard, Madame Dupont repart.",
                setting="chez Madame Dupont",
            ),
        )
    )
    done = answer(client, url, review, {"Madame Dupont": ("replace", "Madame D.")})
    assert done.status_code == 302
    current = db.session.scalar(select(Page)).current
    assert current.body == "Madame D. vient. Plus tard, Madame D. repart."
    assert current.fields["setting"] == "chez Madame D."


def test_fix_goes_back_to_the_form_with_the_text_kept(client, writer):
    url = "/pages/new?kind=practice"
    review = text_of(client.post(url, data=practice()))
    back = answer(client, url, review, {}, action="fix")
    html = text_of(back)
    assert back.status_code == 200 and 'name="body"' in html
    assert "Madame Dupont, schizophrène" in html
    assert page_count() == 0
    fixed = client.post(url, data=practice(body="Madame D. habite le quartier."))
    assert fixed.status_code == 302


def test_a_draft_saves_anyway_and_only_its_author_sees_it(client, writer, other_member):
    response = client.post("/pages/new?kind=practice", data={**practice(), "action": "draft"})
    assert response.status_code == 302
    page = db.session.scalar(select(Page))
    assert page.status == "draft" and page.current.body == ACCOUNT
    assert client.get(f"/pages/{page.slug}").status_code == 200
    assert "Mes brouillons" in text_of(client.get("/account"))
    assert page.title in text_of(client.get("/drafts"))
    sign_in(client, other_member)
    assert client.get(f"/pages/{page.slug}").status_code == 404
    assert page.title not in text_of(client.get("/drafts"))


def test_publishing_a_draft_runs_the_check(client, writer):
    client.post("/pages/new?kind=practice", data={**practice(), "action": "draft"})
    page = db.session.scalar(select(Page))
    form = text_of(client.get(f"/pages/{page.slug}/edit"))
    assert "Enregistrer le brouillon" in form
    response = client.post(f"/pages/{page.slug}/edit", data={**practice(), "base_revision": "1"})
    assert "<mark" in text_of(response)
    db.session.expire_all()
    assert db.session.get(Page, page.id).status == "draft"
    response = client.post(
        f"/pages/{page.slug}/edit",
        data={**practice(body="Une dame du quartier."), "base_revision": "1"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Page, page.id).status == "published"


def test_an_edit_is_checked_before_it_is_saved(client, writer, make_page):
    page = make_page("Accueil de jour", body="Un accueil sans condition.")
    response = client.post(
        f"/pages/{page.slug}/edit",
        data={
            "title": page.title,
            "body": "Avec M. Martin, bipolaire.",
            "base_revision": "1",
            "visibility": "public",
        },
    )
    assert "Martin</mark>" in text_of(response)
    db.session.expire_all()
    assert db.session.get(Page, page.id).version == 1


def test_the_summary_and_the_title_are_checked(client, writer):
    response = client.post(
        "/pages/new?kind=practice",
        data=practice(
            title="Chez Madame Dupont", body="Une visite.", summary="appel au 06 12 34 56 78"
        ),
    )
    html = text_of(response)
    assert "Madame Dupont</mark>" in html and "06 12 34 56 78</mark>" in html
    assert page_count() == 0


def test_preview_renders_the_page_and_the_findings_and_writes_nothing(client, writer):
    response = client.post(
        "/pages/new?kind=practice",
        data={**practice(body="## Le récit\n\nMadame Dupont, **bipolaire**."), "action": "preview"},
    )
    html = text_of(response)
    assert response.status_code == 200 and page_count() == 0
    assert re.search(r"<h2[^>]*>Le récit</h2>", html) and "<strong>bipolaire</strong>" in html
    assert "Dupont</mark>" in html and "Tours" in html
    assert 'name="body"' in html  # the form again, below


def test_a_follow_up_is_checked(client, writer, make_page):
    sheet = make_page(
        "Module aller vers",
        kind="innovation",
        fields={"context": "Des habitants isolés.", "objectives": "Aller vers."},
    )
    url = f"/pages/{sheet.slug}/follow-ups"
    response = client.post(
        url,
        data={
            "observed_on": "2024-03-12",
            "area": "people",
            "text": "M. Martin, dépressif, va mieux.",
        },
    )
    review = text_of(response)
    assert "Martin</mark>" in review
    assert db.session.scalar(select(func.count(FollowUp.id))) == 0
    done = answer(
        client,
        url,
        review,
        {
            next(p for p in passages(review) if "Martin" in p): ("replace", "M. M."),
            **{p: ("justify", "Ses propres mots.") for p in passages(review) if "Martin" not in p},
        },
    )
    assert done.status_code == 302, text_of(done)[:1500]
    assert db.session.scalar(select(FollowUp.text)).startswith("M. M.")


def test_a_revert_asks_first_and_is_checked(client, writer, make_page, member):
    page = make_page("Accueil de jour", body="Avec Madame Dupont, un accueil.")
    save_revision(
        db.session,
        page,
        PageDraft(kind="practice", title=page.title, body="Avec Madame D., un accueil."),
        member,
        base_revision=1,
    )
    db.session.commit()
    confirm = client.get(f"/pages/{page.slug}/revert/1")
    html = text_of(confirm)
    assert confirm.status_code == 200 and "Oui, rétablir cette version" in html
    assert "Dupont" in html  # what comes back, shown
    db.session.expire_all()
    assert db.session.get(Page, page.id).version == 2  # asking wrote nothing
    review = client.post(f"/pages/{page.slug}/revert/1", data={"base_revision": "2"})
    review_html = text_of(review)
    assert "Madame Dupont</mark>" in review_html
    db.session.expire_all()
    assert db.session.get(Page, page.id).version == 2
    done = answer(
        client,
        f"/pages/{page.slug}/edit",
        review_html,
        {"Madame Dupont": ("justify", "Elle a demandé à être nommée.")},
    )
    assert done.status_code == 302, text_of(done)[:1500]
    db.session.expire_all()
    assert db.session.get(Page, page.id).current.body == "Avec Madame Dupont, un accueil."


def test_a_clean_revert_is_published_at_once(client, writer, make_page, member):
    page = make_page("Accueil de jour", body="Un accueil.")
    save_revision(
        db.session,
        page,
        PageDraft(kind="practice", title=page.title, body="Un autre accueil."),
        member,
        base_revision=1,
    )
    db.session.commit()
    response = client.post(f"/pages/{page.slug}/revert/1", data={"base_revision": "2"})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Revision.id))) == 3


def test_moderators_read_the_justifications_in_the_history(client, writer, moderator, other_member):
    url = "/pages/new?kind=practice"
    review = text_of(client.post(url, data=practice(body="Elle se dit bipolaire.")))
    answer(client, url, review, {"bipolaire": ("justify", "Ses mots, cités.")})
    page = db.session.scalar(select(Page))
    sign_in(client, moderator)
    assert "Ses mots, cités." in text_of(client.get(f"/pages/{page.slug}/history"))
    assert "Ses mots, cités." in text_of(client.get(f"/pages/{page.slug}/revisions/1"))
    sign_in(client, other_member)
    assert "Ses mots, cités." not in text_of(client.get(f"/pages/{page.slug}/history"))


def test_recent_justifications_for_the_moderation_queue(client, writer):
    from wiki.pages.charter_review import recent_justifications

    url = "/pages/new?kind=practice"
    review = text_of(client.post(url, data=practice(body="Elle se dit bipolaire.")))
    answer(client, url, review, {"bipolaire": ("justify", "Ses mots, cités.")})
    (latest,) = recent_justifications(db.session, 10)
    assert (latest.reason, latest.page.title, latest.author.email) == (
        "Ses mots, cités.",
        "Une visite au domicile",
        writer.email,
    )


def test_the_moderators_page_of_justifications_lists_what_they_may_read(
    client, writer, moderator, other_member, group
):
    url = "/pages/new?kind=practice"
    review = text_of(client.post(url, data=practice(body="Elle se dit bipolaire.")))
    answer(client, url, review, {"bipolaire": ("justify", "Ses mots, cités.")})
    review = text_of(
        client.post(
            url,
            data=practice(
                title="Séance de l'atelier",
                body="Il se dit schizophrène.",
                visibility=f"group:{group.slug}",
            ),
        )
    )
    answer(client, url, review, {"schizophrène": ("justify", "Entre nous, ses mots.")})
    sign_in(client, moderator)  # not in the workshop: its page is not theirs to read
    listing = client.get("/moderation/justifications")
    assert listing.status_code == 200
    html = text_of(listing)
    assert "Ses mots, cités." in html and "« bipolaire »" in html
    assert "Entre nous, ses mots." not in html and "Séance de l'atelier" not in html
    assert 'href="/moderation/justifications"' in text_of(client.get("/moderation"))
    sign_in(client, other_member)
    assert client.get("/moderation/justifications").status_code == 403


def test_a_new_practice_defaults_to_approved_members_and_a_group_page_to_its_group(
    client, writer, group
):
    form = text_of(client.get("/pages/new?kind=practice"))
    assert re.search(r'<option selected value="members">Adhérents validés', form)
    from_group = text_of(client.get(f"/pages/new?kind=practice&group={group.slug}"))
    assert re.search(rf'<option selected value="group:{group.slug}">', from_group)
    foreign = text_of(client.get("/pages/new?kind=practice&group=secret-group"))
    assert re.search(r'<option selected value="members">', foreign)


def test_a_sheets_contact_may_hold_an_address_and_a_phone(client, writer):
    response = client.post(
        "/pages/new?kind=innovation",
        data={
            "title": "Module aller vers",
            "context": "Des habitants isolés.",
            "objectives": "Aller vers eux.",
            "visibility": "public",
            "contact": "Mme Durand, formation@example.org, 02 38 12 34 56",
        },
    )
    assert response.status_code == 302
    review = text_of(
        client.post(
            "/pages/new?kind=innovation",
            data={
                "title": "Module deux",
                "context": "Des habitants isolés.",
                "objectives": "Aller vers eux.",
                "visibility": "public",
                "contact": "Mme Durand, qui est bipolaire",
            },
        )
    )
    assert "bipolaire</mark>" in review and "Durand</mark>" not in review


def test_a_text_too_long_for_the_check_is_refused_kept_and_saved_as_a_draft(client, writer):
    from wiki.content.charter_names import MAX_MODEL_TOKENS

    body = "Un mot " * (MAX_MODEL_TOKENS // 2 + 1)
    for action in ("publish", "preview"):
        response = client.post(
            "/pages/new?kind=practice", data={**practice(body=body), "action": action}
        )
        html = text_of(response)
        assert response.status_code == 400 and page_count() == 0, action
        assert "trop long pour la vérification de la charte" in html
        assert "Découpez-le en plusieurs pages" in html and html.count("Un mot") > 1000
    response = client.post(
        "/pages/new?kind=practice", data={**practice(body=body), "action": "draft"}
    )
    assert response.status_code == 302 and page_count() == 1


def test_a_pseudonym_typed_on_the_review_is_kept_as_a_name_and_nothing_else(client, writer):
    url = "/pages/new?kind=practice"
    body = "Hier, Martine Lefèvre est venue. Martine Lefèvre est repartie."
    assert [f.text for f in check_charter("Hier, Jeanne est venue.")] == ["Jeanne"]  # a name
    review = text_of(client.post(url, data=practice(body=body)))
    done = answer(client, url, review, {"Martine Lefèvre": ("replace", "Jeanne")})
    assert done.status_code == 302, text_of(done)[:2000]
    page = db.session.scalar(select(Page))
    assert page.current.body == "Hier, Jeanne est venue. Jeanne est repartie."
    kept = db.session.scalar(select(CharterJustification))
    assert (kept.kind, kept.text, kept.reason) == (
        "person_name",
        "Jeanne",
        "Pseudonyme ou initiales choisis à la relecture.",
    )


def test_a_label_or_a_phone_typed_as_a_pseudonym_is_still_found(client, writer):
    url = "/pages/new?kind=practice"
    review = text_of(client.post(url, data=practice(body="Hier, Martine Lefèvre est venue.")))
    again = answer(client, url, review, {"Martine Lefèvre": ("replace", "la schizophrène")})
    assert again.status_code == 200 and page_count() == 0
    assert list(passages(text_of(again))) == ["schizophrène"]


def test_a_justification_restricted_to_names_does_not_cover_a_diagnosis(client, writer):
    # As if the review page had carried « schizophrène » as a pseudonym: a forged form.
    response = client.post(
        "/pages/new?kind=practice",
        data={
            **practice(body="Elle est schizophrène."),
            "justified_text": "schizophrène",
            "justified_reason": "Pseudonyme ou initiales choisis à la relecture.",
            "justified_kind": "person_name",
        },
    )
    assert response.status_code == 200 and page_count() == 0
    assert list(passages(text_of(response))) == ["schizophrène"]


def test_a_revert_keeps_what_the_old_version_justified(client, writer, make_page, member):
    url = "/pages/new?kind=practice"
    review = text_of(client.post(url, data=practice(body="Elle se dit bipolaire.")))
    reason = "Son propre mot, qu'elle revendique."
    assert answer(client, url, review, {"bipolaire": ("justify", reason)}).status_code == 302
    page = db.session.scalar(select(Page))
    save_revision(
        db.session,
        page,
        PageDraft(kind="practice", title=page.title, body="Elle parle de ses humeurs."),
        member,
        base_revision=1,
    )
    db.session.commit()
    done = client.post(f"/pages/{page.slug}/revert/1", data={"base_revision": "2"})
    assert done.status_code == 302, text_of(done)[:1500]  # no review: it was justified
    db.session.expire_all()
    current = db.session.get(Page, page.id).current
    assert (current.number, current.body) == (3, "Elle se dit bipolaire.")
    kept = db.session.scalar(
        select(CharterJustification).where(CharterJustification.revision_id == current.id)
    )
    assert (kept.text, kept.reason, kept.author_id) == ("bipolaire", reason, writer.id)
