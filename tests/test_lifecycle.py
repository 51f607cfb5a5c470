"""The lifecycle of an innovation sheet (issue 11, point 1): its stage and dated history, set
from the edit form and « Changer d'étape », shown on the sheet, a filter and a facet in
lists and search, in the API, the import format and open data; and the reminder of a
follow-up of effects left silent for six months."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.helpers import sign_in, sign_out, text_of
from wiki.extensions import db
from wiki.lifecycle.reminders import REMINDER, months_before, remind_follow_ups
from wiki.models import InnovationStage, Notification, NotificationEvent, Page
from wiki.notifications.delivery import deliver_pending
from wiki.pages.follow_ups import add_follow_up
from wiki.pages.transfer import dump_line, export_pages, import_lines
from wiki.search.indexer import apply_pending

SHEET = {"context": "Des habitants isolés.", "objectives": "Aller vers eux."}


@pytest.fixture
def sheet(make_page):
    return make_page("Bus itinérant des droits", kind="innovation", fields=SHEET)


def stages_of(page) -> list[tuple[str, date, str]]:
    db.session.expire_all()
    return [
        (row.stage, row.since, row.note)
        for row in db.session.scalars(
            select(InnovationStage)
            .where(InnovationStage.page_id == page.id)
            .order_by(InnovationStage.since, InnovationStage.id)
        )
    ]


def change_stage(client, page, stage, since="2024-03-01", note=""):
    return client.post(
        f"/pages/{page.slug}/stage", data={"stage": stage, "stage_since": since, "stage_note": note}
    )


def form_data(**values) -> dict:
    data = {
        "title": "Bus itinérant des droits",
        "visibility": "public",
        **SHEET,
        "action": "publish",
    }
    data.update(values)
    return data


def index(app) -> None:
    db.session.commit()
    apply_pending(app)


# --- the web: the form, the sheet, the history -----------------------------------------------


def test_a_new_sheet_takes_its_stage_from_the_form(client, member):
    sign_in(client, member)
    response = client.post(
        "/pages/new?kind=innovation",
        data=form_data(stage="experimentation", stage_since="2024-03-01", stage_note="à Orléans"),
    )
    assert response.status_code == 302, text_of(response)[:2000]
    page = db.session.scalar(select(Page))
    assert page.stage == "experimentation"
    assert stages_of(page) == [("experimentation", date(2024, 3, 1), "à Orléans")]


def test_the_edit_form_records_a_change_and_nothing_when_unchanged(client, member, sheet):
    sign_in(client, member)
    form = text_of(client.get(f"/pages/{sheet.slug}/edit"))
    assert 'name="stage"' in form and 'name="stage_since"' in form
    edit = form_data(base_revision="1", stage="experimentation", stage_since="2024-03-01")
    assert client.post(f"/pages/{sheet.slug}/edit", data=edit).status_code == 302
    again = form_data(
        base_revision="2",
        stage="experimentation",
        stage_since="2025-01-01",
        body="Un texte de plus.",
    )
    assert client.post(f"/pages/{sheet.slug}/edit", data=again).status_code == 302
    assert stages_of(sheet) == [("experimentation", date(2024, 3, 1), "")]
    assert '<option selected value="experimentation">' in text_of(
        client.get(f"/pages/{sheet.slug}/edit")
    )


def test_a_practice_account_has_no_stage_inputs(client, member, make_page):
    page = make_page("Un récit", body="Un texte.")
    sign_in(client, member)
    assert 'name="stage"' not in text_of(client.get(f"/pages/{page.slug}/edit"))
    assert "Étape de l'innovation" not in text_of(client.get(f"/pages/{page.slug}"))


def test_the_sheet_shows_its_history_as_a_sentence_and_a_timeline(client, member, sheet):
    sign_in(client, member)
    assert change_stage(client, sheet, "experimentation", "2024-03-01").status_code == 302
    assert (
        change_stage(client, sheet, "essaimage", "2025-06-01", "essaimée à Tours").status_code
        == 302
    )
    html = text_of(client.get(f"/pages/{sheet.slug}"))
    assert "Expérimentée en mars 2024, essaimée depuis juin 2025 (essaimée à Tours)" in html
    assert 'class="stage-badge stage-essaimage">Essaimage<' in html
    assert '<time datetime="2024-03-01">mars 2024</time>' in html
    assert stages_of(sheet) == [
        ("experimentation", date(2024, 3, 1), ""),
        ("essaimage", date(2025, 6, 1), "essaimée à Tours"),
    ]


def test_changing_to_the_current_stage_records_nothing(client, member, sheet):
    sign_in(client, member)
    change_stage(client, sheet, "evaluation", "2024-03-01")
    response = change_stage(client, sheet, "evaluation", "2024-05-01")
    assert response.status_code == 302
    assert len(stages_of(sheet)) == 1
    assert "déjà à cette étape" in text_of(client.get(response.headers["Location"]))


@pytest.mark.parametrize(
    ("stage", "since", "message"),
    [
        ("inconnue", "2024-03-01", "N&#39;est pas un choix valide."),
        ("evaluation", "2999-01-01", "Date d&#39;étape invalide"),
        ("evaluation", "", "Indiquez une date."),
    ],
)
def test_bad_stage_input_is_a_400_with_the_form(client, member, sheet, stage, since, message):
    sign_in(client, member)
    response = change_stage(client, sheet, stage, since)
    assert response.status_code == 400
    html = text_of(response)
    assert 'id="etape"' in html and '<details class="stage-change" open>' in html
    assert message in html
    assert stages_of(sheet) == []


def test_a_change_cannot_be_dated_before_the_current_stage(client, member, sheet):
    sign_in(client, member)
    change_stage(client, sheet, "experimentation", "2024-03-01")
    response = change_stage(client, sheet, "essaimage", "2023-01-01")
    assert response.status_code == 400
    assert "avant l&#39;étape actuelle" in text_of(response)
    assert [s[0] for s in stages_of(sheet)] == ["experimentation"]


def test_only_those_who_may_edit_change_the_stage(client, sheet, make_user):
    assert "Changer d'étape" not in text_of(client.get(f"/pages/{sheet.slug}"))
    assert change_stage(client, sheet, "evaluation").status_code in (302, 401)
    assert stages_of(sheet) == []
    pending = make_user("nouveau@example.org", "Nouveau")
    pending.approved_at = None
    db.session.commit()
    sign_in(client, pending)
    if "Changer d'étape" in text_of(client.get(f"/pages/{sheet.slug}")):
        pytest.fail("a pending account is offered the form")
    assert change_stage(client, sheet, "evaluation").status_code == 403
    assert stages_of(sheet) == []


def test_a_group_sheet_stage_form_is_a_404_outside_the_group(
    client, make_page, group, other_member
):
    page = make_page(
        "Fiche de l'atelier", kind="innovation", fields=SHEET, visibility="group:atelier-praxis"
    )
    sign_in(client, other_member)
    assert change_stage(client, page, "evaluation").status_code == 404
    assert stages_of(page) == []


# --- lists and search ----------------------------------------------------------------------


@pytest.fixture
def staged(app, make_page, member, group):
    """Two public sheets at two stages, a group sheet in essaimage, a sheet with no stage."""
    from wiki.lifecycle.stages import clean_entry, record_stage

    pages = {}
    for title, stage, visibility in (
        ("Café des aidants", "experimentation", "public"),
        ("Permanence hors les murs", "essaimage", "public"),
        ("Fiche de l'atelier", "essaimage", "group:atelier-praxis"),
        ("Jardin partagé", None, "public"),
    ):
        page = make_page(title, kind="innovation", fields=SHEET, visibility=visibility)
        if stage:
            record_stage(db.session, page, clean_entry(stage, date(2024, 1, 1)), member)
        pages[title] = page
    index(app)
    return pages


def test_the_innovation_list_filters_by_stage_and_counts_the_visible_ones(client, staged):
    html = text_of(client.get("/innovations"))
    assert "Par étape de l'innovation" in html
    assert '<a href="/innovations?stage=essaimage">Essaimage</a> (1)' in html
    assert '<a href="/innovations?stage=experimentation">Expérimentation</a> (1)' in html
    filtered = text_of(client.get("/innovations?stage=essaimage"))
    assert "Permanence hors les murs" in filtered
    assert "Café des aidants" not in filtered and "Jardin partagé" not in filtered
    assert "Fiche de l&#39;atelier" not in filtered and "Fiche de l'atelier" not in filtered


def test_the_group_sees_its_sheet_counted(client, staged, member):
    sign_in(client, member)
    html = text_of(client.get("/innovations"))
    assert '<a href="/innovations?stage=essaimage">Essaimage</a> (2)' in html


def test_an_unknown_stage_in_a_list_is_a_400(client, staged):
    assert client.get("/innovations?stage=inconnue").status_code == 400


def test_a_tag_page_filters_by_stage(client, app, make_page, member):
    from wiki.lifecycle.stages import clean_entry, record_stage

    tagged = make_page("Café des aidants", kind="innovation", fields=SHEET, tags=["aller-vers"])
    make_page("Autre fiche", kind="innovation", fields=SHEET, tags=["aller-vers"])
    record_stage(db.session, tagged, clean_entry("evaluation", date(2024, 1, 1)), member)
    db.session.commit()
    html = text_of(client.get("/tags/aller-vers?stage=evaluation"))
    assert "Café des aidants" in html and "Autre fiche" not in html
    assert '<strong aria-current="true">Évaluation</strong> (1)' in html


def test_search_filters_and_facets_by_stage_without_leaking_group_sheets(client, staged):
    body = client.get("/api/v1/search?kind=innovation").get_json()
    assert body["facets"]["stage"] == {"experimentation": 1, "essaimage": 1}
    body = client.get("/api/v1/search?stage=essaimage").get_json()
    assert [hit["title"] for hit in body["results"]] == ["Permanence hors les murs"]
    html = text_of(client.get("/search?q=habitants&stage=essaimage"))
    assert "Permanence hors les murs" in html and "Café des aidants" not in html
    assert "Étape : Essaimage" in html


def test_the_group_sees_its_sheet_in_the_stage_facet(client, staged, member, token_for):
    body = client.get("/api/v1/search?kind=innovation", headers=token_for(member)).get_json()
    assert body["facets"]["stage"] == {"experimentation": 1, "essaimage": 2}


def test_the_stage_name_is_searchable_text(client, staged):
    body = client.get("/api/v1/search?q=essaimage").get_json()
    assert [hit["title"] for hit in body["results"]] == ["Permanence hors les murs"]


def test_an_unknown_stage_in_search_is_a_400_naming_it(client, staged):
    response = client.get("/api/v1/search?stage=bidon")
    assert response.status_code == 400
    assert "bidon" in response.get_json()["error"]["message"]
    assert client.get("/search?stage=bidon").status_code == 400


def test_a_stage_change_is_indexed(client, app, member, sheet):
    sign_in(client, member)
    change_stage(client, sheet, "arretee", "2024-01-01")
    apply_pending(app)
    body = client.get("/api/v1/search?stage=arretee").get_json()
    assert [hit["slug"] for hit in body["results"]] == [sheet.slug]


# --- the API -------------------------------------------------------------------------------


def new_sheet(**extra) -> dict:
    return {"kind": "innovation", "title": "Bus itinérant des droits", "fields": SHEET, **extra}


def test_the_api_creates_a_sheet_at_a_stage_since_today(client, member, token_for):
    response = client.post(
        "/api/v1/pages", json=new_sheet(stage="experimentation"), headers=token_for(member)
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["stage"] == {
        "current": "experimentation",
        "history": [{"stage": "experimentation", "since": date.today().isoformat(), "note": ""}],
    }


def test_the_api_takes_a_full_history_and_gives_it_back(client, member, token_for):
    history = [
        {"stage": "essaimage", "since": "2025-06-01", "note": "essaimée à Tours"},
        {"stage": "emergence", "since": "2023-01-01", "note": ""},
    ]
    created = client.post(
        "/api/v1/pages", json=new_sheet(stages=history), headers=token_for(member)
    ).get_json()
    assert created["stage"]["current"] == "essaimage"
    assert [h["stage"] for h in created["stage"]["history"]] == ["emergence", "essaimage"]
    got = client.get(f"/api/v1/pages/{created['slug']}").get_json()
    assert got["stage"] == created["stage"]


def test_a_put_changes_the_stage_and_a_same_stage_records_nothing(client, member, token_for, sheet):
    headers = token_for(member)
    body = {"title": sheet.title, "base_revision": 1, "stage": "evaluation"}
    first = client.put(f"/api/v1/pages/{sheet.slug}", json=body, headers=headers)
    assert first.status_code == 200, first.get_json()
    again = client.put(
        f"/api/v1/pages/{sheet.slug}", json={**body, "base_revision": 2}, headers=headers
    )
    assert again.get_json()["stage"]["current"] == "evaluation"
    assert len(again.get_json()["stage"]["history"]) == 1


def test_a_practice_page_has_no_stage_in_json(client, make_page):
    page = make_page("Un récit", body="Un texte.")
    assert "stage" not in client.get(f"/api/v1/pages/{page.slug}").get_json()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"stage": "bidon"}, "stage"),
        ({"stages": [{"stage": "evaluation", "since": "hier"}]}, "stages"),
        ({"stages": [{"stage": "evaluation"}]}, "stages"),
        ({"stages": [{"stage": "evaluation", "since": "2024-01-01", "x": 1}]}, "stages"),
        ({"stages": "evaluation"}, "stages"),
        ({"stage": "evaluation", "stages": []}, "stage"),
        ({"kind": "practice", "fields": {}, "body": "Un récit.", "stage": "evaluation"}, "stage"),
    ],
)
def test_bad_stage_payloads_are_400s_naming_the_field(client, member, token_for, payload, field):
    response = client.post(
        "/api/v1/pages", json={**new_sheet(), **payload}, headers=token_for(member)
    )
    assert response.status_code == 400, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] in ("invalid_stage", "invalid_type")
    assert error["details"]["field"] == field
    assert db.session.scalar(select(func.count(Page.id))) == 0


# --- import and export ---------------------------------------------------------------------


def test_export_then_import_keeps_the_history(app, member, sheet, tmp_path):
    from wiki.lifecycle.stages import clean_entry, record_stage

    record_stage(db.session, sheet, clean_entry("experimentation", date(2024, 3, 1)), member)
    record_stage(
        db.session, sheet, clean_entry("essaimage", date(2025, 6, 1), "essaimée à Tours"), member
    )
    db.session.commit()
    lines = [dump_line(line) for line in export_pages(db.session)]
    exported = json.loads(lines[0])
    assert exported["stages"] == [
        {"stage": "experimentation", "since": "2024-03-01", "note": ""},
        {"stage": "essaimage", "since": "2025-06-01", "note": "essaimée à Tours"},
    ]
    db.session.delete(sheet)
    db.session.commit()
    assert import_lines(db.session, lines, default_author=member) == 1
    db.session.commit()
    page = db.session.scalar(select(Page))
    assert page.stage == "essaimage"
    assert stages_of(page) == [
        ("experimentation", date(2024, 3, 1), ""),
        ("essaimage", date(2025, 6, 1), "essaimée à Tours"),
    ]
    assert [json.loads(dump_line(line)) for line in export_pages(db.session)][0][
        "stages"
    ] == exported["stages"]


def test_an_import_line_with_a_current_stage(app, member):
    line = json.dumps({**new_sheet(), "stage": "emergence"})
    import_lines(db.session, [line], default_author=member)
    db.session.commit()
    page = db.session.scalar(select(Page))
    assert stages_of(page) == [("emergence", date.today(), "")]


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ({"stage": "bidon"}, "Étape inconnue « bidon »"),
        (
            {"kind": "practice", "fields": {}, "stage": "emergence"},
            "ne concerne que les fiches innovation",
        ),
        ({"stages": [{"stage": "emergence", "since": "2024-13-01"}]}, "Date d'étape invalide"),
        ({"stages": [{"stage": "emergence", "since": "20240301"}]}, "Date d'étape invalide"),
    ],
)
def test_a_bad_stage_stops_the_import_at_its_line(app, member, extra, fragment):
    from wiki.pages.transfer import ImportLineError

    good = json.dumps(new_sheet(title="Bonne fiche"))
    bad = json.dumps({**new_sheet(), **extra})
    with pytest.raises(ImportLineError) as error:
        import_lines(db.session, [good, bad], default_author=member)
    assert error.value.line == 2 and fragment in error.value.message
    db.session.rollback()
    assert db.session.scalar(select(func.count(Page.id))) == 0


# --- open data -----------------------------------------------------------------------------


def test_open_data_carries_the_stage(client, staged):
    records = [
        json.loads(line) for line in text_of(client.get("/open-data/sheets.jsonl")).splitlines()
    ]
    by_title = {r["title"]: r for r in records}
    assert "Fiche de l'atelier" not in by_title
    assert by_title["Permanence hors les murs"]["stage"] == {
        "current": "essaimage",
        "history": [{"stage": "essaimage", "since": "2024-01-01", "note": ""}],
    }
    assert by_title["Jardin partagé"]["stage"] == {"current": None, "history": []}
    content = text_of(client.get("/open-data/sheets.csv")).removeprefix("\ufeff")
    rows = {row["title"]: row for row in csv.DictReader(io.StringIO(content))}
    assert rows["Café des aidants"]["stage"] == "experimentation"
    assert rows["Café des aidants"]["stage_since"] == "2024-01-01"
    html = text_of(client.get(f"/pages/{staged['Café des aidants'].slug}"))
    assert '"creativeWorkStatus": "Expérimentation"' in html


# --- the reminder of a silent follow-up --------------------------------------------------------

NOW = datetime(2026, 12, 1, 9, 0)


def age(page, created: datetime) -> None:
    page.created_at = created
    db.session.commit()


def reminders_of(user) -> int:
    db.session.commit()
    return db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.kind == REMINDER
        )
    )


def remind(app, now=NOW) -> int:
    count = remind_follow_ups(db.session, now)
    db.session.commit()
    deliver_pending(app)
    return count


def test_six_months_before_keeps_the_day_or_the_months_end():
    assert months_before(datetime(2026, 12, 1), 6) == datetime(2026, 6, 1)
    assert months_before(datetime(2026, 8, 31), 6) == datetime(2026, 2, 28)
    assert months_before(datetime(2026, 3, 15), 6) == datetime(2025, 9, 15)


def test_a_silent_sheet_reminds_its_authors_once(app, sheet, member, other_member):
    sheet.current.author = member
    age(sheet, NOW - timedelta(days=200))
    assert remind(app) == 1
    assert reminders_of(member) == 1
    assert remind(app, NOW + timedelta(days=30)) == 0  # once per silence
    assert reminders_of(member) == 1
    assert reminders_of(other_member) == 0
    notification = db.session.scalar(select(Notification).where(Notification.kind == REMINDER))
    assert notification.reason == "author"


def test_a_young_sheet_is_not_reminded(app, sheet, member):
    age(sheet, NOW - timedelta(days=150))
    assert remind(app) == 0


def test_a_new_follow_up_entry_starts_the_count_again(app, sheet, member):
    age(sheet, NOW - timedelta(days=400))
    assert remind(app) == 1
    entry = add_follow_up(
        db.session,
        sheet,
        observed_on=date(2026, 12, 2),
        area="people",
        text="Des habitants reviennent.",
        author=member,
    )
    entry.created_at = NOW + timedelta(days=1)
    db.session.commit()
    assert remind(app, NOW + timedelta(days=100)) == 0  # the entry is recent
    assert remind(app, NOW + timedelta(days=200)) == 1  # silent again for six months
    assert reminders_of(member) == 2


def test_a_draft_is_not_reminded(app, make_page):
    draft = make_page("Brouillon de fiche", kind="innovation", fields=SHEET, status="draft")
    age(draft, NOW - timedelta(days=400))
    assert remind(app) == 0


def test_a_practice_account_is_not_reminded(app, make_page):
    page = make_page("Un récit", body="Un texte.")
    age(page, NOW - timedelta(days=400))
    assert remind(app) == 0


def test_an_author_who_can_no_longer_see_the_sheet_is_not_told(
    app, make_page, group, member, other_member
):
    from wiki.groups.membership import add_member

    add_member(db.session, group.slug, other_member.email)
    db.session.commit()
    page = make_page(
        "Fiche de l'atelier",
        kind="innovation",
        fields=SHEET,
        visibility="group:atelier-praxis",
        author=other_member,
    )
    age(page, NOW - timedelta(days=400))
    from wiki.models import Membership

    db.session.execute(Membership.__table__.delete().where(Membership.user_id == other_member.id))
    db.session.commit()
    assert remind(app) == 1  # recorded; delivery finds nobody who may still see it
    assert reminders_of(other_member) == 0


def test_the_reminder_reads_in_the_notification_centre(client, app, sheet, member):
    age(sheet, NOW - timedelta(days=400))
    remind(app)
    sign_in(client, member)
    html = text_of(client.get("/notifications"))
    assert "Rien de neuf dans le suivi des effets de « Bus itinérant des droits »" in html
    sign_out(client)


def test_the_command_records_the_reminders(app, sheet, member):
    age(sheet, datetime(2020, 1, 1))
    result = app.test_cli_runner().invoke(args=["remind", "follow-ups"])
    assert result.exit_code == 0, result.output
    assert "Rappels du suivi des effets : 1." in result.output
    again = app.test_cli_runner().invoke(args=["remind", "follow-ups"])
    assert "Rappels du suivi des effets : 0." in again.output
    assert (
        db.session.scalar(
            select(func.count(NotificationEvent.id)).where(NotificationEvent.kind == REMINDER)
        )
        == 1
    )
    assert reminders_of(member) == 1
