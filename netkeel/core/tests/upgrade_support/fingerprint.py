"""Fingerprints: what a database holds, taken by `FINGERPRINT_SCRIPT` in a subprocess of whichever netkeel
(the current code, or an old release's venv) the test runs — per model, the row count and a SHA-256 of
every row's fields, plus a check that every cabled endpoint has a path whose nodes exist — and the
comparisons the upgrade suite makes of two of them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import pytest

# Models whose rows an upgrade may add besides the rows it keeps: registries that follow the code (every
# new model brings its content type and permissions). A release whose migrations add rows elsewhere (new
# default statuses, say) adds the model here, with the reason, in the change that ships those migrations.
# ipam 0006 adds Nautobot's default IP address roles (Loopback, Secondary, ...) that a database lacks.
MAY_GAIN_ROWS = frozenset({"contenttypes.contenttype", "auth.permission", "extras.role"})

# Runs with `python -c` in a subprocess, under whichever netkeel (current, or an old release's venv) the
# test chooses, so it uses nothing but Django and `netkeel.setup()`. argv[1] is a JSON object:
#   out       file to write the result to (stdout may carry warnings)
#   portable  compare across databases: rows keyed by natural key instead of their (random) ids,
#             foreign keys written as the target's natural key, auto-set timestamps left out
#   fields    {model label: [field names]}: only these models and fields (an older release's)
#   paths     also check the cable paths (see path_check)
# Result: {"models": {label: {"fields", "count", "duplicates", "rows": {key: sha}, "links": {key: {m2m:
# [keys]}}}}, "paths": {...}}. Cable paths are derived rows with random ids, so in both modes a path is
# keyed by its origin and a path node by (path origin, step): a rebuilt path equal to the old one matches.
FINGERPRINT_SCRIPT = r"""
import datetime, hashlib, json, sys
import netkeel
netkeel.setup()
from django.apps import apps
from django.core.exceptions import FieldError
from django.db import connection, models

options = json.loads(sys.argv[1])
portable = bool(options.get("portable"))
only = options.get("fields")
EXCLUDED = {"core.installation", "sessions.session"}
IDENTITY = {"dcim.cablepath": ("origin_id",), "dcim.cablepathnode": ("cable_path", "step")}


def label_of(model):
    return f"{model._meta.app_label}.{model._meta.model_name}"


def plain(value):
    # What json cannot write itself; dicts (JSON fields) it writes with sorted keys.
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "hex:" + bytes(value).hex()
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)  # UUID, Decimal


def text(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=plain)


def stored(queryset):
    # The rows of a values_list() queryset as the database returns them, without Django's conversions:
    # what is stored is what is compared (and it is twice as fast).
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(2000):
            yield from chunk


def stored_pk(model, pk):
    return model._meta.pk.get_db_prep_value(pk, connection)


def in_scope(model):
    meta = model._meta
    if meta.proxy or not meta.managed or label_of(model) in EXCLUDED:
        return False
    if only is not None and label_of(model) not in only:
        return False
    config = apps.get_app_config(meta.app_label)
    return config.name.startswith("netkeel.") or meta.app_label in ("auth", "contenttypes")


_identities = {}
_natural = set()


def identities(model):
    # pk -> the string a row is known by: a derived row's identity, its natural key (portable), or its pk.
    label = label_of(model)
    if label in _identities:
        return _identities[label]
    manager = model._base_manager.order_by()
    pk_name = model._meta.pk.attname
    keys = None
    if label in IDENTITY:
        fields = [model._meta.get_field(name) for name in IDENTITY[label]]
        keys = {}
        for row in stored(manager.values_list(pk_name, *[f.attname for f in fields])):
            keys[row[0]] = text([ref(f, value) if f.is_relation else value for f, value in zip(fields, row[1:])])
    elif portable:
        names = getattr(model, "natural_key_field_names", None)
        if names is not None and tuple(names) != ("id",):
            try:  # in one query when the key's parts are fields; else through the objects (a property)
                keys = {row[0]: text(row[1:]) for row in stored(manager.values_list(pk_name, *names))}
            except FieldError:
                keys = {stored_pk(model, obj.pk): text(obj.natural_key()) for obj in manager.select_related()}
        elif names is None and hasattr(model, "natural_key"):
            keys = {stored_pk(model, obj.pk): text(obj.natural_key()) for obj in manager.select_related()}
        if keys is not None and len(set(keys.values())) != len(keys):
            keys = None  # natural keys that repeat identify nothing: fall back to the ids
        if keys is not None:
            _natural.add(label)
    if keys is None:
        keys = {pk: str(pk) for (pk,) in stored(manager.values_list(pk_name))}
    _identities[label] = keys
    return keys


def ref(f, value):
    if value is None:
        return None
    return identities(f.remote_field.model).get(value, f"missing:{value}")


def wanted(model, f):
    label = label_of(model)
    if only is not None and f.name not in only[label]:
        return False
    if f.primary_key and (label in IDENTITY or label in _natural):
        return False  # the row's key stands for it
    if portable and isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
        return False
    return True


def fingerprint(model):
    label = label_of(model)
    keys = identities(model)
    fields = sorted((f for f in model._meta.concrete_fields if wanted(model, f)), key=lambda f: f.name)
    # Plain many-to-many links; and, when an older release's fields are asked for, those it had as plain links
    # that now go through a model of their own (a prefix's locations, ipam 0010), read the same way.
    m2ms = [
        f for f in model._meta.local_many_to_many
        if (f.remote_field.through._meta.auto_created and (only is None or f.name in only[label]))
        or (only is not None and f.name in only[label])
    ]
    related = [f.is_relation for f in fields]
    names = text([f.name for f in fields])  # a row's hash covers which fields it is over
    rows = {}
    duplicates = 0
    manager = model._base_manager.order_by()
    for values in stored(manager.values_list(model._meta.pk.attname, *[f.attname for f in fields])):
        row = [ref(f, value) if relation else value for f, relation, value in zip(fields, related, values[1:])]
        key = keys[values[0]]
        duplicates += key in rows
        rows[key] = hashlib.sha256((names + text(row)).encode()).hexdigest()[:32]
    links = {}
    for f in m2ms:
        through = f.remote_field.through
        source = through._meta.get_field(f.m2m_field_name()).attname
        target = through._meta.get_field(f.m2m_reverse_field_name())
        for owner, linked in stored(through._base_manager.order_by().values_list(source, target.attname)):
            links.setdefault(keys[owner], {}).setdefault(f.name, []).append(ref(target, linked))
    for by_field in links.values():
        for name in by_field:
            by_field[name].sort(key=str)
    return {
        "fields": [f.name for f in model._meta.concrete_fields] + [f.name for f in m2ms],
        "count": len(rows) + duplicates,
        "duplicates": duplicates,
        "rows": rows,
        "links": links,
    }


def path_check():
    # Every cabled endpoint has a path, every path starts at a cabled endpoint, and every node, origin and
    # destination of a path exists.
    try:
        from netkeel.dcim.cabling.graph import ENDPOINT_KINDS
        path_model = apps.get_model("dcim", "CablePath")
        node_model = apps.get_model("dcim", "CablePathNode")
    except (ImportError, LookupError):
        return {"checked": False}
    origins = {pk for (pk,) in stored(path_model._base_manager.order_by().values_list("origin_id"))}
    cabled = set()
    for kind in sorted(ENDPOINT_KINDS):
        try:
            model = apps.get_model(kind)
        except LookupError:
            continue
        cabled |= {pk for (pk,) in stored(model._base_manager.filter(cable__isnull=False).values_list("pk"))}
    existing = {}

    def exists(kind, pk):
        if kind not in existing:
            try:
                existing[kind] = {pk for (pk,) in stored(apps.get_model(kind)._base_manager.values_list("pk"))}
            except (LookupError, ValueError):
                existing[kind] = set()
        return pk in existing[kind]

    missing_nodes = sum(
        not exists(kind, node_id)
        for kind, node_id in stored(node_model._base_manager.order_by().values_list("node_kind", "node_id"))
    )
    listed = sum(len(path) for path in path_model._base_manager.values_list("path", flat=True).iterator(2000))
    missing_destinations = 0
    for app_label, model_name, destination_id in stored(
        path_model._base_manager.filter(destination_id__isnull=False).order_by().values_list(
            "destination_type__app_label", "destination_type__model", "destination_id"
        )
    ):
        missing_destinations += not exists(f"{app_label}.{model_name}", destination_id)
    without_path = cabled - origins
    return {
        "checked": True,
        "cabled_endpoints": len(cabled),
        "paths": len(origins),
        "without_path": len(without_path),
        "stale_paths": len(origins - cabled),
        "missing_nodes": missing_nodes,
        "missing_destinations": missing_destinations,
        "node_rows": node_model._base_manager.count(),
        "nodes_listed": listed,
        "examples": sorted(str(pk) for pk in without_path)[:5],
    }


result = {"models": {}, "paths": path_check() if options.get("paths") else {"checked": False}}
for model in apps.get_models():
    if in_scope(model):
        result["models"][label_of(model)] = fingerprint(model)
with open(options["out"], "w") as out:
    json.dump(result, out, sort_keys=True)
"""


@dataclass(frozen=True)
class Fingerprint:
    """What a database holds, as `FINGERPRINT_SCRIPT` saw it."""

    models: dict[str, dict[str, Any]]
    paths: dict[str, Any]

    def summary(self) -> dict[str, tuple[int, str]]:
        """Per model: the row count and one SHA-256 over every row (and many-to-many link), by key."""
        return {
            label: (
                data["count"],
                hashlib.sha256(
                    json.dumps([sorted(data["rows"].items()), sorted(data["links"].items())], sort_keys=True).encode()
                ).hexdigest(),
            )
            for label, data in sorted(self.models.items())
        }

    def differences(self, other: Fingerprint) -> list[str]:
        """Sentences naming each model whose rows differ from `other`'s, with a few of the keys."""
        problems = []
        for label in sorted(set(self.models) | set(other.models)):
            mine, theirs = self.models.get(label), other.models.get(label)
            if mine is None or theirs is None:
                problems.append(f"{label}: only in {'the other' if mine is None else 'this'} fingerprint")
                continue
            if mine == theirs:
                continue
            keys = set(mine["rows"]) | set(theirs["rows"]) | set(mine["links"]) | set(theirs["links"])
            changed = sorted(
                key
                for key in keys
                if mine["rows"].get(key) != theirs["rows"].get(key)
                or mine["links"].get(key) != theirs["links"].get(key)
            )
            problems.append(
                f"{label}: {mine['count']} row(s) vs {theirs['count']}, {len(changed)} differ, e.g. {changed[:3]}"
            )
        return problems

    def assert_paths_resolve(self) -> None:
        """Every cabled endpoint has a path, every path starts at one, and every node it names exists."""
        paths = self.paths
        assert paths["checked"], "cable paths were not checked (fingerprint(paths=True)), or this netkeel has none"
        assert paths["cabled_endpoints"] > 0, "no cabled endpoint: the check would prove nothing"
        assert paths["without_path"] == 0, f"cabled endpoints without a path: {paths}"
        assert paths["stale_paths"] == 0, f"paths from endpoints that have no cable: {paths}"
        assert paths["missing_nodes"] == 0, f"path nodes that do not exist: {paths}"
        assert paths["missing_destinations"] == 0, f"path destinations that do not exist: {paths}"
        assert paths["node_rows"] == paths["nodes_listed"], f"node index out of step with the paths: {paths}"


def assert_same(actual: Fingerprint, expected: Fingerprint, what: str) -> None:
    """`actual` holds exactly the rows of `expected` (compared as summaries; the diff names the rows)."""
    if actual.summary() != expected.summary():
        pytest.fail(f"{what}:\n  " + "\n  ".join(actual.differences(expected)))


def upgrade_losses(old: Fingerprint, new: Fingerprint) -> list[str]:
    """What an upgrade lost or changed, the new fingerprint taken over the old release's models and fields.

    Every old row must still be there with the same values; many-to-many links may only be added; new
    rows appear only in the registries of `MAY_GAIN_ROWS`.
    """
    problems = []
    for label, before in sorted(old.models.items()):
        after = new.models.get(label)
        if after is None:
            problems.append(f"{label}: the model is gone ({before['count']} row(s) lost)")
            continue
        lost = sorted(set(before["rows"]) - set(after["rows"]))
        changed = sorted(
            key for key, row in before["rows"].items() if key in after["rows"] and after["rows"][key] != row
        )
        gained = sorted(set(after["rows"]) - set(before["rows"]))
        unlinked = sorted(
            key
            for key, by_field in before["links"].items()
            for name, targets in by_field.items()
            if not set(targets) <= set(after["links"].get(key, {}).get(name, []))
        )
        if lost:
            problems.append(f"{label}: {len(lost)} row(s) lost, e.g. {lost[:3]}")
        if changed:
            problems.append(f"{label}: {len(changed)} row(s) changed, e.g. {changed[:3]}")
        if gained and label not in MAY_GAIN_ROWS:
            problems.append(f"{label}: {len(gained)} row(s) appeared, e.g. {gained[:3]}")
        if unlinked:
            problems.append(f"{label}: many-to-many links lost on {len(unlinked)} row(s), e.g. {unlinked[:3]}")
    return problems
