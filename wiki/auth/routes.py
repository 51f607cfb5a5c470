"""Sign-in, sign-out, registration, the language switch and the account page."""

from __future__ import annotations

import hashlib

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import refresh as refresh_locale
from flask_login import current_user, login_required, login_user, logout_user

from wiki.auth import accounts
from wiki.auth.forms import (
    AccountForm,
    LanguageForm,
    LoginForm,
    PasswordForm,
    RegisterForm,
    TokenForm,
)
from wiki.auth.throttle import init_throttle, login_throttle
from wiki.database import begin_write
from wiki.errors import InvalidInput, TooManyRequests
from wiki.extensions import db
from wiki.security import safe_next

bp = Blueprint("auth", __name__)
bp.record_once(lambda state: init_throttle(state.app))

# What survives the session reset at sign-in and sign-out: a preference, nothing that grants.
KEPT_ACROSS_SIGN_IN = ("locale",)
FINGERPRINT_KEY = "auth_fp"


def _password_fingerprint(user) -> str:
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def _sign_in(user) -> None:
    _start_fresh_session()
    login_user(user)
    session[FINGERPRINT_KEY] = _password_fingerprint(user)


@bp.before_app_request
def _end_sessions_of_an_old_password() -> None:
    """A new password signs out every other browser: their sessions carry the old one's
    fingerprint. (Sessions without one predate this check and are left alone.)"""
    expected = session.get(FINGERPRINT_KEY)
    if expected and current_user.is_authenticated and (
            expected != _password_fingerprint(current_user)):
        logout_user()
        _start_fresh_session()


def _start_fresh_session() -> None:
    """Flask's session is a signed cookie: clearing it drops whatever an earlier visitor
    (or an attacker who planted a cookie) put there, the CSRF secret included."""
    kept = {key: session[key] for key in KEPT_ACROSS_SIGN_IN if key in session}
    session.clear()
    session.update(kept)


def _client_address() -> str:
    return request.remote_addr or "unknown"


def _apply_field_error(form, error: InvalidInput, default_field: str | None = None) -> bool:
    """Puts a domain error next to its field; false if the form has no such field."""
    field = getattr(form, error.field or default_field or "", None)
    if field is None:
        return False
    field.errors = [*field.errors, error.message] if field.errors else [error.message]
    return True


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"), "")
    next_url = safe_next(form.next.data)
    if current_user.is_authenticated and request.method == "GET":
        return redirect(next_url)
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 400 if form.errors else 200

    throttle = login_throttle()
    wait = throttle.retry_after(_client_address())
    if wait:
        minutes = max(1, -(-wait // 60))
        form.form_errors.append(_("Trop de tentatives de connexion depuis votre adresse : "
                                  "réessayez dans %(minutes)d min.", minutes=minutes))
        return render_template("auth/login.html", form=form), 429

    try:
        attempt = accounts.check_credentials(db.session, form.email.data, form.password.data)
    except TooManyRequests as locked:
        db.session.rollback()
        throttle.record_failure(_client_address())
        form.form_errors.append(locked.message)
        return render_template("auth/login.html", form=form), 429
    begin_write()  # only now, after argon2: a write lock held while hashing would stall writers
    user = accounts.record_attempt(db.session, attempt,
                                   max_failures=current_app.config["LOGIN_MAX_FAILURES"],
                                   lock_seconds=current_app.config["LOGIN_LOCK_SECONDS"])
    db.session.commit()  # failures are counted even when the password was wrong
    if user is None:
        throttle.record_failure(_client_address())
        form.form_errors.append(_("Adresse ou mot de passe incorrect."))
        return render_template("auth/login.html", form=form), 401

    _sign_in(user)
    if user.locale:
        session["locale"] = user.locale
    refresh_locale()  # the welcome speaks the person's language
    flash(_("Bienvenue, %(name)s.", name=user.display_name), "success")
    return redirect(next_url, code=303)


@bp.route("/logout", methods=["POST"])
def logout():
    # POST only, so that CSRFProtect checks its token: a link or an image cannot sign out
    logout_user()
    _start_fresh_session()
    flash(_("Vous êtes déconnecté. À bientôt."), "success")
    return redirect(url_for("auth.login"), code=303)


def _register_page(form: RegisterForm, status: int):
    return render_template("auth/register.html", form=form,
                           min_password_length=accounts.MIN_PASSWORD_LENGTH), status


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect("/")
    form = RegisterForm()
    if not form.validate_on_submit():
        return _register_page(form, 400 if form.errors else 200)
    begin_write()
    try:
        user = accounts.create_user(db.session, form.email.data, form.name.data,
                                    form.password.data)
    except InvalidInput as error:
        db.session.rollback()
        if not _apply_field_error(form, error):
            form.form_errors.append(error.message)
        return _register_page(form, 400)
    locale = session.get("locale")
    if locale in current_app.config["LANGUAGES"]:
        user.locale = locale
    db.session.commit()
    _sign_in(user)
    flash(_("Bienvenue, %(name)s : votre compte est créé.", name=user.display_name), "success")
    return redirect("/", code=303)


@bp.route("/language", methods=["POST"])
def language():
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    session["locale"] = form.locale.data
    if current_user.is_authenticated:
        begin_write()
        current_user.locale = form.locale.data
        db.session.commit()
    return redirect(safe_next(form.next.data), code=303)


def _account_page(status: int = 200, *, account_form=None, password_form=None,
                  token_form=None, new_token: str | None = None, profile_form=None):
    from wiki.network.forms import profile_form as network_profile_form

    user = current_user._get_current_object()
    if profile_form is None:  # the network's section of the page
        profile_form = network_profile_form(user.profile)
    if account_form is None:
        account_form = AccountForm(formdata=None, display_name=user.display_name,
                                   locale=user.locale or "")
    return render_template(
        "auth/account.html", account_form=account_form,
        password_form=password_form or PasswordForm(formdata=None),
        token_form=token_form or TokenForm(formdata=None),
        tokens=accounts.list_tokens(db.session, user), new_token=new_token,
        profile_form=profile_form), status


@bp.route("/account")
@login_required
def account():
    return _account_page()


@bp.route("/account", methods=["POST"])
@login_required
def update_account():
    form = AccountForm()
    if not form.validate_on_submit():
        return _account_page(400, account_form=form)
    begin_write()
    try:
        accounts.update_account(current_user, form.display_name.data, form.locale.data,
                                tuple(current_app.config["LANGUAGES"]))
    except InvalidInput as error:
        db.session.rollback()
        _apply_field_error(form, error, "display_name")
        return _account_page(400, account_form=form)
    db.session.commit()
    if form.locale.data:
        session["locale"] = form.locale.data
    else:
        session.pop("locale", None)
    flash(_("Vos préférences sont enregistrées."), "success")
    return redirect(url_for("auth.account"), code=303)


@bp.route("/account/password")
@bp.route("/account/tokens")
def account_form_targets():
    """Where a form of the account page posts; a GET there (the language switch returns to
    the page it was used on, a reload) lands on the account page."""
    return redirect(url_for("auth.account"))


@bp.route("/account/password", methods=["POST"])
@login_required
def change_password():
    form = PasswordForm()
    if not form.validate_on_submit():
        return _account_page(400, password_form=form)
    begin_write()
    try:
        accounts.change_password(current_user, form.old_password.data, form.new_password.data)
    except InvalidInput as error:
        db.session.rollback()
        _apply_field_error(form, error, "new_password")
        return _account_page(400, password_form=form)
    db.session.commit()
    session[FINGERPRINT_KEY] = _password_fingerprint(current_user)  # this browser stays
    flash(_("Votre mot de passe est changé : vos autres sessions sont fermées."), "success")
    return redirect(url_for("auth.account"), code=303)


@bp.route("/account/tokens", methods=["POST"])
@login_required
def create_token():
    form = TokenForm()
    if not form.validate_on_submit():
        return _account_page(400, token_form=form)
    begin_write()
    token = accounts.create_token(db.session, current_user, (form.label.data or "").strip())
    db.session.commit()
    # Shown in this response only: never stored, never put in the (readable) session cookie.
    return _account_page(201, new_token=token)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int):
    begin_write()
    accounts.revoke_token(db.session, current_user, token_id)
    db.session.commit()
    flash(_("Le jeton est révoqué : il ne donne plus accès à l'API."), "success")
    return redirect(url_for("auth.account"), code=303)
