"""Sign-in, sign-out, registration, the language switch and the account page."""

from __future__ import annotations

import math

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

from wiki.approval.queue import registered
from wiki.auth import accounts, passwords, reauth, throttle
from wiki.auth.forms import (
    AccountForm,
    LanguageForm,
    LoginForm,
    PasswordForm,
    RegisterForm,
    TokenForm,
)
from wiki.database import begin_write
from wiki.errors import InvalidInput
from wiki.extensions import db
from wiki.models import User
from wiki.security import client_address, retry_later, safe_next

bp = Blueprint("auth", __name__)

# What survives the session reset at sign-in and sign-out: a preference, nothing that grants.
KEPT_ACROSS_SIGN_IN = ("locale",)


def _sign_in(user) -> None:
    _start_fresh_session()
    login_user(user)


def _start_fresh_session() -> None:
    """Flask's session is a signed cookie: clearing it drops whatever an earlier visitor
    (or an attacker who planted a cookie) put there, the CSRF secret included."""
    kept = {key: session[key] for key in KEPT_ACROSS_SIGN_IN if key in session}
    session.clear()
    session.update(kept)


def _wait_message(seconds: int) -> str:
    if seconds < 60:
        return _("Trop de tentatives de connexion : réessayez dans %(seconds)d s.", seconds=seconds)
    return _(
        "Trop de tentatives de connexion : réessayez dans %(minutes)d min.",
        minutes=math.ceil(seconds / 60),
    )


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

    policy = throttle.ThrottlePolicy.from_config(current_app.config)
    email, address = form.email.data, client_address()
    wait = throttle.wait_seconds(db.session, policy, email, address)
    if wait:
        form.form_errors.append(_wait_message(wait))
        return retry_later(render_template("auth/login.html", form=form), wait)

    attempt = accounts.check_credentials(db.session, email, form.password.data)
    begin_write()  # only now, after argon2: a write lock held while hashing would stall writers
    user = accounts.complete_sign_in(db.session, attempt)
    if user is None:
        owner = db.session.get(User, attempt.user_id) if attempt.user_id else None
        throttle.record_failure(db.session, policy, email, address, owner)
        db.session.commit()  # failures are counted even though the sign-in failed
        form.form_errors.append(_("Adresse ou mot de passe incorrect."))
        return render_template("auth/login.html", form=form), 401
    throttle.record_success(db.session, email, address)
    db.session.commit()

    _sign_in(user)
    if user.locale:
        session["locale"] = user.locale
    refresh_locale()  # the welcome speaks the person's language
    flash(_("Bienvenue, %(name)s.", name=user.display_name), "success")
    return redirect(next_url, code=303)


@bp.route("/logout", methods=["POST"])
def logout():
    # POST only, so that CSRFProtect checks its token: a link or an image cannot sign out
    if current_user.is_authenticated:
        begin_write()
        accounts.end_sessions(db.session, current_user)  # every browser, not only this one
        db.session.commit()
    logout_user()
    _start_fresh_session()
    flash(_("Vous êtes déconnecté. À bientôt."), "success")
    return redirect(url_for("auth.login"), code=303)


def _register_page(form: RegisterForm, status: int):
    return render_template("auth/register.html", form=form, **_password_lengths()), status


def _password_lengths() -> dict:
    return {
        "min_password_length": passwords.MIN_LENGTH,
        "max_password_length": passwords.MAX_LENGTH,
    }


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect("/")
    form = RegisterForm()
    if not form.validate_on_submit():
        return _register_page(form, 400 if form.errors else 200)
    begin_write()
    try:
        user = accounts.create_user(
            db.session, form.email.data, form.name.data, form.password.data, pending=True
        )
    except InvalidInput as error:
        db.session.rollback()
        if not _apply_field_error(form, error):
            form.form_errors.append(error.message)
        return _register_page(form, 400)
    locale = session.get("locale")
    if locale in current_app.config["LANGUAGES"]:
        user.locale = locale
    registered(db.session, user)  # the confirmation link, and word to the moderators
    db.session.commit()
    _sign_in(user)
    flash(
        _(
            "Bienvenue, %(name)s : votre compte est créé. Confirmez votre adresse avec le lien "
            "que nous venons de vous envoyer ; un modérateur validera ensuite votre compte, "
            "qui ouvre les pages réservées aux adhérents.",
            name=user.display_name,
        ),
        "success",
    )
    return redirect(url_for("auth.account"), code=303)


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


def _account_page(
    status: int = 200,
    *,
    account_form=None,
    password_form=None,
    token_form=None,
    new_token: str | None = None,
    profile_form=None,
):
    from wiki.network.forms import profile_form as network_profile_form

    user = current_user._get_current_object()
    if profile_form is None:  # the network's section of the page
        profile_form = network_profile_form(user.profile)
    if account_form is None:
        account_form = AccountForm(
            formdata=None, display_name=user.display_name, locale=user.locale or ""
        )
    return render_template(
        "auth/account.html",
        account_form=account_form,
        password_form=password_form or PasswordForm(formdata=None),
        token_form=token_form or TokenForm(formdata=None),
        tokens=accounts.list_tokens(db.session, user),
        new_token=new_token,
        profile_form=profile_form,
        **_password_lengths(),
    ), status


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
        accounts.update_account(
            current_user,
            form.display_name.data,
            form.locale.data,
            tuple(current_app.config["LANGUAGES"]),
        )
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
    user = current_user._get_current_object()
    policy = throttle.ThrottlePolicy.from_config(current_app.config)
    address = client_address()
    attempt = reauth.check_password_again(db.session, policy, user, form.old_password.data, address)
    if attempt.wait:
        form.old_password.errors = [reauth.wait_message(attempt.wait)]
        return retry_later(_account_page(429, password_form=form), attempt.wait)
    new_hash, refusal = None, None
    if attempt.password_ok:  # argon2 once more, still before the write lock
        try:
            new_hash = accounts.new_password_hash(user, form.new_password.data)
        except InvalidInput as error:
            refusal = error
    begin_write()
    if not reauth.record_reauthentication(db.session, policy, user, address, attempt):
        db.session.commit()  # the failure counts
        form.old_password.errors = [_("Le mot de passe actuel est incorrect.")]
        return _account_page(400, password_form=form)
    if refusal is not None or new_hash is None:
        db.session.commit()  # the right current password reset the counter
        if refusal is not None:
            _apply_field_error(form, refusal, "new_password")
        return _account_page(400, password_form=form)
    accounts.set_password_hash(db.session, user, new_hash)
    db.session.commit()
    login_user(user)  # this browser stays, under the new generation
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
