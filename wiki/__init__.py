"""The wiki of social practices: create_app() builds the application."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from wiki.config import Config


def create_app(overrides: dict | None = None, instance_path: str | Path | None = None) -> Flask:
    config = Config(Path(instance_path).resolve() if instance_path else None)
    app = Flask(__name__, instance_path=str(config.INSTANCE_PATH), instance_relative_config=False)
    app.config.from_mapping(config.as_dict())
    if overrides:
        app.config.update(overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    _bind_extensions(app)
    _register_blueprints(app)

    from wiki import access, caching, request_guard, security
    from wiki.aftercommit import init_app as init_after_commit
    from wiki.cli import register_commands
    from wiki.error_handlers import register_error_handlers
    from wiki.i18n import register_locale
    from wiki.mail.hooks import init_app as init_mail
    from wiki.notifications.hooks import init_app as init_notifications
    from wiki.search.hooks import init_app as init_search

    security.register(app)
    caching.register(app)  # static fingerprints and long caches, gzip
    request_guard.register(app)
    access.register(app)
    register_error_handlers(app)
    register_locale(app)
    register_commands(app)
    init_search(app)  # the index follows each commit; leftovers are applied at start-up
    init_after_commit(app)  # work that follows a commit: the jobs below, in order
    init_notifications(app)  # events become notifications (and mails) after the commit
    init_mail(app)  # queued mail leaves after the commit that queued it
    return app


def _bind_extensions(app: Flask) -> None:
    from wiki.database import configure_engine
    from wiki.extensions import babel, csrf, db, login_manager, migrate
    from wiki.i18n import select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    with app.app_context():
        configure_engine(db.engine)

    from wiki import models  # noqa: F401 - registers the models
    from wiki.auth.accounts import user_for_session

    @login_manager.user_loader
    def load_user(session_id: str):
        return user_for_session(db.session, session_id)


def _register_blueprints(app: Flask) -> None:
    from wiki.api import bp as api_bp
    from wiki.approval.routes import bp as approval_bp
    from wiki.auth import bp as auth_bp
    from wiki.calls import api as _calls_api  # noqa: F401 - adds /calls to the API
    from wiki.calls.routes import bp as calls_bp
    from wiki.charter.routes import bp as charter_bp
    from wiki.comments import api as _comments_api  # noqa: F401 - adds comments to the API
    from wiki.comments.routes import bp as comments_bp
    from wiki.feeds.routes import bp as feeds_bp
    from wiki.groups import api as _groups_api  # noqa: F401 - adds /groups to the API
    from wiki.groups.routes import bp as groups_bp
    from wiki.lifecycle.routes import bp as lifecycle_bp
    from wiki.mail.routes import bp as mail_bp
    from wiki.messaging import api as _messaging_api  # noqa: F401 - adds /conversations
    from wiki.messaging.routes import bp as messaging_bp
    from wiki.moderation import api as _reports_api  # noqa: F401 - adds /reports to the API
    from wiki.moderation import justifications as _justifications  # noqa: F401 - its page
    from wiki.moderation.routes import bp as moderation_bp
    from wiki.network import api as _people_api  # noqa: F401 - adds /people to the API
    from wiki.network.routes import bp as network_bp
    from wiki.notifications import api as _notifications_api  # noqa: F401 - /follows...
    from wiki.notifications.routes import bp as notifications_bp
    from wiki.opendata.routes import bp as opendata_bp
    from wiki.pages import masking_api as _masking_api  # noqa: F401 - …/suppress in the API
    from wiki.pages import masking_routes as _masking_routes  # noqa: F401 - masking forms
    from wiki.pages.routes import bp as pages_bp
    from wiki.printing.routes import bp as printing_bp
    from wiki.privacy import api as _privacy_api  # noqa: F401 - adds /me/export, DELETE /me
    from wiki.privacy.routes import bp as privacy_bp
    from wiki.search import api as _search_api  # noqa: F401 - adds /search to the API
    from wiki.search.routes import bp as search_bp
    from wiki.territories.routes import bp as territories_bp
    from wiki.thesaurus.routes import bp as thesaurus_bp

    app.register_blueprint(pages_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(network_bp)
    app.register_blueprint(mail_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(messaging_bp)
    app.register_blueprint(calls_bp)
    app.register_blueprint(charter_bp)
    app.register_blueprint(thesaurus_bp)
    app.register_blueprint(comments_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(opendata_bp)
    app.register_blueprint(printing_bp)
    app.register_blueprint(lifecycle_bp)
    app.register_blueprint(approval_bp)
    app.register_blueprint(groups_bp)
    app.register_blueprint(moderation_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(territories_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
