"""The online form of a procedure, rendered from its JSON Schema and read back from a POST.

Raw values are kept as entered (dotted names → strings), so a draft shows exactly what the applicant
typed; `to_data` converts them to the typed object the schema describes, and `validate` reports every
problem by dotted field name with a message for people (jsonschema's own messages are for developers).
Supported: nested objects (as fieldsets), string, integer, number, boolean, enum / oneOf-const, and
string with format "date".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.procedures.forms import form_errors

PREFIX = "f_"
MAX_VALUE = 5000  # characters kept of one answer (the schema's maxLength still applies)

# Labels for common property names, used when a schema gives no "title".
COMMON_LABELS = {
    "full_name": gettext_lazy("Full name"),
    "personal_id": gettext_lazy("Personal ID number"),
    "birth_date": gettext_lazy("Date of birth"),
    "sex": gettext_lazy("Sex"),
    "address": gettext_lazy("Address"),
    "phone": gettext_lazy("Phone"),
    "email": gettext_lazy("Email"),
    "pages": gettext_lazy("Number of pages"),
    "copies": gettext_lazy("Number of copies"),
    "reason": gettext_lazy("Reason"),
    "note": gettext_lazy("Note"),
    "child": gettext_lazy("Child"),
    "mother": gettext_lazy("Mother"),
    "father": gettext_lazy("Father"),
    "requester": gettext_lazy("Person making the request"),
}


@dataclass
class Leaf:
    name: str  # dotted path, e.g. "child.full_name"
    label: str
    kind: str  # text, integer, number, boolean, choice, date
    required: bool
    value: object = ""
    choices: list = field(default_factory=list)
    help: str = ""
    errors: list = field(default_factory=list)
    attrs: dict = field(default_factory=dict)
    is_group: bool = False

    @property
    def html_name(self) -> str:
        return PREFIX + self.name

    @property
    def html_id(self) -> str:
        return "f-" + self.name.replace(".", "-")


@dataclass
class Group:
    name: str
    label: str
    required: bool
    items: list
    help: str = ""
    is_group: bool = True

    @property
    def html_id(self) -> str:
        return "g-" + self.name.replace(".", "-")


def _label(key: str, node: dict) -> str:
    if node.get("title"):
        return str(node["title"])
    if key in COMMON_LABELS:
        return str(COMMON_LABELS[key])
    return key.replace("_", " ").capitalize()


def _choices(node: dict) -> list[tuple[str, str]] | None:
    if "enum" in node:
        names = node.get("enumNames") or node.get("x-enumNames") or []
        return [(str(v), str(names[i]) if i < len(names) else str(v)) for i, v in enumerate(node["enum"])]
    options = node.get("oneOf") or node.get("anyOf")
    if options and all(isinstance(o, dict) and "const" in o for o in options):
        return [(str(o["const"]), str(o.get("title", o["const"]))) for o in options]
    return None


def _kind(node: dict) -> str:
    if _choices(node) is not None:
        return "choice"
    kind = node.get("type")
    if kind == "integer":
        return "integer"
    if kind == "number":
        return "number"
    if kind == "boolean":
        return "boolean"
    if kind == "string" and node.get("format") == "date":
        return "date"
    if kind == "string" and (node.get("maxLength") or 0) > 200:
        return "textarea"
    return "text"


def _attrs(node: dict, kind: str) -> dict:
    attrs = {}
    if kind in ("text", "textarea"):
        if "minLength" in node:
            attrs["minlength"] = node["minLength"]
        if "maxLength" in node:
            attrs["maxlength"] = node["maxLength"]
    if kind in ("integer", "number"):
        if "minimum" in node:
            attrs["min"] = node["minimum"]
        if "maximum" in node:
            attrs["max"] = node["maximum"]
        attrs["step"] = "1" if kind == "integer" else "any"
    return attrs


def _properties(node: dict) -> list[tuple[str, dict]]:
    return [(k, v) for k, v in (node.get("properties") or {}).items() if isinstance(v, dict)]


def is_object(node: dict) -> bool:
    return node.get("type") == "object" or ("properties" in node and "type" not in node)


def build(schema: dict, raw: dict, errors: dict[str, list[str]] | None = None) -> list:
    """The form's items (Leaf and Group) with the entered values and their errors."""
    errors = errors or {}

    def walk(node: dict, prefix: str) -> list:
        required = set(node.get("required") or [])
        items = []
        for key, child in _properties(node):
            name = f"{prefix}{key}"
            if is_object(child):
                items.append(
                    Group(
                        name, _label(key, child), key in required, walk(child, name + "."), child.get("description", "")
                    )
                )
                continue
            kind = _kind(child)
            value = raw.get(name, "" if kind != "boolean" else False)
            items.append(
                Leaf(
                    name=name,
                    label=_label(key, child),
                    kind=kind,
                    required=key in required and kind != "boolean",
                    value=value,
                    choices=_choices(child) or [],
                    help=str(child.get("description", "")),
                    errors=errors.get(name, []),
                    attrs=_attrs(child, kind),
                )
            )
        return items

    return walk(schema, "")


def leaves(items: list) -> list[Leaf]:
    out = []
    for item in items:
        out.extend(leaves(item.items) if item.is_group else [item])
    return out


def raw_from_post(schema: dict, post) -> dict:
    """The entered values of the form from a POST (QueryDict), by dotted name."""
    raw = {}
    for leaf in leaves(build(schema, {})):
        if leaf.kind == "boolean":
            raw[leaf.name] = post.get(leaf.html_name) in ("on", "true", "1")
        else:
            raw[leaf.name] = (post.get(leaf.html_name) or "").strip()[:MAX_VALUE]
    return raw


def to_data(schema: dict, raw: dict) -> tuple[dict, dict[str, list[str]]]:
    """(the typed form data, errors of values that could not be converted)."""
    problems: dict[str, list[str]] = {}

    def convert(node: dict, name: str, value):
        kind = _kind(node)
        if kind == "boolean":
            return bool(value)
        if value in ("", None):
            return None
        if kind == "choice":
            for option in node.get("enum") or [o["const"] for o in node.get("oneOf") or node.get("anyOf") or []]:
                if str(option) == str(value):
                    return option
            problems[name] = [_("Choose one of the options.")]
            return None
        if kind == "integer":
            try:
                return int(str(value).replace(".", "").replace(",", "").replace(" ", ""))
            except ValueError:
                problems[name] = [_("Enter a whole number.")]
                return None
        if kind == "number":
            try:
                number = Decimal(str(value).replace(",", "."))
            except InvalidOperation:
                problems[name] = [_("Enter a number.")]
                return None
            return int(number) if number == number.to_integral_value() else float(number)
        if kind == "date":
            try:
                date.fromisoformat(str(value))
            except ValueError:
                problems[name] = [_("Enter a date as dd/mm/yyyy.")]
                return None
        return str(value)

    def walk(node: dict, prefix: str, keep_empty: bool) -> dict | None:
        out = {}
        for key, child in _properties(node):
            name = f"{prefix}{key}"
            required = key in (node.get("required") or [])
            if is_object(child):
                sub = walk(child, name + ".", required)
                if sub is not None:
                    out[key] = sub
                continue
            value = convert(child, name, raw.get(name, ""))
            if value is not None:
                out[key] = value
        has_values = any(v is not False for v in out.values())
        return out if (has_values or keep_empty) else None

    return walk(schema, "", True) or {}, problems


def _node_at(schema: dict, name: str) -> dict:
    node = schema
    for part in name.split("."):
        node = (node.get("properties") or {}).get(part) or {}
    return node


def message(schema: dict, name: str, code: str) -> str:
    """A message for people for a jsonschema violation `code` (the validator's keyword) at `name`."""
    node = _node_at(schema, name)
    if code == "required":
        return _("This field is required.")
    if code == "minLength":
        return _("Enter at least %(n)s characters.") % {"n": node.get("minLength")}
    if code == "maxLength":
        return _("Enter at most %(n)s characters.") % {"n": node.get("maxLength")}
    if code in ("minimum", "exclusiveMinimum"):
        return _("Enter a number of at least %(n)s.") % {"n": node.get("minimum", node.get("exclusiveMinimum"))}
    if code in ("maximum", "exclusiveMaximum"):
        return _("Enter a number of at most %(n)s.") % {"n": node.get("maximum", node.get("exclusiveMaximum"))}
    if code in ("enum", "const", "oneOf", "anyOf"):
        return _("Choose one of the options.")
    if code == "type":
        return _("Enter a value of the right kind.")
    if code == "pattern":
        if node.get("pattern") == r"^\d{12}$":
            return _("Enter the 12 digits of the ID number.")
        if node.get("format") == "date":
            return _("Enter a date as dd/mm/yyyy.")
        return _("Check the format of this value.")
    if code == "format":
        return _("Check the format of this value.")
    return _("This value is not valid.")


def validate(schema: dict, raw: dict) -> tuple[dict, dict[str, list[str]]]:
    """(typed data, errors by dotted name); no errors means the data fit the schema."""
    data, errors = to_data(schema, raw)
    for problem in form_errors(schema, data):
        if problem.name in errors:
            continue  # already told why (not a number, not a date)
        errors.setdefault(problem.name, [])
        text = message(schema, problem.name, problem.code)
        if text not in errors[problem.name]:
            errors[problem.name].append(text)
    return data, errors


def errors_from_problem(schema: dict, invalid_params) -> dict[str, list[str]]:
    """Field errors from a ProblemError's invalid_params about the form data (names without a prefix)."""
    out: dict[str, list[str]] = {}
    for p in invalid_params:
        out.setdefault(p.name, []).append(message(schema, p.name, p.code))
    return out


def display(schema: dict, data: dict) -> list[tuple[str, str, int]]:
    """(label, shown value, depth) rows of typed data for the review page and the dossier page."""
    rows = []

    def walk(node: dict, values: dict, depth: int):
        for key, child in _properties(node):
            if key not in values:
                continue
            value = values[key]
            if is_object(child) and isinstance(value, dict):
                rows.append((_label(key, child), "", depth))
                walk(child, value, depth + 1)
                continue
            if isinstance(value, bool):
                shown = _("Yes") if value else _("No")
            elif _choices(child):
                shown = dict(_choices(child)).get(str(value), str(value))
            elif _kind(child) == "date":
                try:
                    shown = date.fromisoformat(str(value)).strftime("%d/%m/%Y")
                except ValueError:
                    shown = str(value)
            else:
                shown = str(value)
            rows.append((_label(key, child), shown, depth))

    walk(schema or {}, data or {}, 0)
    return rows
