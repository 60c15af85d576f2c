"""Import device types from the community device-type library's YAML (github.com/nautobot/devicetype-library).

One file describes one device type: its manufacturer, model, height and the component templates of every
kind (`console-ports`, `interfaces`, `front-ports`, ...). `import_device_type` makes the database say what
the file says, in one transaction: it creates the manufacturer and the device type when they are missing,
changes the fields that differ, and creates or changes each template by name. A second import of the same
file changes nothing and says so. Templates the file does not name are left alone (an operator may have
added them).

What the file may hold is what Nautobot's own device-type import reads (its import forms): keys it ignores
(`weight`, `airflow`, `front_image`, a component's `poe_mode`, ...) are ignored here too; a component type
Nautobot does not know becomes "other", as in Nautobot; `module-bays` are skipped until netkeel has modules.
A file that Nautobot would refuse (a height of 0.5U, a front port naming a rear port that is not there) is
refused with its line and reason, and nothing of it is written.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from netkeel.dcim.models import (
    ComponentTemplate,
    ConsolePortTemplate,
    ConsoleServerPortTemplate,
    DeviceBayTemplate,
    DeviceType,
    FrontPortTemplate,
    InterfaceTemplate,
    Manufacturer,
    PowerOutletTemplate,
    PowerPortTemplate,
    RearPortTemplate,
)
from netkeel.extras.changelog import record_bulk_create

# The device type's own fields a file sets, with the value a file that leaves one out means (Nautobot's
# defaults: its import fills a missing field with the form's initial value).
DEVICE_TYPE_FIELDS: dict[str, Any] = {
    "part_number": "",
    "u_height": 1,
    "is_full_depth": True,
    "subdevice_role": "",
    "comments": "",
}


@dataclass(frozen=True)
class Kind:
    """A component key of the file, its template model and the fields read from each entry."""

    key: str
    model: type[ComponentTemplate]
    fields: tuple[str, ...]
    # A field naming another template of the file: (file key, model field, the kind it names).
    reference: tuple[str, str, str] | None = None


# In the order they are written: rear ports before the front ports that name them, power ports before the
# outlets fed from them.
KINDS: tuple[Kind, ...] = (
    Kind("console-ports", ConsolePortTemplate, ("label", "description", "type")),
    Kind("console-server-ports", ConsoleServerPortTemplate, ("label", "description", "type")),
    Kind("power-ports", PowerPortTemplate, ("label", "description", "type", "maximum_draw", "allocated_draw")),
    Kind(
        "power-outlets",
        PowerOutletTemplate,
        ("label", "description", "type", "feed_leg"),
        reference=("power_port", "power_port_template", "power-ports"),
    ),
    Kind("interfaces", InterfaceTemplate, ("label", "description", "type", "mgmt_only")),
    Kind("rear-ports", RearPortTemplate, ("label", "description", "type", "positions")),
    Kind(
        "front-ports",
        FrontPortTemplate,
        ("label", "description", "type", "rear_port_position"),
        reference=("rear_port", "rear_port_template", "rear-ports"),
    ),
    Kind("device-bays", DeviceBayTemplate, ("label", "description")),
)
SKIPPED_KEYS = {"module-bays": "module bays (netkeel has no modules yet)"}


class DeviceTypeFileError(Exception):
    """A file that cannot be imported: why, and the line (1-based) that says so when it is known."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass(frozen=True)
class ImportedDeviceType:
    """What importing one file did: `action` is created, updated or unchanged."""

    device_type: str
    action: str
    templates_created: int = 0
    templates_updated: int = 0
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class FailedFile:
    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


@dataclass
class ImportReport:
    """What an import of many files did, file by file."""

    imported: list[tuple[str, ImportedDeviceType]] = field(default_factory=list)
    failed: list[FailedFile] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for _, outcome in self.imported if outcome.action == action)

    @property
    def changed(self) -> bool:
        return any(outcome.action != "unchanged" for _, outcome in self.imported)

    def summary(self) -> str:
        files = len(self.imported) + len(self.failed)
        text = (
            f"{files} file(s): {self.count('created')} device type(s) created, {self.count('updated')} updated, "
            f"{self.count('unchanged')} unchanged"
        )
        if self.failed:
            text += f"; {len(self.failed)} file(s) could not be imported (listed above)"
        elif not self.changed and self.imported:
            text += "; nothing changed"
        return text + "."


class _Mapping(dict[str, Any]):
    """A YAML mapping that knows its line and each key's line, to point at what is wrong."""

    line: int = 0
    key_lines: dict[str, int]


class _LineLoader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    pass


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> _Mapping:
    mapping = _Mapping()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _yaml_failure(exc: yaml.YAMLError) -> DeviceTypeFileError:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        return DeviceTypeFileError(f"not valid YAML: {exc.problem or exc.context}", line)
    return DeviceTypeFileError(f"not valid YAML: {exc}")


def parse_device_type(text: str) -> _Mapping:
    """The file's top mapping; a YAML error or a file that is not a mapping is a `DeviceTypeFileError`."""
    try:
        data = yaml.load(text, Loader=_LineLoader)  # a safe loader: CSafeLoader or SafeLoader
    except yaml.YAMLError as exc:
        raise _yaml_failure(exc) from None
    if not isinstance(data, _Mapping):
        raise DeviceTypeFileError("a device type file is a YAML mapping (manufacturer, model, ...)", 1)
    return data


def _field(model: type[models.Model] | models.Model, name: str) -> models.Field[Any, Any]:
    found = model._meta.get_field(name)
    assert isinstance(found, models.Field), f"{name} is a concrete field"
    return found


def _line_of(data: _Mapping, key: str | None = None) -> int:
    if key is not None and key in data.key_lines:
        return data.key_lines[key]
    return data.line


def _whole_number(value: Any, where: _Mapping, key: str) -> Any:
    """Integers as Nautobot's import form reads them: 2, "2" and 2.0 are 2; 0.5 is refused."""
    if isinstance(value, bool) or value is None or value == "":
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise DeviceTypeFileError(f"{key}: enter a whole number, not {value}.", _line_of(where, key))
        return int(value)
    return value


def _field_value(model: type[models.Model], name: str, value: Any, where: _Mapping) -> Any:
    model_field = _field(model, name)
    if isinstance(model_field, models.IntegerField):
        value = _whole_number(value, where, name)
    if value is None and isinstance(model_field, models.CharField):
        return ""
    if isinstance(model_field, models.CharField) and not isinstance(value, str):
        value = str(value)
    try:
        return model_field.to_python(value)
    except ValidationError as exc:
        raise DeviceTypeFileError(f"{name}: {' '.join(exc.messages)}", _line_of(where, name)) from None


@functools.cache
def _types_of(model: type[models.Model]) -> frozenset[str]:
    return frozenset(str(choice) for choice, _ in _field(model, "type").flatchoices)


def _other_if_unknown(model: type[models.Model], value: str, notes: list[str], name: str) -> str:
    """A type Nautobot does not know becomes "other", as Nautobot's import makes it."""
    if value and value not in _types_of(model):
        notes.append(f"{name}: type {value!r} is unknown, imported as 'other'")
        return "other"
    return value


def _check(obj: models.Model, where: _Mapping, label: str) -> None:
    """The model's own judgement (fields and `clean`), without the queries that would cost one per row:
    the uniqueness checks (the import matches names itself) and the existence of related rows (the import
    has just read or written them)."""
    relations = [model_field.name for model_field in obj._meta.concrete_fields if model_field.is_relation]
    try:
        obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        messages = []
        line = where.line
        for name, errors in exc.message_dict.items():
            if name in where.key_lines:
                line = where.key_lines[name]
            messages.append(f"{name}: {' '.join(errors)}" if name != "__all__" else " ".join(errors))
        raise DeviceTypeFileError(f"{label}: {'; '.join(messages)}", line) from None


def _entries(data: _Mapping, kind: Kind) -> list[_Mapping]:
    entries = data.get(kind.key) or []
    if not isinstance(entries, list) or not all(isinstance(entry, _Mapping) for entry in entries):
        raise DeviceTypeFileError(f"{kind.key} is a list of mappings, each with a name", _line_of(data, kind.key))
    seen: dict[str, int] = {}
    for entry in entries:
        name = entry.get("name")
        if name is None or str(name).strip() == "":
            raise DeviceTypeFileError(f"{kind.key}: every entry needs a name", entry.line)
        if str(name) in seen:
            raise DeviceTypeFileError(
                f"{kind.key}: {name!s} is named twice (first on line {seen[str(name)]})", entry.line
            )
        seen[str(name)] = entry.line
    return entries


def _device_type_values(data: _Mapping) -> dict[str, Any]:
    for key in ("manufacturer", "model"):
        if data.get(key) in (None, ""):
            raise DeviceTypeFileError(f"{key} is required", _line_of(data, key))
    values = {"model": _field_value(DeviceType, "model", data["model"], data)}
    for name, default in DEVICE_TYPE_FIELDS.items():
        raw = data.get(name)
        values[name] = default if raw is None else _field_value(DeviceType, name, raw, data)
    return values


@transaction.atomic
def import_device_type(data: _Mapping) -> ImportedDeviceType:
    """Make the database hold the device type `data` (a parsed file) describes; one transaction, so a
    refused file leaves nothing behind. Raises `DeviceTypeFileError` with the line of what is wrong."""
    values = _device_type_values(data)
    manufacturer_name = _field_value(Manufacturer, "name", data["manufacturer"], data)
    notes = [f"skipped {what}" for key, what in SKIPPED_KEYS.items() if data.get(key)]

    manufacturer = Manufacturer.objects.filter(name=manufacturer_name).first()
    created_manufacturer = manufacturer is None
    if manufacturer is None:
        manufacturer = Manufacturer(name=manufacturer_name)
        _check(manufacturer, data, "manufacturer")
        manufacturer.save()
    device_type = DeviceType.objects.filter(manufacturer=manufacturer, model=values["model"]).first()
    action = "unchanged"
    if device_type is None:
        device_type = DeviceType(manufacturer=manufacturer, **values)
        _check(device_type, data, "device type")
        device_type.save()
        action = "created"
        existing: dict[type[ComponentTemplate], dict[str, Any]] = {}
    else:
        changed = {name: value for name, value in values.items() if getattr(device_type, name) != value}
        if changed:
            for name, value in changed.items():
                setattr(device_type, name, value)
            _check(device_type, data, "device type")
            device_type.save()
            action = "updated"
        # Only the kinds the file has: most have two or three of the eight.
        existing = {
            kind.model: {template.name: template for template in kind.model.objects.filter(device_type=device_type)}
            for kind in KINDS
            if data.get(kind.key)
        }

    created, updated = _import_templates(data, device_type, existing, notes)
    record_bulk_create(created)
    if action == "unchanged" and (created or updated):
        action = "updated"
    if created_manufacturer:
        notes.insert(0, f"created manufacturer {manufacturer_name}")
    return ImportedDeviceType(
        device_type=f"{manufacturer_name} {values['model']}",
        action=action,
        templates_created=len(created),
        templates_updated=updated,
        notes=tuple(notes),
    )


def _import_templates(
    data: _Mapping,
    device_type: DeviceType,
    existing: Mapping[type[ComponentTemplate], Mapping[str, Any]],
    notes: list[str],
) -> tuple[list[ComponentTemplate], int]:
    """Create the templates the device type lacks (in bulk, per kind) and change those that differ."""
    created: list[ComponentTemplate] = []
    updated = 0
    by_kind: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        have = dict(existing.get(kind.model, {}))
        new: list[ComponentTemplate] = []
        positions_taken: dict[tuple[Any, int], str] = {}
        for entry in _entries(data, kind):
            name = _field_value(kind.model, "name", entry["name"], entry)
            wanted: dict[str, Any] = {}
            for field_name in kind.fields:
                raw = entry.get(field_name)
                if raw is None:
                    default = _field(kind.model, field_name).get_default()
                    wanted[field_name] = "" if default is None and field_name in ("label", "description") else default
                else:
                    wanted[field_name] = _field_value(kind.model, field_name, raw, entry)
            if "type" in wanted:
                wanted["type"] = _other_if_unknown(kind.model, wanted["type"], notes, f"{kind.key} {name}")
            if kind.reference is not None:
                key, model_field, target_kind = kind.reference
                target_name = entry.get(key, entry.get(model_field))
                target = by_kind.get(target_kind, {}).get(str(target_name)) if target_name is not None else None
                if target_name is not None and target is None:
                    raise DeviceTypeFileError(
                        f"{kind.key} {name}: {key} {target_name!s} is not one of this device type's {target_kind}",
                        _line_of(entry, key),
                    )
                wanted[model_field] = target
                if kind.model is FrontPortTemplate:
                    if target is None:
                        raise DeviceTypeFileError(f"{kind.key} {name}: rear_port is required", entry.line)
                    slot = (target.name, wanted["rear_port_position"])
                    if slot in positions_taken:
                        raise DeviceTypeFileError(
                            f"{kind.key} {name}: position {slot[1]} of rear port {slot[0]} is taken by "
                            f"{positions_taken[slot]}",
                            _line_of(entry, "rear_port_position"),
                        )
                    positions_taken[slot] = name
            template = have.get(name)
            if template is None:
                template = kind.model(device_type=device_type, name=name, **wanted)
                _check(template, entry, f"{kind.key} {name}")
                new.append(template)
            else:
                differs = {key: value for key, value in wanted.items() if _current(template, key) != _ref(value)}
                if differs:
                    for key, value in wanted.items():
                        setattr(template, key, value)
                    _check(template, entry, f"{kind.key} {name}")
                    template.save()
                    updated += 1
            have[name] = template
        kind.model.objects.bulk_create(new)
        created.extend(new)
        by_kind[kind.key] = have
    return created, updated


def _current(template: ComponentTemplate, name: str) -> Any:
    model_field = _field(template, name)
    return getattr(template, model_field.attname) if model_field.is_relation else getattr(template, name)


def _ref(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def library_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Every YAML file named or found under a folder named (sorted, `module-types/` left out), in order."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(
                candidate
                for pattern in ("*.yaml", "*.yml")
                for candidate in path.rglob(pattern)
                if "module-types" not in candidate.relative_to(path).parts
            )
            yield from found
        else:
            yield path


def _import_one(data: Any) -> ImportedDeviceType:
    """`import_device_type`, with a conflict the database finds (a front port template of this device type
    that an operator mapped to the position the file gives another) reported like any other problem."""
    if not isinstance(data, _Mapping):
        raise DeviceTypeFileError("a device type is a YAML mapping (manufacturer, model, ...)", 1)
    try:
        return import_device_type(data)
    except IntegrityError as exc:
        raise DeviceTypeFileError(f"conflicts with what the database holds: {exc}", data.line) from None


def import_files(
    paths: Iterable[str | os.PathLike[str]], on_file: Callable[[Path], None] | None = None
) -> ImportReport:
    """Import each file in its own transaction; a file that fails is reported and the rest go on."""
    report = ImportReport()
    for path in library_files(paths):
        try:
            text = path.read_text(encoding="utf-8")
            outcome = _import_one(parse_device_type(text))
        except DeviceTypeFileError as exc:
            report.failed.append(FailedFile(str(path), exc.line, exc.reason))
        except (OSError, UnicodeDecodeError) as exc:
            report.failed.append(FailedFile(str(path), None, f"cannot be read: {exc}"))
        else:
            report.imported.append((str(path), outcome))
        if on_file is not None:
            on_file(path)
    return report


def import_text(text: str, source: str = "pasted YAML") -> ImportReport:
    """Import device types given as YAML text (the UI's paste or upload, the job's input): one document,
    or several separated by `---`, each in its own transaction. A YAML error stops the reading there; the
    documents before it are imported."""
    report = ImportReport()
    documents = yaml.load_all(text, Loader=_LineLoader)  # a safe loader
    number = 0
    while True:
        number += 1
        where = source if number == 1 else f"{source}, document {number}"
        try:
            data = next(documents)
        except StopIteration:
            break
        except yaml.YAMLError as exc:
            failure = _yaml_failure(exc)
            report.failed.append(FailedFile(where, failure.line, failure.reason))
            break
        if data is None and number > 1:
            continue  # a trailing `---`
        try:
            report.imported.append((where, _import_one(data)))
        except DeviceTypeFileError as exc:
            report.failed.append(FailedFile(where, exc.line, exc.reason))
    return report
