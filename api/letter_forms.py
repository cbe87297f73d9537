"""HTML form fields generated from a letter's Pydantic context model, and the way back.

Nested models become dotted names (``recipient.name``), lists of text a textarea with one item
per line, lists of models numbered rows (``allegations.0.category``) with one blank row to add
another. Blank inputs are left out, so the model's validation names what is missing.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Union

from pydantic import BaseModel

EXTRA_ROWS = 1
# An empty list still offers two rows (most letters have more than one allegation).
MIN_ROWS = 2


@dataclass(frozen=True, slots=True)
class FormField:
    name: str
    label: str
    widget: str  # text | date | number | select | checkbox | lines
    value: str
    required: bool
    choices: tuple[str, ...] = ()
    error: str = ""  # shown beside the field after a refused submit
    hint: str = ""  # the context model's description: how the value reads in the letter

    @property
    def dom_id(self) -> str:
        return "f-" + self.name.replace(".", "-")


@dataclass(frozen=True, slots=True)
class FormGroup:
    legend: str
    fields: list[FormField] = field(default_factory=list)
    name: str = ""  # the context key of a nested model or list of models
    error: str = ""


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One refused value in words a coordinator reads: the field's label, not its key."""

    label: str
    message: str
    target: str  # the id of the field (or group) to jump to


def attach_errors(
    groups: list[FormGroup], errors: Mapping[str, str]
) -> tuple[list[FormGroup], list[FieldProblem]]:
    """Put each error beside its field (or on its group); also the summary, in form order.

    ``errors`` are keyed by the context's dotted location (``recipient.address_lines.0``,
    ``allegations``); a list item's error goes to the field holding the list.
    """
    remaining = dict(errors)
    placed: list[FormGroup] = []
    problems: list[FieldProblem] = []
    for group in groups:
        fields: list[FormField] = []
        for item in group.fields:
            message = _take(remaining, item.name)
            if message:
                item = replace(item, error=message)
                problems.append(FieldProblem(_plain(item.label), message, item.dom_id))
            fields.append(item)
        group_error = _take(remaining, group.name) if group.name else ""
        if group_error:
            target = "g-" + group.name
            problems.append(FieldProblem(_plain(group.legend), group_error, target))
        placed.append(replace(group, fields=fields, error=group_error))
    for key, message in remaining.items():
        problems.append(FieldProblem(_label(key.replace(".", " ")), message, "letter-form"))
    return placed, problems


def _take(errors: dict[str, str], name: str) -> str:
    """The errors of ``name`` and of its list items (``name.0``), removed from ``errors``."""
    found = [
        errors.pop(key)
        for key in list(errors)
        if key == name or (key.startswith(name + ".") and key[len(name) + 1 :].isdigit())
    ]
    return "; ".join(dict.fromkeys(found))


def _plain(label: str) -> str:
    return label.split(" (", 1)[0]


def _label(name: str, words: Mapping[str, str] | None = None) -> str:
    """A context name as the form shows it: its ``field_<name>`` interface string, if any."""
    default = name.replace("_", " ").capitalize()
    return words.get(f"field_{name}", default) if words else default


def _word(words: Mapping[str, str] | None, key: str, default: str) -> str:
    return words.get(key, default) if words else default


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(the type without ``None``, whether None is allowed)."""
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _strip_annotated(args[0]), True
    return _strip_annotated(annotation), False


def _strip_annotated(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _list_item(annotation: Any) -> Any | None:
    if typing.get_origin(annotation) is list:
        return _strip_annotated(typing.get_args(annotation)[0])
    return None


def _scalar(name: str, label: str, annotation: Any, value: Any, required: bool) -> FormField:
    text = "" if value is None else str(value)
    if typing.get_origin(annotation) is Literal:
        choices = tuple(str(c) for c in typing.get_args(annotation))
        return FormField(name, label, "select", text, required, choices)
    if annotation is bool:
        return FormField(name, label, "checkbox", "on" if value else "", False)
    if annotation is dt.date:
        return FormField(name, label, "date", text, required)
    if annotation is int:
        return FormField(name, label, "number", text, required)
    return FormField(name, label, "text", text, required)


def form_groups(
    model: type[BaseModel], values: Mapping[str, Any], words: Mapping[str, str] | None = None
) -> list[FormGroup]:
    """The groups of fields for ``model``, filled with ``values`` (a context dict); labels,
    legends and hints in the interface language of ``words`` (``api.i18n.strings_for``)."""
    general = FormGroup(_word(words, "form_general", "Letter"))
    one_per_line = _word(words, "form_one_per_line", " (one per line)")
    groups = [general]
    for name, info in model.model_fields.items():
        annotation, optional = _unwrap(info.annotation)
        required = info.is_required() and not optional
        value = values.get(name)
        item = _list_item(annotation)
        if _is_model(annotation):
            sub = value if isinstance(value, Mapping) else {}
            optional_note = _word(words, "form_optional_group", " (optional: leave blank if none)")
            legend = _label(name, words) + ("" if required else optional_note)
            fields = _model_fields(annotation, sub, f"{name}.", words=words)
            groups.append(FormGroup(legend, fields, name))
        elif item is not None and _is_model(item):
            rows = value if isinstance(value, list) else []
            rows_note = _word(words, "form_rows", " (one per row; blank rows are ignored)")
            group = FormGroup(_label(name, words) + rows_note, name=name)
            for index in range(max(len(rows) + EXTRA_ROWS, MIN_ROWS)):
                row = rows[index] if index < len(rows) and isinstance(rows[index], Mapping) else {}
                prefix = f"{name}.{index}."
                group.fields.extend(_model_fields(item, row, prefix, index + 1, words))
            groups.append(group)
        elif item is not None:
            lines = "\n".join(str(v) for v in value) if isinstance(value, list) else ""
            label = _label(name, words) + one_per_line
            general.fields.append(FormField(name, label, "lines", lines, required))
        else:
            scalar = _scalar(name, _label(name, words), annotation, value, required)
            general.fields.append(replace(scalar, hint=_hint(words, name, info.description)))
    return groups


def _hint(words: Mapping[str, str] | None, name: str, description: str | None) -> str:
    """The model's description of a field, in the interface language when it has one."""
    return _word(words, f"hint_{name}", description or "") if description else ""


def _model_fields(
    model: type[BaseModel],
    values: Mapping[str, Any],
    prefix: str,
    row: int | None = None,
    words: Mapping[str, str] | None = None,
) -> list[FormField]:
    fields: list[FormField] = []
    one_per_line = _word(words, "form_one_per_line", " (one per line)")
    for name, info in model.model_fields.items():
        annotation, optional = _unwrap(info.annotation)
        required = info.is_required() and not optional
        label = _label(name, words) if row is None else f"{row}. {_label(name, words)}"
        value = values.get(name)
        if _list_item(annotation) is not None:
            lines = "\n".join(str(v) for v in value) if isinstance(value, list) else ""
            fields.append(FormField(prefix + name, label + one_per_line, "lines", lines, required))
        else:
            scalar = _scalar(prefix + name, label, annotation, value, required)
            fields.append(replace(scalar, hint=_hint(words, name, info.description)))
    return fields


def context_from_form(model: type[BaseModel], form: Mapping[str, str]) -> dict[str, Any]:
    """The context a submitted form describes; blank inputs are omitted."""
    context: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        annotation, _optional = _unwrap(info.annotation)
        item = _list_item(annotation)
        if _is_model(annotation):
            sub = _model_from_form(annotation, form, f"{name}.")
            if sub:
                context[name] = sub
        elif item is not None and _is_model(item):
            rows = []
            index = 0
            while any(key.startswith(f"{name}.{index}.") for key in form):
                row = _model_from_form(item, form, f"{name}.{index}.")
                if row:
                    rows.append(row)
                index += 1
            if rows:
                context[name] = rows
        else:
            value = _value(annotation, form, name)
            if value is not None:
                context[name] = value
    return context


def _model_from_form(
    model: type[BaseModel], form: Mapping[str, str], prefix: str
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        annotation, _optional = _unwrap(info.annotation)
        value = _value(annotation, form, prefix + name)
        if value is not None and value is not False:
            result[name] = value
    return result


def _value(annotation: Any, form: Mapping[str, str], key: str) -> Any:
    if annotation is bool:
        return key in form and form[key] not in ("", "off")
    raw = form.get(key, "").strip()
    if _list_item(annotation) is not None:
        items = [line.strip() for line in raw.splitlines() if line.strip()]
        return items or None
    return raw or None
