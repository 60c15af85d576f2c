"""The change log's unit of work and its set-based paths: records fold only within one transaction of one
context (seen through Django's public transaction API alone), a tag's objects changed from the tag's side
are recorded, and `recorded_update` records the rows a set-based update changes, in a constant number of
queries."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test.utils import CaptureQueriesContext

import netkeel
from netkeel.extras import changelog
from netkeel.extras.models import ObjectChange, Tag
from netkeel.tenancy.models import Tenant

PRIVATE_TRANSACTION_STATE = re.compile(r"atomic_blocks|run_on_commit|savepoint_ids|_from_testcase")


def changes_of(obj: Any) -> list[ObjectChange]:
    content_type = ContentType.objects.get_for_model(type(obj))
    return list(
        ObjectChange.objects.filter(changed_object_type=content_type, changed_object_id=obj.pk).order_by("time", "id")
    )


def tag_for_tenants(name: str) -> Tag:
    tag = Tag.objects.create(name=name)
    tag.content_types.add(ContentType.objects.get_for_model(Tenant))
    return tag


def tenants_of(tag: Tag) -> Any:
    """The tag's side of the tenants' tags (a reverse many-to-many manager)."""
    return tag.tenancy_tenant_related  # type: ignore[attr-defined]


def test_no_module_reads_djangos_private_transaction_state() -> None:
    root = Path(netkeel.__file__).parent
    readers = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts and PRIVATE_TRANSACTION_STATE.search(path.read_text(encoding="utf-8"))
    ]
    assert readers == []


# ---------------------------------------------------------------------------------------------- transactions


@pytest.mark.django_db
def test_a_test_cases_own_transaction_is_not_a_transaction_of_the_code() -> None:
    from netkeel.extras.changelog.context import in_transaction

    with CaptureQueriesContext(connection) as queries:
        assert not in_transaction()
        with transaction.atomic():
            assert in_transaction()
            with transaction.atomic():
                assert in_transaction()
        assert not in_transaction()
    assert [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"].upper()] == []  # the probe sends none


@pytest.mark.django_db(transaction=True)
def test_changes_fold_within_a_transaction_never_into_a_committed_or_rolled_back_one() -> None:
    """One context (a job, say) making three transactions: the first commits, the second rolls back, the
    third commits. Each committed transaction has its own record; nothing folds across a commit."""
    with changelog.change_context("job", detail="three transactions") as context:
        with transaction.atomic():
            tenant = Tenant.objects.create(name="t1")
            tenant.description = "first"
            tenant.save()
        with pytest.raises(RuntimeError), transaction.atomic():
            tenant.description = "undone"
            tenant.save()
            raise RuntimeError("undo")
        tenant = Tenant.objects.get(pk=tenant.pk)
        with transaction.atomic():
            tenant.description = "second"
            tenant.save()
            tenant.comments = "and more"
            tenant.save()
        tenant.name = "t2"
        tenant.save()  # autocommit: a transaction of its own
    records = changes_of(tenant)
    assert [r.action for r in records] == ["create", "update", "update"]
    assert all(r.request_id == context.request_id for r in records)
    assert records[0].postchange_data["description"] == "first"  # type: ignore[index]
    assert records[1].prechange_data["description"] == "first"  # type: ignore[index]
    assert records[1].postchange_data["description"] == "second"  # type: ignore[index]
    assert records[1].postchange_data["comments"] == "and more"  # type: ignore[index]
    assert records[2].prechange_data["name"] == "t1" and records[2].postchange_data["name"] == "t2"  # type: ignore[index]


@pytest.mark.django_db(transaction=True)
def test_a_record_written_in_a_rolled_back_savepoint_is_written_again() -> None:
    tenant = Tenant.objects.create(name="t1")
    with changelog.change_context("orm") as context, transaction.atomic():
        try:
            with transaction.atomic():
                tenant.description = "lost"
                tenant.save()  # the record of this update goes with the savepoint
                raise LookupError("undo")
        except LookupError:
            tenant = Tenant.objects.get(pk=tenant.pk)
        tenant.comments = "kept"
        tenant.save()
    [record] = ObjectChange.objects.filter(request_id=context.request_id)
    assert record.action == "update" and record.prechange_data["description"] == ""  # type: ignore[index]
    assert record.postchange_data["comments"] == "kept"  # type: ignore[index]
    assert record.postchange_data["description"] == ""  # type: ignore[index]


# ---------------------------------------------------------------------------------------------- tag side


@pytest.mark.django_db
def test_a_tags_objects_changed_from_the_tags_side_are_recorded() -> None:
    tenants = [Tenant.objects.create(name=f"t{i}") for i in range(3)]
    gold, silver = tag_for_tenants("gold"), tag_for_tenants("silver")
    tenants[0].tags.add(silver)
    with changelog.change_context("orm", detail="tag side") as context:
        tenants_of(gold).add(*tenants)
    records = ObjectChange.objects.filter(request_id=context.request_id).order_by("object_repr")
    assert [r.object_repr for r in records] == ["t0", "t1", "t2"]
    assert all(r.action == "update" for r in records)
    assert records[0].prechange_data["tags"] == [str(silver.pk)]  # type: ignore[index]
    assert records[0].postchange_data["tags"] == sorted([str(gold.pk), str(silver.pk)])  # type: ignore[index]
    assert records[1].prechange_data["tags"] == [] and records[1].postchange_data["tags"] == [str(gold.pk)]  # type: ignore[index]

    with changelog.change_context("orm") as removal:
        tenants_of(gold).remove(tenants[1])
    [removed] = ObjectChange.objects.filter(request_id=removal.request_id)
    assert removed.changed_object_id == tenants[1].pk and removed.postchange_data["tags"] == []  # type: ignore[index]

    with changelog.change_context("orm") as cleared:
        tenants_of(gold).clear()
    records = ObjectChange.objects.filter(request_id=cleared.request_id).order_by("object_repr")
    assert [r.object_repr for r in records] == ["t0", "t2"]
    assert records[0].postchange_data["tags"] == [str(silver.pk)]  # type: ignore[index]

    with changelog.change_context("orm") as nothing:
        tenants_of(gold).remove(tenants[1])  # not tagged: no change
    assert not ObjectChange.objects.filter(request_id=nothing.request_id).exists()


@pytest.mark.django_db
def test_a_deleted_tag_records_the_objects_it_leaves() -> None:
    tenants = [Tenant.objects.create(name=f"t{i}") for i in range(3)]
    gold, silver = tag_for_tenants("gold"), tag_for_tenants("silver")
    tenants[0].tags.add(gold, silver)
    tenants[1].tags.add(gold)
    gold_id = str(gold.pk)
    with changelog.change_context("orm", detail="tag deleted") as context:
        gold.delete()
    records = ObjectChange.objects.filter(request_id=context.request_id).order_by("object_repr")
    assert [(r.action, r.object_repr) for r in records] == [("delete", "gold"), ("update", "t0"), ("update", "t1")]
    assert records[1].postchange_data["tags"] == [str(silver.pk)]  # type: ignore[index]
    assert records[2].prechange_data["tags"] == [gold_id]  # type: ignore[index]
    assert records[2].postchange_data["tags"] == []  # type: ignore[index]


@pytest.mark.django_db
def test_tagging_from_the_tags_side_costs_the_same_queries_for_any_number_of_objects() -> None:
    counts = []
    for size in (2, 8):
        tag = tag_for_tenants(f"tag{size}")
        tenants = [Tenant.objects.create(name=f"s{size}-{i}") for i in range(size)]
        with CaptureQueriesContext(connection) as queries:
            tenants_of(tag).add(*tenants)
        counts.append(len(queries))
        assert len([c for c in changes_of(tenants[-1]) if c.action == "update"]) == 1
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_tag_side_changes_fold_into_the_objects_record_of_the_transaction() -> None:
    tag = tag_for_tenants("gold")
    with changelog.change_context("orm"), transaction.atomic():
        tenant = Tenant.objects.create(name="t1")
        tenants_of(tag).add(tenant)
    [record] = changes_of(tenant)
    assert record.action == "create" and record.postchange_data["tags"] == [str(tag.pk)]  # type: ignore[index]


# ---------------------------------------------------------------------------------------------- set-based updates


@pytest.mark.django_db
def test_recorded_update_records_every_row_it_changes() -> None:
    tag = tag_for_tenants("gold")
    tenants = [Tenant.objects.create(name=f"t{i}", description="old" if i else "new") for i in range(3)]
    tenants[1].tags.add(tag)
    with changelog.change_context("orm", detail="bulk") as context:
        updated = changelog.recorded_update(Tenant.objects.filter(name__in=["t0", "t1", "t2"]), description="new")
    assert updated == 3
    records = ObjectChange.objects.filter(request_id=context.request_id).order_by("object_repr")
    assert [r.object_repr for r in records] == ["t1", "t2"]  # t0 already said "new"
    assert all(r.action == "update" and r.change_context_detail == "bulk" for r in records)
    assert records[0].prechange_data["description"] == "old"  # type: ignore[index]
    assert records[0].postchange_data["description"] == "new"  # type: ignore[index]
    assert records[0].postchange_data["tags"] == [str(tag.pk)] == records[0].prechange_data["tags"]  # type: ignore[index]
    assert set(Tenant.objects.values_list("description", flat=True)) == {"new"}


@pytest.mark.django_db
def test_recorded_update_reads_expressions_back_and_costs_constant_queries() -> None:
    counts = []
    for size in (2, 9):
        names = [f"x{size}-{i}" for i in range(size)]
        for name in names:
            Tenant.objects.create(name=name)
        with CaptureQueriesContext(connection) as queries:
            changelog.recorded_update(Tenant.objects.filter(name__in=names), description=Concat(F("name"), Value("!")))
        counts.append(len(queries))
        record = changes_of(Tenant.objects.get(name=names[-1]))[-1]
        assert record.postchange_data["description"] == f"{names[-1]}!"  # type: ignore[index]
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_recorded_update_of_nothing_or_of_an_unrecorded_model_records_nothing() -> None:
    before = ObjectChange.objects.count()
    assert changelog.recorded_update(Tenant.objects.filter(name="nobody"), description="x") == 0
    assert changelog.recorded_update(ObjectChange.objects.filter(pk__in=[]), object_repr="x") == 0
    assert ObjectChange.objects.count() == before
