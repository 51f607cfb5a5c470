"""The forms of the pages blueprint: a page (one input per field of its kind), a follow-up,
a revert, a tag of the vocabulary. Forms turn input into domain values; they decide nothing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from itertools import zip_longest

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    Field,
    FieldList,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

try:  # WTForms 3.3 deprecates (value, label) tuples
    from wtforms.fields.choices import SelectChoice as choice
except ImportError:  # pragma: no cover - older WTForms

    def choice(value, label):
        return (value, label)


from wiki.access import GROUP_PREFIX, MEMBERS, PUBLIC, approved_member, may_set_visibility
from wiki.content.charter import KINDS
from wiki.errors import InvalidInput, WikiError
from wiki.extensions import db
from wiki.lifecycle.forms import stage_inputs
from wiki.models import Group, Membership, Page, Tag
from wiki.pages import typed_fields
from wiki.pages.charter_review import (
    MAX_JUSTIFICATION_LENGTH,
    Justification,
    pseudonym,
    replace_everywhere,
)
from wiki.pages.editing import MAX_BODY_LENGTH, MAX_SUMMARY_LENGTH, MAX_TITLE_LENGTH, PageDraft
from wiki.pages.kinds import FIELDS_BY_KIND, FOLLOW_UP_AREAS, MAX_FIELD_LENGTH, FieldSpec
from wiki.pages.tagging import parse_tag_input
from wiki.pages.typed_inputs import TYPED_INPUTS, FreeText, session_input


class CheckboxListField(SelectMultipleField):
    """Several choices as a list of labelled checkboxes (works without JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PageForm(FlaskForm):
    """Common inputs; page_form() adds the fields of a kind."""

    field_specs: tuple[FieldSpec, ...] = ()

    title = StringField(
        _l("Titre"),
        validators=[InputRequired(_l("Le titre est obligatoire.")), Length(max=MAX_TITLE_LENGTH)],
    )
    body = TextAreaField(
        _l("Texte (Markdown)"), validators=[Length(max=MAX_BODY_LENGTH)], render_kw={"rows": 18}
    )
    controlled_tags = CheckboxListField(
        _l("Étiquettes du vocabulaire"), choices=[], validate_choice=True
    )
    tags = StringField(_l("Autres étiquettes"))
    # The choices are those the person may take (page_form); what is sent is checked by the
    # domain (access.may_set_visibility), whose refusal says who may widen.
    visibility = SelectField(_l("Visibilité"), choices=[], validate_choice=False)
    widening_reserved = False  # some wider choices are withheld from this person
    summary = StringField(
        _l("Résumé de la modification"), validators=[Optional(), Length(max=MAX_SUMMARY_LENGTH)]
    )
    minor = BooleanField(_l("Modification mineure"))
    slug = HiddenField()
    base_revision = HiddenField()

    def kind_fields(self):
        return [self[spec.name] for spec in self.field_specs if spec.name not in self.typed_names]

    typed_names: tuple[str, ...] = ()  # the fields with typed inputs (page_form_class)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        self._typed, self._typed_text = {}, {}
        for name in self.typed_names:
            try:
                read = TYPED_INPUTS[name].read(self)
            except InvalidInput as error:
                self.place_error(error.field, error.message)
                valid = False
                continue
            if isinstance(read, FreeText):  # the text of an older page, kept as it is
                self._typed_text[name] = read
            elif read is not None:
                key = typed_fields.TYPED_KEYS[name]
                try:
                    self._typed[key] = typed_fields.check_value(key, read)
                except InvalidInput as error:
                    self.place_error(TYPED_INPUTS[name].first, error.message)
                    valid = False
        return valid

    def to_draft(self, kind: str) -> PageDraft:
        """The draft of what was sent (after validate(): the typed inputs are checked)."""
        fields = {
            spec.name: self[spec.name].data or ""
            for spec in self.field_specs
            if spec.name not in self.typed_names
        }
        typed = {
            key: value for key, value in getattr(self, "_typed", {}).items() if value is not None
        }
        for key, value in typed.items():
            fields[typed_fields.TEXT_FIELDS[key]] = typed_fields.format_value(key, value)
        fields.update(getattr(self, "_typed_text", {}))
        return PageDraft(
            kind=kind,
            title=self.title.data or "",
            body=self.body.data or "",
            fields=fields,
            typed_fields=typed,
            tags=list(self.controlled_tags.data or []) + parse_tag_input(self.tags.data or ""),
            visibility=self.visibility.data or PUBLIC,
            summary=self.summary.data or "",
            slug=self.slug.data or None,
            minor=bool(self.minor.data),
        )

    def fill_from_page(self, page: Page) -> None:
        revision = page.current_revision
        self.title.data = revision.title
        self.body.data = revision.body
        self._fill_fields(revision.fields or {}, revision.typed_fields or {})
        self.fill_tags(page.tags)
        self.visibility.data = page.visibility
        self.base_revision.data = str(page.version)
        if "stage" in self._fields:
            self.stage.data = page.stage or ""

    def fill_tags(self, tags: list[Tag]) -> None:
        self.controlled_tags.data = [t.slug for t in tags if t.controlled]
        self.tags.data = ", ".join(t.label_fr for t in tags if not t.controlled)

    def fill_from_draft(self, draft: PageDraft) -> None:
        """The texts of `draft` back in the inputs (after replacements on the review page)."""
        self.title.data, self.body.data, self.summary.data = (
            draft.title,
            draft.body,
            draft.summary,
        )
        self._fill_fields(draft.fields, draft.typed_fields or {})

    def _fill_fields(self, fields: dict, typed: dict) -> None:
        for spec in self.field_specs:
            if spec.name in self.typed_names:
                TYPED_INPUTS[spec.name].fill(
                    self, fields.get(spec.name, ""), typed.get(typed_fields.TYPED_KEYS[spec.name])
                )
            else:
                self[spec.name].data = fields.get(spec.name, "")

    def base_revision_number(self) -> int | None:
        value = (self.base_revision.data or "").strip()
        return int(value) if value.isdigit() else None

    def place_error(self, field: str | None, message: str) -> None:
        """A domain error shown next to its input, or above the form."""
        if field in self.typed_names:  # a typed field's error: next to its first input
            field = TYPED_INPUTS[field].first
        target = self._fields.get(field) if field else None
        if target is None and field and "-" in field:  # an input of a session
            target = session_input(self, field)
        if target is None or isinstance(target, HiddenField):
            self.form_errors.append(message)
        else:
            target.errors = [*target.errors, message]


def hidden_values(form: FlaskForm) -> list[tuple[str, str]]:
    """Every value of `form` (but its CSRF token) as (name, value) pairs, for a page that
    carries the writer's text to the next step in hidden inputs (the charter review)."""
    pairs: list[tuple[str, str]] = []
    for input_field in _flat_inputs(form):
        if input_field.name == "csrf_token":
            continue
        data = input_field.data
        if data is False:  # an unchecked box sends nothing
            continue
        if isinstance(data, list | tuple):
            pairs += [(input_field.name, str(value)) for value in data]
        elif isinstance(data, date):
            pairs.append((input_field.name, data.isoformat()))
        elif data not in (None, ""):
            pairs.append((input_field.name, str(data)))
    return pairs


def _flat_inputs(fields):
    """Every input, those of repeated sub-forms (the sessions) one by one."""
    for input_field in fields:
        if isinstance(input_field, FieldList):
            yield from _flat_inputs(input_field.entries)
        elif isinstance(input_field, FormField):
            yield from _flat_inputs(input_field.form)
        else:
            yield input_field


MAX_REVIEWED_PASSAGES = 200


class ReviewAnswers:
    """What the writer answered on the charter review page: passages to replace everywhere
    (a name by initials), passages kept with a reason, and those left without an answer.

    An answer is what the writer typed: a replacement replaces, a reason justifies (no
    script is needed to choose between the two)."""

    def __init__(self, formdata, *, kept: Iterable[Justification] = ()) -> None:
        self.replacements: dict[str, str] = {}
        self.justifications: list[Justification] = list(kept)
        self.errors: dict[str, str] = {}
        for text, reason, kind in zip_longest(
            formdata.getlist("justified_text"),
            formdata.getlist("justified_reason"),
            formdata.getlist("justified_kind"),
            fillvalue="",
        ):
            if text.strip() and reason.strip():
                self.justifications.append(
                    Justification(
                        text.strip()[:MAX_JUSTIFICATION_LENGTH],
                        " ".join(reason.split())[:MAX_JUSTIFICATION_LENGTH],
                        kind=kind if kind in KINDS else None,
                    )
                )
        for index in range(MAX_REVIEWED_PASSAGES):
            passage = formdata.get(f"passage-{index}")
            if passage is None:
                break
            replacement = " ".join(formdata.get(f"replacement-{index}", "").split())
            reason = " ".join(formdata.get(f"reason-{index}", "").split())
            if replacement and reason:
                self.errors[passage] = str(
                    _l("Remplacez ce passage ou justifiez-le, pas les deux.")
                )
            elif replacement:
                self.replacements[passage] = replacement[:MAX_JUSTIFICATION_LENGTH]
                self.justifications.append(pseudonym(self.replacements[passage]))
            elif reason:
                self.justifications.append(
                    Justification(passage, reason[:MAX_JUSTIFICATION_LENGTH])
                )

    def apply(self, draft: PageDraft) -> PageDraft:
        """`draft` with every replacement made in its title, fields, body and summary."""
        if not self.replacements:
            return draft
        texts = replace_everywhere(
            {
                "title": draft.title,
                "body": draft.body,
                "summary": draft.summary,
                **{f"field:{k}": str(v) for k, v in draft.fields.items()},
            },
            self.replacements,
        )
        draft.title, draft.body, draft.summary = texts["title"], texts["body"], texts["summary"]
        old_fields = dict(draft.fields)
        draft.fields = {k: texts[f"field:{k}"] for k in draft.fields}
        # A typed value says what its text says: read again where a passage was replaced.
        draft.typed_fields = typed_fields.refresh(
            draft.kind, old_fields, draft.fields, draft.typed_fields or {}
        )
        return draft


def focus_first_error(form: FlaskForm) -> None:
    """The first input in error gets `autofocus`: the browser shows the form there and a
    screen reader reads the error, with no script. (A new dict: render_kw is shared by
    every form built from the same class.)"""
    for input_field in form:
        if input_field.errors and not isinstance(input_field, HiddenField):
            input_field.render_kw = {**(input_field.render_kw or {}), "autofocus": True}
            return


def show_error(form: FlaskForm, error: WikiError, *, fallback: Field) -> None:
    """A domain error shown next to the input it names, else next to `fallback`."""
    target = form._fields.get(error.field or "", fallback)
    target.errors = [*target.errors, error.message]


_FORM_CLASSES: dict[str, type[PageForm]] = {}


def page_form_class(kind: str) -> type[PageForm]:
    """A PageForm with one input per field of `kind`, labelled as in kinds.py."""
    if kind not in _FORM_CLASSES:
        typed = typed_fields.typed_names(kind)
        attributes: dict = {"field_specs": FIELDS_BY_KIND[kind], "typed_names": typed}
        for spec in FIELDS_BY_KIND[kind]:
            if spec.name in typed:
                attributes.update(TYPED_INPUTS[spec.name].inputs(spec))
                continue
            field_class = TextAreaField if spec.multiline else StringField
            render_kw = {"rows": 4} if spec.multiline else None
            attributes[spec.name] = field_class(
                spec.label,
                validators=[Optional(), Length(max=MAX_FIELD_LENGTH)],
                render_kw=render_kw,
                description=spec.help,
            )
        if kind == "innovation":  # its stage (wiki.lifecycle): recorded when it changes
            attributes.update(stage_inputs())
        _FORM_CLASSES[kind] = type(f"{kind.title()}PageForm", (PageForm,), attributes)
    return _FORM_CLASSES[kind]


def page_form(kind: str, user, *, page: Page | None = None, **kwargs) -> PageForm:
    form = page_form_class(kind)(**kwargs)
    form.controlled_tags.choices = [
        choice(tag.slug, tag.label_fr)
        for tag in db.session.scalars(
            select(Tag).where(Tag.controlled.is_(True)).order_by(Tag.label_fr)
        )
    ]
    choices = visibility_choices(user, page.visibility if page else None)
    if page is not None:
        allowed = [c for c in choices if may_set_visibility(user, page, _value(c))]
        form.widening_reserved = len(allowed) < len(choices)
        choices = allowed
    form.visibility.choices = choices
    return form


def _value(choice_) -> str:
    return next(iter(choice_))


def visibility_choices(user, current: str | None = None) -> list:
    """Public, approved members, and the groups `user` belongs to (plus the page's own
    setting); a group of others, closed or not, is never offered."""
    choices = [
        choice(PUBLIC, str(_l("Public : tout le monde"))),
        choice(MEMBERS, str(_l("Adhérents validés : les membres approuvés de l'association"))),
    ]
    person = approved_member(user)
    if person is not None:
        groups = db.session.scalars(
            select(Group)
            .join(Membership)
            .where(Membership.user_id == person.id)
            .order_by(Group.name)
        )
        choices += [
            choice(GROUP_PREFIX + g.slug, str(_l("Groupe : %(name)s", name=g.name))) for g in groups
        ]
    if current and current not in {_value(c) for c in choices}:
        choices.append(choice(current, current))
    return choices


class FollowUpForm(FlaskForm):
    observed_on = DateField(
        _l("Date de l'observation"),
        default=date.today,
        validators=[InputRequired(_l("Indiquez une date."))],
    )
    area = SelectField(
        _l("Effets observés"),
        choices=[choice(key, label) for key, label in FOLLOW_UP_AREAS.items()],
    )
    text = TextAreaField(
        _l("Ce qui a été observé"),
        validators=[
            InputRequired(_l("Décrivez les effets observés.")),
            Length(max=MAX_FIELD_LENGTH),
        ],
        render_kw={"rows": 4},
    )


class DeleteForm(FlaskForm):
    """Only a CSRF token: a deletion is a POST of its own."""


class RevertForm(FlaskForm):
    """Only a CSRF token and the version the person was looking at."""

    base_revision = HiddenField()


class TagForm(FlaskForm):
    slug = StringField(_l("Identifiant (facultatif)"), validators=[Optional(), Length(max=80)])
    label_fr = StringField(
        _l("Libellé en français"),
        validators=[InputRequired(_l("Le libellé français est obligatoire.")), Length(max=80)],
    )
    label_en = StringField(_l("Libellé en anglais"), validators=[Optional(), Length(max=80)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    controlled = BooleanField(_l("Fait partie du vocabulaire contrôlé"), default=True)
    reason = StringField(
        _l("Motif (pour le journal de modération)"), validators=[Optional(), Length(max=300)]
    )


class MergeTagForm(FlaskForm):
    """Merge a tag into another: its pages, profiles and followers move there."""

    target = SelectField(_l("Fusionner dans"), validators=[InputRequired()])
    reason = StringField(
        _l("Motif (pour le journal de modération)"), validators=[Optional(), Length(max=300)]
    )
