"""The OpenAPI document tells the truth: schemathesis generates requests from it (valid ones,
and invalid ones the server must refuse) for every operation, with and without a token,
against the application through WSGI, and every default check must pass: no server error,
status codes, content types and headers as documented, bodies matching their schemas,
valid data accepted and invalid data refused, auth enforced where it is required.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.conftest import PASSWORD, _empty_postgres, database_for
from wiki import create_app
from wiki.api.openapi import openapi_document
from wiki.comments.openapi import CHARTER_CHECKED
from wiki.extensions import db
from wiki.models import ApiToken

EXAMPLES_PER_OPERATION = 25
CALLS: Counter[str] = Counter()

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def api_app(tmp_path_factory, database_template):
    """One application for the whole run: a member with a token, pages of each visibility."""
    from wiki.auth.accounts import create_user
    from wiki.groups.membership import add_member, create_group
    from wiki.pages.editing import PageDraft, create_page
    from wiki.search.indexer import apply_pending, ensure_index

    instance = tmp_path_factory.mktemp("openapi") / "instance"
    instance.mkdir()
    url = database_for(instance, database_template)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "TESTING": True,
            "SERVER_NAME": "wiki.test",
            "MAIL_DELIVERY": "inline",
        },
        instance_path=instance,
    )
    with app.app_context():
        if "url" in database_template:
            _empty_postgres(url)
        ensure_index(app)
        member = create_user(db.session, "claire@example.org", "Claire Martin", PASSWORD)
        create_group(db.session, "atelier-praxis", "Atelier des praxis sociales")
        add_member(db.session, "atelier-praxis", member.email, "facilitator")
        for title, visibility in (
            ("Aller vers les habitants", "public"),
            ("Une visite à domicile", "members"),
            ("Séance de l'atelier", "group:atelier-praxis"),
        ):
            create_page(
                db.session,
                PageDraft(
                    kind="practice",
                    title=title,
                    visibility=visibility,
                    body="Un récit [[aller-vers-les-habitants]].",
                ),
                member,
            )
        leaver = create_user(db.session, "partante@example.org", "Partante", PASSWORD)
        for user, token in ((member, MEMBER_TOKEN), (leaver, LEAVER_TOKEN)):
            db.session.add(
                ApiToken(
                    user=user,
                    label="schemathesis",
                    token_hash=hashlib.sha256(token.encode()).hexdigest(),
                )
            )
        db.session.commit()
        apply_pending(app)
        yield app
        db.session.remove()
        db.engine.dispose()


# The document as the server builds it (openapi_document needs no application: it is read
# here, at collection, and test_the_document_is_the_one_served checks it is the one served).
# Schemathesis' fixture-loaded schemas do not run under pytest 9.2, whose nodes lost the
# private attribute they rename: the schema is built from the document, and each test
# points it at the module's application (the public `app` of the schema and the operation,
# which select schemathesis' WSGI transport).
#
# One check is told more than its default: positive_data_acceptance also accepts 400 where
# what is valid depends on what the wiki holds, which no request schema can list:
# - PUT /pages/{slug}: the page its slug names fixes the fields (its kind's) and forbids
#   changing its kind or slug (400 kind_change, slug_change or an unknown field);
# - GET /people, GET /calls and PUT /me/profile: a tag or a département that does not
#   exist is refused with a 400 that says so (tags are created by members; a département is
#   matched loosely, by code or by name: "37", "2a", "indre et loire");
# - POST …/revisions/{number}/suppress: the current revision, or one masked already, is a
#   409; POST /pages/{slug}/anonymise: a passage no version holds, or a replacement that
#   still holds it, is a 400 that says so.
# Every other operation, and every other check, runs as schemathesis ships it.
STATE_DEPENDENT = [
    "updatePage",
    "searchPeople",
    "listCalls",
    "putMyProfile",
    "suppressRevision",
    "anonymisePage",
]
CONFIG = schemathesis.Config.from_dict(
    {
        "operations": [
            {
                "include-operation-id": operation_id,
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "400", "401", "403", "404", "409"]
                    }
                },
            }
            for operation_id in STATE_DEPENDENT
        ]
        + [
            {
                # The charter check may refuse a valid text (422): what it finds is no
                # schema's to say;
                # and a reply to a comment since deleted or hidden is a 400 that says so.
                "include-operation-id": operation_id,
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "400", "401", "403", "404", "422"]
                    }
                },
            }
            for operation_id in CHARTER_CHECKED
        ]
    }
)
schema = schemathesis.openapi.from_dict(openapi_document(), config=CONFIG)
member_schema = schemathesis.openapi.from_dict(openapi_document(), config=CONFIG)
# Known before any application exists (schemathesis asks for it while collecting);
# api_app stores their digests, as create_token does. DELETE /me goes with a second
# member's token, so that the first one's account lasts the whole run.
MEMBER_TOKEN = "wk_schemathesis-member-token-0123456789abcdef"
LEAVER_TOKEN = "wk_schemathesis-leaving-member-token-0123456789"


@member_schema.auth()
class MemberToken:
    """The member's bearer token, as schemathesis' auth (so that the cases it generates
    without a token, to check that the API asks for one, really go without)."""

    def get(self, case, context):
        return (
            LEAVER_TOKEN
            if case.operation.definition.raw.get("operationId") == "deleteMe"
            else MEMBER_TOKEN
        )

    def set(self, case, token, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}


def aim(case, app) -> None:
    """The case's requests, and the probes its checks send, go to `app` through WSGI."""
    case.operation.app = case.operation.schema.app = app
    # Through WSGI nothing decodes a gzipped body: compression is tested apart (test_caching).
    case.headers = {**(case.headers or {}), "Accept-Encoding": "identity"}
    # Hypothesis gives the random module the same seed for every example; Whoosh names its
    # segments with it, so two examples' writes would name their segments alike.
    random.seed()


RUN = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)


@schema.parametrize()
@RUN
def test_the_api_keeps_its_document_for_a_visitor(case, api_app):
    CALLS[f"anonymous {case.operation.label}"] += 1
    aim(case, api_app)
    case.call_and_validate()


@member_schema.parametrize()
@RUN
def test_the_api_keeps_its_document_for_a_member_with_a_token(case, api_app):
    CALLS[f"token {case.operation.label}"] += 1
    aim(case, api_app)
    case.call_and_validate()


def test_the_document_is_the_one_served(api_app):
    with api_app.test_client() as client:
        assert client.get("/api/v1/openapi.json").get_json() == openapi_document()


def test_every_operation_was_exercised():
    """A guard on the two tests above: they reached every operation of the document."""
    labels = {operation.ok().label for operation in schema.get_all_operations()}
    print(
        f"\nschemathesis: {len(labels)} operations, {sum(CALLS.values())} calls: "
        + ", ".join(f"{key} {count}" for key, count in sorted(CALLS.items()))
    )
    for who in ("anonymous", "token"):
        assert {label for label in labels if CALLS[f"{who} {label}"] == 0} == set()


def test_the_member_wrote_through_the_api(api_app):
    """The token test really ran as the member: schemathesis' pages exist."""
    from sqlalchemy import func, select

    from wiki.models import Page

    assert db.session.scalar(select(func.count(Page.id))) > 3
