"""Object-permission tests every endpoint (`ConstrainedAPITests`, a base of `APIEndpointTests`) and every
model's pages (`ConstrainedUITests`, a base of `UIModelTests`) get: a user whose object permission's
constraints match one object made by the test and not another sees exactly the first on every read path
(list, detail, CSV), cannot edit or delete the second (403 or 404, nothing written, a bulk write that
touches it writes nothing), and a constrained list costs the same queries whatever its number of rows.

A test class whose model needs other constraints than `{"pk": <id>}` (which fits every model) overrides
`constraints_matching(obj)`."""

from __future__ import annotations

import csv as csv_module
import io
from typing import Any, ClassVar

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext

CONSTRAINED_TOKEN = "5eed" * 10
# Matches every object while still being a constraint: restrict() filters by it (the constrained path).
EVERY_OBJECT = {"pk__isnull": False}
# A write refused: forbidden, not found (not one of the user's objects), or not a write this endpoint takes.
REFUSED = (403, 404, 405)


def grant(user: Any, models_: list[type[models.Model]], actions: list[str], constraints: Any) -> Any:
    """An enabled object permission of `user` (by name: core sits below the users app)."""
    ObjectPermission = apps.get_model("users", "ObjectPermission")
    permission = ObjectPermission.objects.create(
        name=f"{user.username}: {actions} on {len(models_)} kinds #{ObjectPermission.objects.count()}",
        actions=actions,
        constraints=constraints,
    )
    permission.object_types.set([ContentType.objects.get_for_model(model) for model in models_])
    permission.users.add(user)
    return permission


def every_model() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if model._meta.app_label not in ("sessions", "admin")]


def row_values(model: type[models.Model], pk: Any) -> dict[str, Any]:
    return dict(model._base_manager.filter(pk=pk).values().get())


def id_value(obj: models.Model) -> Any:
    return obj.pk if isinstance(obj.pk, int) else str(obj.pk)


class ConstrainedTests:
    """What both families share: the objects and the constraint."""

    model: ClassVar[type[models.Model]]

    def make(self, index: int) -> models.Model:
        raise NotImplementedError

    def constraints_matching(self, obj: models.Model) -> Any:
        """Constraints that match `obj` and none of the other objects the test makes."""
        return {"pk": id_value(obj)}

    def make_visible(self, index: int) -> models.Model:
        """An object the constrained user may be let see (`make`'s, but a token must be the user's own)."""
        return self.make(index)

    def constrained_pair(self) -> tuple[models.Model, models.Model]:
        allowed, other = self.make(0), self.make(1)
        return allowed, other

    def constrained_user(self, allowed: models.Model, actions: list[str], *, token: str | None = None) -> Any:
        User = apps.get_model("users", "User")
        Token = apps.get_model("users", "Token")
        user = User.objects.get_or_create(username="constrained")[0]
        grant(user, [self.model], actions, self.constraints_matching(allowed))
        # Every other kind in full view, so related objects and forms work as for any reader.
        others = [model for model in every_model() if model._meta.concrete_model is not self.model]
        grant(user, others, ["view"], None)
        if token:
            Token.objects.create(user=user, key=token)
        return user


class ConstrainedAPITests(ConstrainedTests):
    endpoint: ClassVar[str]
    update_payload: ClassVar[dict[str, Any]] = {}
    deletable: ClassVar[bool] = True
    query_count_rows: ClassVar[tuple[int, int]] = (3, 30)

    def test_a_constrained_user_reads_only_the_matching_objects(self, db: Any) -> None:
        from netkeel.core.testing.api import APIClient

        allowed, other = self.constrained_pair()
        self.constrained_user(allowed, ["view"], token=CONSTRAINED_TOKEN)
        client = APIClient(token=CONSTRAINED_TOKEN)
        listed = client.send("GET", f"{self.endpoint}?limit=1000")
        assert listed.status_code == 200, listed.content
        assert [row["id"] for row in listed.json()["results"]] == [id_value(allowed)]
        assert listed.json()["count"] == 1
        assert client.send("GET", f"{self.endpoint}{allowed.pk}/").status_code == 200
        assert client.send("GET", f"{self.endpoint}{other.pk}/").status_code == 404
        csv = client.send("GET", self.endpoint, HTTP_ACCEPT="text/csv")
        assert csv.status_code == 200
        text = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
        ids = {row.get("id") for row in csv_module.DictReader(io.StringIO(text))}
        assert ids == {str(allowed.pk)}, ids

    def test_a_constrained_user_writes_only_the_matching_objects(self, db: Any) -> None:
        from netkeel.core.testing.api import APIClient

        allowed, other = self.constrained_pair()
        self.constrained_user(allowed, ["view", "change", "delete"], token=CONSTRAINED_TOKEN)
        client = APIClient(token=CONSTRAINED_TOKEN)
        before = {obj.pk: row_values(self.model, obj.pk) for obj in (allowed, other)}
        assert client.send("PATCH", f"{self.endpoint}{other.pk}/", self.update_payload).status_code in REFUSED
        assert client.send("DELETE", f"{self.endpoint}{other.pk}/").status_code in REFUSED
        both = [{"id": id_value(obj), **self.update_payload} for obj in (allowed, other)]
        assert client.send("PATCH", self.endpoint, both).status_code in REFUSED
        doomed = [{"id": id_value(obj)} for obj in (allowed, other)]
        assert client.send("DELETE", self.endpoint, doomed).status_code in REFUSED
        assert {obj.pk: row_values(self.model, obj.pk) for obj in (allowed, other)} == before, "nothing written"
        if self.deletable:
            assert client.send("DELETE", f"{self.endpoint}{allowed.pk}/").status_code == 204
            assert not self.model._default_manager.filter(pk=allowed.pk).exists()

    def test_a_constrained_list_costs_the_same_queries_whatever_its_rows(self, db: Any) -> None:
        from netkeel.core.testing.api import APIClient

        few, many = self.query_count_rows
        made = [self.make_visible(index) for index in range(few)]
        user = self.constrained_user(made[0], ["view"], token=CONSTRAINED_TOKEN)
        # Every kind constrained (yet matching all): each nested object is decided by the constraints.
        grant(user, every_model(), ["view"], EVERY_OBJECT)
        client = APIClient(token=CONSTRAINED_TOKEN)
        counts: dict[tuple[int, int], int] = {}
        for rows in (few, many):
            if rows == many:
                made += [self.make_visible(index) for index in range(few, many)]
            for depth in (0, 1, 2):
                with CaptureQueriesContext(connection) as ctx:
                    response = client.send("GET", f"{self.endpoint}?depth={depth}&limit=1000")
                assert response.status_code == 200, response.content
                assert response.json()["count"] >= rows
                counts[(rows, depth)] = len(ctx)
        for depth in (0, 1, 2):
            assert counts[(many, depth)] <= counts[(few, depth)], f"queries grew with rows at depth {depth}: {counts}"


class ConstrainedUITests(ConstrainedTests):
    deletable: ClassVar[bool] = True
    edit_data: ClassVar[dict[str, Any]] = {}
    bulk_edit_data: ClassVar[dict[str, Any]] = {}
    query_count_rows: ClassVar[tuple[int, int]] = (3, 30)

    @property
    def model_ui(self) -> Any:
        return getattr(self, "ui")  # noqa: B009 - UIModelTests' property (no annotation to clash with it)

    def test_a_constrained_user_sees_only_the_matching_objects_on_pages(self, db: Any) -> None:
        allowed, other = self.constrained_pair()
        client = Client()
        client.force_login(self.constrained_user(allowed, ["view"]))
        listed = client.get(f"{self.model_ui.url('list')}?per_page=1000")
        assert listed.status_code == 200
        html = listed.content.decode()
        assert f'value="{allowed.pk}"' in html or self.model_ui.url("detail", allowed) in html
        assert self.model_ui.url("detail", other) not in html
        if not isinstance(other.pk, int):  # a small integer shows up anywhere; a UUID only as that object's
            assert str(other.pk) not in html
        assert client.get(self.model_ui.url("detail", allowed)).status_code == 200
        assert client.get(self.model_ui.url("detail", other)).status_code == 404

    def test_a_constrained_user_edits_and_deletes_only_the_matching_objects_on_pages(self, db: Any) -> None:
        allowed, other = self.constrained_pair()
        client = Client()
        client.force_login(self.constrained_user(allowed, ["view", "change", "delete"]))
        before = {obj.pk: row_values(self.model, obj.pk) for obj in (allowed, other)}
        assert client.get(self.model_ui.url("edit", other)).status_code == 404
        assert client.post(self.model_ui.url("edit", other), self.edit_data).status_code == 404
        assert client.post(self.model_ui.url("delete", other)).status_code == 404
        ids = [str(allowed.pk), str(other.pk)]
        bulk_edit = {"pk": ids, "_apply": "1", **self.bulk_edit_data}
        assert client.post(self.model_ui.url("bulk_edit"), bulk_edit).status_code == 403
        assert client.post(self.model_ui.url("bulk_delete"), {"pk": ids, "_confirm": "1"}).status_code == 403
        assert {obj.pk: row_values(self.model, obj.pk) for obj in (allowed, other)} == before, "nothing written"

    def test_a_constrained_list_page_costs_the_same_queries_whatever_its_rows(self, db: Any) -> None:
        few, many = self.query_count_rows
        made = [self.make_visible(index) for index in range(few)]
        user = self.constrained_user(made[0], ["view"])
        grant(user, every_model(), ["view"], EVERY_OBJECT)
        client = Client()
        client.force_login(user)
        url = f"{self.model_ui.url('list')}?per_page=1000"
        client.get(url)  # warm caches (content types, the user's preferences)
        counts = {}
        for rows in (few, many):
            if rows == many:
                made += [self.make_visible(index) for index in range(few, many)]
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts[rows] = len(ctx)
        assert counts[many] <= counts[few], f"queries grew with rows: {counts}"
