"""Less work per page view (issue 13): the header's counters in one query, related pages
and « membres qui connaissent ce sujet » kept per revision and audience."""

from __future__ import annotations

import contextlib

from sqlalchemy import event

from tests.helpers import sign_in
from wiki.extensions import db


@contextlib.contextmanager
def statements():
    """The SQL statements sent while the block runs."""
    sent: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def test_the_header_counts_in_one_query(app, client, member, other_member, make_page):
    from wiki.messaging.conversations import start_conversation
    from wiki.models import Notification, NotificationEvent

    page = make_page("Aller vers les habitants")
    happened = NotificationEvent(kind="page.edited", subject=f"page:{page.id}", data={})
    db.session.add(happened)
    db.session.flush()
    db.session.add(Notification(user_id=member.id, event_id=happened.id, kind="page.edited"))
    start_conversation(
        db.session,
        other_member,
        member,
        "Une question",
        "Bonjour, parlons de votre récit ?",
        "<p>Bonjour, parlons de votre récit ?</p>",
        daily_limit=10,
    )
    db.session.commit()
    sign_in(client, member)
    with statements() as sent:
        html = client.get(f"/pages/{page.slug}").get_data(as_text=True)
    counting = [s for s in sent if "notifications" in s or "participants" in s]
    assert len(counting) == 1, counting
    assert "notifications" in counting[0] and "participants" in counting[0]
    assert '<span class="counter">1<' in html
    assert '<span class="unread-count">1<' in html


def test_an_anonymous_reader_asks_no_counter(client, make_page):
    page = make_page("Aller vers les habitants")
    with statements() as sent:
        client.get(f"/pages/{page.slug}")
    assert not [s for s in sent if "notifications" in s or "participants" in s]
