"""The moderation area through the web: a report reaches the queue, a moderator hides the
item, others see it masked, the audit log keeps each act with its reason."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from tests.contact_helpers import give_profile
from tests.helpers import sign_in, sign_out, text_of
from wiki.extensions import db
from wiki.models import AuditEntry, Message, Report, ReportStatus, User
from wiki.search.indexer import apply_pending

MASKED = "masqué par la modération"


def audit(action: str) -> list[AuditEntry]:
    db.session.commit()
    return list(
        db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
    )


def report_on_web(client, target: str, reason: str, next_url: str = "/"):
    return client.post(
        "/report",
        query_string={"target": target, "next": next_url},
        data={"target": target, "reason": reason},
    )


def hide_on_web(client, target: str, reason: str):
    return client.post(
        "/moderation/hide", data={"target": target, "reason": reason, "next": "/moderation"}
    )


@pytest.fixture
def reported_page(client, make_page, other_member):
    """Karim reports Claire's page through its « Signaler » link."""
    page = make_page(
        "Maraude rue Colbert",
        body="Madame Josiane Durand, 12 rue Colbert, nous a reçus.",
        tags=["aller-vers"],
    )
    sign_in(client, other_member)
    shown = text_of(client.get(f"/pages/{page.slug}"))
    link = re.search(r'href="(/report\?target=page[^"]+)"', shown).group(1).replace("&amp;", "&")
    form = client.get(link)
    assert form.status_code == 200 and "Maraude rue Colbert" in text_of(form)
    sent = client.post(
        link, data={"target": f"page:{page.slug}", "reason": "Une adresse et un nom complet"}
    )
    assert sent.status_code == 303 and sent.headers["Location"] == f"/pages/{page.slug}"
    sign_out(client)
    return page


def test_a_reported_page_is_hidden_then_restored_with_the_audit_log(
    app, client, member, other_member, moderator, reported_page
):
    slug = reported_page.slug
    sign_in(client, moderator)
    queue = text_of(client.get("/moderation"))
    assert "Maraude rue Colbert" in queue and "Une adresse et un nom complet" in queue
    assert "Karim Benali" in queue and "12 rue Colbert" in queue  # reporter, excerpt

    hidden = hide_on_web(client, f"page:{slug}", "Personne identifiable")
    apply_pending(app)
    assert hidden.status_code == 303
    assert "Aucun signalement en attente" in text_of(client.get("/moderation"))
    [entry] = audit("moderation.hide")
    assert (entry.target, entry.reason, entry.actor_id) == (
        f"page:{slug}",
        "Personne identifiable",
        moderator.id,
    )
    assert db.session.scalar(select(Report)).status == ReportStatus.RESOLVED
    assert "Personne identifiable" in text_of(client.get("/moderation/audit"))
    assert "Maraude rue Colbert" in text_of(client.get(f"/pages/{slug}"))  # moderators read it

    sign_out(client)
    sign_in(client, other_member)
    seen = client.get(f"/pages/{slug}")
    assert seen.status_code == 200 and MASKED in text_of(seen).lower()
    assert "Colbert" not in text_of(seen)
    assert client.get(f"/pages/{slug}/history").status_code == 404
    assert client.get(f"/api/v1/pages/{slug}").status_code == 404
    assert slug not in text_of(client.get("/practices"))
    assert slug not in text_of(client.get("/recent"))
    assert slug not in text_of(client.get("/feeds/recent.atom"))
    assert client.get("/api/v1/search?q=colbert").json["total"] == 0
    sign_out(client)
    assert MASKED in text_of(client.get(f"/pages/{slug}")).lower()  # anonymous too

    sign_in(client, member)  # the author still reads it, marked
    own = text_of(client.get(f"/pages/{slug}"))
    assert "12 rue Colbert" in own and "Masquée par la modération" in own
    assert slug in text_of(client.get("/recent")) and slug in text_of(client.get("/practices"))
    sign_out(client)

    sign_in(client, moderator)
    restored = client.post(
        "/moderation/restore",
        data={
            "target": f"page:{slug}",
            "reason": "Nom retiré par l'autrice",
            "next": "/moderation/audit",
        },
    )
    apply_pending(app)
    assert restored.status_code == 303
    [entry] = audit("moderation.restore")
    assert entry.reason == "Nom retiré par l'autrice"
    sign_out(client)
    sign_in(client, other_member)
    assert "12 rue Colbert" in text_of(client.get(f"/pages/{slug}"))
    assert client.get("/api/v1/search?q=colbert").json["total"] == 1
    verify = CliRunner().invoke(app.cli, ["index", "verify"])
    assert verify.exit_code == 0, verify.output


def test_hiding_needs_a_reason_and_keeps_the_index_clean(app, client, moderator, reported_page):
    sign_in(client, moderator)
    refused = hide_on_web(client, f"page:{reported_page.slug}", "  ")
    assert refused.status_code == 303 and audit("moderation.hide") == []
    hide_on_web(client, f"page:{reported_page.slug}", "Charte")
    apply_pending(app)
    verify = CliRunner().invoke(app.cli, ["index", "verify"])
    assert verify.exit_code == 0, verify.output
    again = hide_on_web(client, f"page:{reported_page.slug}", "Charte")
    assert again.status_code == 303 and len(audit("moderation.hide")) == 1


def test_a_report_can_be_dismissed(client, moderator, reported_page):
    report = db.session.scalar(select(Report))
    sign_in(client, moderator)
    answer = client.post(
        f"/moderation/reports/{report.id}/dismiss",
        data={"reason": "Adresse d'une structure publique", "next": "/moderation"},
    )
    assert answer.status_code == 303
    db.session.expire_all()
    assert db.session.get(Report, report.id).status == ReportStatus.DISMISSED
    [entry] = audit("report.dismiss")
    assert entry.reason == "Adresse d'une structure publique"
    assert "Aucun signalement en attente" in text_of(client.get("/moderation"))
    assert (
        client.post(
            f"/moderation/reports/{report.id}/dismiss", data={"reason": "encore"}
        ).status_code
        == 404
    )


def test_the_moderation_is_for_moderators(client, member, moderator, reported_page):
    anonymous = client.get("/moderation")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    sign_in(client, member)
    for url in ("/moderation", "/moderation/audit", "/moderation/people"):
        assert client.get(url).status_code == 403, url
    assert hide_on_web(client, f"page:{reported_page.slug}", "x").status_code == 403
    assert "/moderation" not in text_of(client.get("/"))
    sign_out(client)
    sign_in(client, moderator)
    assert 'href="/moderation"' in text_of(client.get("/"))
    assert client.get("/moderation/people").status_code == 403  # roles: admins


def test_reporting_on_the_web_checks_what_the_reporter_sees(client, other_member, make_page, group):
    make_page("Page du groupe", visibility=f"group:{group.slug}")
    sign_in(client, other_member)
    hidden = client.get("/report", query_string={"target": "page:page-du-groupe"})
    missing = client.get("/report", query_string={"target": "page:nulle-part"})
    assert hidden.status_code == missing.status_code == 404
    assert client.get("/report", query_string={"target": "planete:mars"}).status_code == 400
    make_page("Récit public")
    empty = report_on_web(client, "page:recit-public", "")
    assert empty.status_code == 400 and "quelques mots" in text_of(empty)
    assert db.session.scalar(select(Report)) is None
    sign_out(client)
    assert client.get("/report?target=page:recit-public").status_code == 302


def test_a_report_notifies_the_moderators_alone(
    app, client, token_for, moderator, member, reported_page
):
    from wiki.aftercommit import after_commit

    after_commit(app).run_marked()
    told = client.get("/api/v1/notifications", headers=token_for(moderator)).json
    assert [(n["kind"], n["url"].endswith("/moderation")) for n in told["results"]] == [
        ("report.filed", True)
    ]
    author = client.get("/api/v1/notifications", headers=token_for(member)).json
    assert "report.filed" not in {n["kind"] for n in author["results"]}


def test_a_hidden_profile_is_masked_and_leaves_the_directory(
    client, member, other_member, moderator
):
    give_profile(member)
    sign_in(client, other_member)
    shown = text_of(client.get(f"/people/{member.handle}"))
    assert f"target=profile:{member.handle}" in shown.replace("%3A", ":")
    assert report_on_web(client, f"profile:{member.handle}", "Publicité").status_code == 303
    sign_out(client)
    sign_in(client, moderator)
    assert "Publicité" in text_of(client.get("/moderation"))
    hide_on_web(client, f"profile:{member.handle}", "Publicité commerciale")
    sign_out(client)

    sign_in(client, other_member)
    masked = client.get(f"/people/{member.handle}")
    assert masked.status_code == 200 and MASKED in text_of(masked).lower()
    assert member.handle not in text_of(client.get("/people"))
    sign_out(client)
    sign_in(client, member)
    assert "Masqué par la modération" in text_of(client.get(f"/people/{member.handle}"))
    sign_out(client)
    sign_in(client, moderator)
    assert "Rétablir le profil" in text_of(client.get(f"/people/{member.handle}"))
    client.post(
        "/moderation/restore",
        data={"target": f"profile:{member.handle}", "reason": "Publicité retirée"},
    )
    assert [e.reason for e in audit("moderation.restore")] == ["Publicité retirée"]
    sign_out(client)
    sign_in(client, other_member)
    assert member.handle in text_of(client.get("/people"))


def test_a_hidden_message_is_masked_for_the_other_participant(
    client, token_for, member, other_member, moderator
):
    give_profile(other_member)
    started = client.post(
        "/api/v1/conversations",
        headers=token_for(member),
        json={"to": other_member.handle, "subject": "Bonjour", "body": "Des propos déplacés"},
    ).json
    message = db.session.get(Message, started["messages"][0]["id"])
    karim = token_for(other_member)
    client.post(
        "/api/v1/reports",
        headers=karim,
        json={"target": f"message:{message.id}", "reason": "Insultant"},
    )
    sign_in(client, moderator)
    assert "Des propos déplacés" in text_of(client.get("/moderation"))
    hide_on_web(client, f"message:{message.id}", "Insultes")
    sign_out(client)

    sign_in(client, other_member)
    seen = text_of(client.get(f"/messages/{started['id']}"))
    assert "Des propos déplacés" not in seen and MASKED in seen.lower()
    api = client.get(f"/api/v1/conversations/{started['id']}", headers=karim).json
    assert "déplacés" not in str(api)
    sign_out(client)
    sign_in(client, member)
    own = text_of(client.get(f"/messages/{started['id']}"))
    assert "Des propos déplacés" in own and "Masqué par la modération" in own


def test_the_audit_log_is_filtered_by_kind_and_paginated(app, client, moderator):
    from wiki.moderation.audit import record_audit

    for number in range(55):
        record_audit(db.session, moderator, "tag.rename", f"tag:t{number}", reason=f"r{number}")
    record_audit(db.session, moderator, "user.role", "user:karim", reason="nommé")
    db.session.commit()
    sign_in(client, moderator)
    first = text_of(client.get("/moderation/audit?kind=tag"))
    assert "tag:t54" in first and "user:karim" not in first and "Page 1 sur 2" in first
    second = text_of(client.get("/moderation/audit?kind=tag&page=2"))
    assert "tag:t0<" in second and "tag:t54" not in second
    assert "user:karim" in text_of(client.get("/moderation/audit?kind=user"))
    assert "tag:t1" not in text_of(client.get("/moderation/audit?kind=nothing"))


def test_admins_change_roles_from_the_web(client, admin, member, moderator):
    sign_in(client, admin)
    listing = text_of(client.get("/moderation/people"))
    assert member.display_name in listing
    changed = client.post(
        f"/moderation/people/{member.handle}/role",
        data={"role": "moderator", "next": "/moderation/people"},
    )
    assert changed.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, member.id).role == "moderator"
    [entry] = audit("user.role")
    assert (entry.target, entry.details) == (
        f"user:{member.handle}",
        {"before": "member", "after": "moderator"},
    )
    assert (
        client.post(
            f"/moderation/people/{member.handle}/role", data={"role": "emperor"}
        ).status_code
        == 303
    )
    assert db.session.get(User, member.id).role == "moderator"
    last = client.post(f"/moderation/people/{admin.handle}/role", data={"role": "member"})
    assert last.status_code == 303 and db.session.get(User, admin.id).role == "admin"
    sign_out(client)
    sign_in(client, moderator)
    assert (
        client.post(f"/moderation/people/{member.handle}/role", data={"role": "admin"}).status_code
        == 403
    )


def test_wiki_user_role_changes_a_role_in_the_audit_log(app, member):
    result = CliRunner().invoke(app.cli, ["user", "role", member.email, "moderator"])
    assert result.exit_code == 0, result.output
    [entry] = audit("user.role")
    assert entry.actor_name == "ligne de commande" and entry.details["after"] == "moderator"
    unknown = CliRunner().invoke(app.cli, ["user", "role", "nobody@example.org", "admin"])
    assert unknown.exit_code != 0 and "Aucun compte" in unknown.output


def test_sections_of_other_areas_appear_once_their_page_exists(app, client, moderator, admin):
    sign_in(client, moderator)
    home = text_of(client.get("/moderation"))
    assert 'href="/moderation/audit"' in home and "Vocabulaire contrôlé" in home
    assert 'href="/moderation/accounts"' in home  # the approval area's queue is there
    assert "/moderation/people" not in home  # roles are the admins'
    assert ("/moderation/justifications" in home) == any(  # once the writing flow has it
        rule.rule == "/moderation/justifications" for rule in app.url_map.iter_rules()
    )
    sign_out(client)
    sign_in(client, admin)
    assert 'href="/moderation/people"' in text_of(client.get("/moderation"))


def test_a_section_shows_once_its_route_is_registered(tmp_path, database_template):
    """The pending accounts' page (another area) plugs in by existing: no link before."""
    from flask import Blueprint

    from tests.conftest import FreshRequestClient, database_for
    from wiki import create_app

    instance = tmp_path / "other"
    instance.mkdir()
    other = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_for(instance, database_template),
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SERVER_NAME": "wiki.test",
        },
        instance_path=instance,
    )
    accounts = Blueprint("pending_accounts", __name__)
    accounts.add_url_rule("/moderation/accounts", "index", lambda: "en attente")
    other.register_blueprint(accounts)
    other.test_client_class = FreshRequestClient
    with other.app_context():
        from wiki.auth.accounts import create_user

        user = create_user(db.session, "modo2@example.org", "Modo", None, "moderator")
        db.session.commit()
        client = other.test_client()
        sign_in(client, user)
        home = text_of(client.get("/moderation"))
        db.session.remove()
        db.engine.dispose()
    assert 'href="/moderation/accounts"' in home and "Adhésions en attente" in home


def test_the_vocabulary_is_kept_from_the_moderation_home(app, client, moderator, make_page):
    make_page("Tournée du soir", tags=["Maraude"])
    sign_in(client, moderator)
    assert 'href="/tags"' in text_of(client.get("/moderation"))
    assert (
        client.post(
            "/tags/new", data={"label_fr": "Habitat indigne", "label_en": "Substandard housing"}
        ).status_code
        == 302
    )
    client.post(
        "/tags/habitat-indigne/edit",
        data={
            "label_fr": "Habitat indigne",
            "label_en": "Unfit housing",
            "controlled": "y",
            "reason": "Usage",
        },
    )
    client.post("/tags/maraude/merge", data={"target": "aller-vers", "reason": "Doublon"})
    apply_pending(app)
    log = text_of(client.get("/moderation/audit?kind=tag"))
    assert "tag.create" in log and "tag.rename" in log and "tag.merge" in log
    verify = CliRunner().invoke(app.cli, ["index", "verify"])
    assert verify.exit_code == 0, verify.output


def test_the_moderation_forms_need_their_csrf_token(
    app, client, moderator, other_member, reported_page
):
    app.config["WTF_CSRF_ENABLED"] = True
    sign_in(client, moderator)
    target = f"page:{reported_page.slug}"
    forged = client.post("/moderation/hide", data={"target": target, "reason": "x"})
    assert forged.status_code == 400 and audit("moderation.hide") == []
    token = re.search(
        r'name="csrf_token" value="([^"]+)"', text_of(client.get("/moderation"))
    ).group(1)
    sent = client.post(
        "/moderation/hide", data={"target": target, "reason": "Charte", "csrf_token": token}
    )
    assert sent.status_code == 303 and len(audit("moderation.hide")) == 1
    sign_out(client)
    sign_in(client, other_member)
    forged_report = client.post(
        "/report", query_string={"target": target}, data={"target": target, "reason": "Encore"}
    )
    assert forged_report.status_code == 400
    assert len(db.session.scalars(select(Report)).all()) == 1  # the fixture's alone
