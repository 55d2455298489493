"""A modal form: labelled fields, each checked as you type, with the reason shown under the field.

The caller gives the fields and a `submit` function that turns the parsed values into a saved record.
A field that does not parse, or a rule the record breaks, is explained inline and marked, and what
was typed stays where it was: nothing is saved until every field is right, and nothing typed is
thrown away. A date typed as a phrase ("next friday") shows the exact date it became under the
field before anything is saved (`date_field`, `wall_time_field`). Leaving a form whose fields were
changed asks first (No unless the person says Yes). When what would be added is already there (a
DuplicateError), the form asks whether to add another (default No) and submits again with `again`
set only on Yes. A field may show a record's text by role (an `Editable`): it is edited where it is
shown, and `submit` gets what it holds as written, names typed earlier kept. Titles, labels,
choices and reasons are shown as typed, never as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Input, Label, Select

from delegate import parsing
from delegate.model import DelegateError
from delegate.services.audience import Editable
from delegate.services.duplicates import DuplicateError
from delegate.ui.widgets.confirm import ConfirmScreen, leave_after_yes
from delegate.ui.widgets.editable import EditableInput, as_typed
from delegate.ui.widgets.plain import Plain, plain


@dataclass(frozen=True)
class Field:
    """One form field. `parse` turns text into a value or raises DelegateError with the reason.

    With `editable` the field shows `editable.shown` (its `value` is not used) and is saved as written.
    """

    name: str
    label: str
    value: str = ""
    placeholder: str = ""
    parse: Callable[[str], Any] | None = None
    required: bool = False
    choices: Sequence[tuple[str, str]] | None = None  # (label, value) for a Select
    editable: Editable | None = None
    describe: Callable[[Any], str] | None = None  # the value as it will be saved, shown under the field

    def convert(self, text: str) -> Any:
        if not text.strip():
            if self.required:
                raise DelegateError(f"{self.label.lower()} is required")
            return None
        return self.parse(text) if self.parse else text.strip()


def date_field(
    name: str, label: str, today: date, value: str = "", *, required: bool = False, placeholder: str = ""
) -> Field:
    """A day: YYYY-MM-DD or a phrase ('next friday', 'in 3 days', 'dec 17', '+7d'), shown exactly
    under the field as it is typed."""
    return Field(
        name,
        label,
        value,
        placeholder or "YYYY-MM-DD, today, next friday, in 3 days, dec 17",
        lambda text: parsing.parse_date(text, today=today),
        required=required,
        describe=lambda day: f"→ {parsing.describe_date(day)}",
    )


def wall_time_field(
    name: str, label: str, now: datetime, value: str = "", *, required: bool = False, placeholder: str = ""
) -> Field:
    """A day and time of day: 'YYYY-MM-DD HH:MM' or a phrase ('tomorrow 18:00', 'dec 17 6pm'),
    shown exactly under the field as it is typed."""
    return Field(
        name,
        label,
        value,
        placeholder or "2026-12-17 18:00, tomorrow 18:00, next thursday 6pm",
        lambda text: parsing.parse_wall_time(text, now=now),
        required=required,
        describe=lambda moment: f"→ {parsing.describe_wall_time(moment)}",
    )


class _FieldValidator(Validator):
    def __init__(self, field: Field) -> None:
        super().__init__()
        self.field = field

    def validate(self, value: str) -> ValidationResult:
        try:
            self.field.convert(value)
        except DelegateError as error:
            return self.failure(str(error))
        return self.success()


class _FormBody(VerticalScroll, can_focus=False):
    """The scrolling body of a form; focus goes to the fields, not to the container."""


class FormScreen(ModalScreen[Any]):
    """Dismisses with whatever `submit` returned, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]
    LEAVE_QUESTION = "Leave this form? What you typed has not been saved."
    _initial: dict[str, str]

    def __init__(self, title: str, fields: Sequence[Field], submit: Callable[[dict[str, Any]], Any]) -> None:
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.submit = submit
        # True only while submitting again after the person said Yes to adding a duplicate;
        # a `submit` that adds reads it and passes it on as the service's `again`.
        self.again = False

    def compose(self) -> ComposeResult:
        with _FormBody(id="form"):
            yield Plain(self.form_title, classes="form-title")
            for field in self.fields:
                yield Label(plain(field.label + (" *" if field.required else "")), classes="field-label")
                if field.choices is not None:
                    yield Select(
                        [(plain(label), value) for label, value in field.choices],
                        value=field.value if field.value else Select.NULL,
                        id=f"field-{field.name}",
                        allow_blank=not field.required,
                    )
                else:
                    yield EditableInput(
                        field.editable or as_typed(field.value),
                        placeholder=field.placeholder,
                        id=f"field-{field.name}",
                        validators=[_FieldValidator(field)],
                        validate_on=["changed", "submitted"],
                    )
                yield Plain("", id=f"hint-{field.name}", classes="field-hint")
                yield Plain("", id=f"error-{field.name}", classes="field-error")
            yield Plain("", id="form-error", classes="field-error")
            with Horizontal(classes="form-buttons"):
                yield Button("Save  ctrl+s", variant="primary", id="save")
                yield Button("Cancel  esc", id="cancel")

    def on_mount(self) -> None:
        self._initial = self._typed()
        for field in self.fields:
            if field.describe is not None and field.value:
                self._describe(field, field.value)
        first = self.fields[0] if self.fields else None
        if first is not None:
            self.query_one(f"#field-{first.name}").focus()

    def _typed(self) -> dict[str, str]:
        """What each field holds now, as typed (a choice by its value)."""
        typed: dict[str, str] = {}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.name}")
            if isinstance(widget, Select):
                typed[field.name] = "" if widget.value is Select.NULL else str(widget.value)
            else:
                assert isinstance(widget, EditableInput)
                typed[field.name] = widget.value
        return typed

    @property
    def changed(self) -> bool:
        """Whether anything was typed or chosen since the form opened."""
        return self._typed() != self._initial

    def _describe(self, field: Field, text: str) -> None:
        """Under a date field: the exact date a phrase became (nothing for a date typed exactly)."""
        hint = self.query_one(f"#hint-{field.name}", Plain)
        if field.describe is None or not text.strip() or parsing.is_exact_date(text):
            hint.update("")
            return
        try:
            hint.update(field.describe(field.convert(text)))
        except DelegateError:
            hint.update("")

    @on(Input.Changed)
    def _show_reason(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("field-")
        result = event.validation_result
        message = "" if result is None or result.is_valid else "; ".join(result.failure_descriptions)
        # While typing a field that is still empty, don't nag; the required check comes on save.
        if not event.value.strip():
            message = ""
        self.query_one(f"#error-{name}", Plain).update(message)
        event.input.set_class(bool(message), "-invalid")
        field = next((field for field in self.fields if field.name == name), None)
        if field is not None:
            self._describe(field, event.value)

    @on(Input.Submitted)
    def _next_or_save(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
        else:
            self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Leave without saving; when something was typed, only after a Yes."""
        if not self.changed:
            self.dismiss(None)
            return
        leave_after_yes(self, self.LEAVE_QUESTION)

    def action_save(self) -> None:
        values: dict[str, Any] = {}
        first_bad: Input | Select[str] | None = None
        for field in self.fields:
            widget = self.query_one(f"#field-{field.name}")
            error = self.query_one(f"#error-{field.name}", Plain)
            if isinstance(widget, Select):
                raw = "" if widget.value is Select.NULL else str(widget.value)
            else:
                assert isinstance(widget, EditableInput)
                raw = widget.written
            try:
                values[field.name] = field.convert(raw)
                error.update("")
                widget.remove_class("-invalid")
            except DelegateError as problem:
                error.update(str(problem))
                widget.add_class("-invalid")
                first_bad = first_bad or widget
        form_error = self.query_one("#form-error", Plain)
        if first_bad is not None:
            form_error.update("Please correct the marked fields; nothing was saved, what you typed is kept.")
            first_bad.focus()
            return
        try:
            result = self.submit(values)
        except DuplicateError as duplicate:
            asked = ConfirmScreen(duplicate.question)
            self.app.push_screen(asked, partial(self._add_again, values, duplicate))
            return
        except DelegateError as problem:
            form_error.update(f"Not saved: {problem}")
            return
        self.dismiss(result)

    def _add_again(self, values: dict[str, Any], duplicate: DuplicateError, yes: bool | None) -> None:
        form_error = self.query_one("#form-error", Plain)
        if not yes:
            form_error.update(f"Not saved: {duplicate.said}.")
            return
        self.again = True
        try:
            result = self.submit(values)
        except DelegateError as problem:
            form_error.update(f"Not saved: {problem}")
            return
        finally:
            self.again = False
        self.dismiss(result)
