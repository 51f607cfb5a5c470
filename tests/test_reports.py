"""Reports to the moderators (POST /api/v1/reports) and the audit log's record."""

from __future__ import annotations

from sqlalchemy import select

from wiki.extensions import db
from wiki.models import AuditEntry, Report
from wiki.moderation.audit import audit_entries, record_audit


def test_a_member_reports_a_page_they_can_see(client, token_for, other_member, make_page):
    make_page("Récit à revoir")
    response = client.post(
        "/api/v1/reports",
        headers=token_for(other_member),
        json={"target": "page:recit-a-revoir", "reason": "Un nom complet"},
    )

    assert response.status_code == 201
    assert response.json["status"] == "open"
    [report] = db.session.scalars(select(Report))
    assert (report.target, report.reporter_id) == ("page:recit-a-revoir", other_member.id)


def test_reporting_a_hidden_page_answers_like_a_missing_one(
    client, token_for, other_member, make_page, group
):
    make_page("Page du groupe", visibility=f"group:{group.slug}")
    headers = token_for(other_member)
    hidden = client.post(
        "/api/v1/reports", headers=headers, json={"target": "page:page-du-groupe", "reason": "x"}
    )
    missing = client.post(
        "/api/v1/reports", headers=headers, json={"target": "page:nulle-part", "reason": "x"}
    )

    assert hidden.status_code == missing.status_code == 404
    assert hidden.json == missing.json
    assert db.session.scalar(select(Report)) is None


def test_a_report_needs_a_known_target_a_reason_and_a_token(client, token_for, member):
    headers = token_for(member)
    assert (
        client.post(
            "/api/v1/reports", headers=headers, json={"target": "planete:mars", "reason": "x"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/api/v1/reports", headers=headers, json={"target": "page:x", "reason": "  "}
        ).status_code
        == 400
    )
    assert (
        client.post("/api/v1/reports", json={"target": "page:x", "reason": "x"}).status_code == 401
    )


def test_an_audit_entry_lives_and_dies_with_its_transaction(app, moderator):
    record_audit(db.session, moderator, "user.approve", "user:karim", reason="adhérent")
    db.session.rollback()
    assert db.session.scalar(select(AuditEntry)) is None

    record_audit(db.session, moderator, "user.approve", "user:karim", reason="adhérent")
    db.session.commit()
    [entry] = audit_entries(db.session, target="user:karim")
    assert (entry.actor_name, entry.action, entry.reason) == (
        "Modération",
        "user.approve",
        "adhérent",
    )
