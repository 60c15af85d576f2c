"""Foreign keys to Status and Role that only offer the rows allowed on the model that declares them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


def _limit_to_model(field: models.ForeignKey[Any, Any]) -> Any:
    def limit() -> Q:
        model = field.model
        return Q(content_types__app_label=model._meta.app_label, content_types__model=model._meta.model_name)

    return limit


class StatusField(models.ForeignKey):
    """`status`: PROTECT (a status in use cannot be deleted), limited to statuses offered on this model."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("to", "extras.Status")
        kwargs.setdefault("on_delete", models.PROTECT)
        kwargs.setdefault("related_name", "%(app_label)s_%(class)s_related")
        super().__init__(**kwargs)

    def contribute_to_class(self, cls: type[models.Model], name: str, *args: Any, **kwargs: Any) -> None:
        super().contribute_to_class(cls, name, *args, **kwargs)
        if not cls._meta.abstract:
            self.remote_field.limit_choices_to = _limit_to_model(self)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("limit_choices_to", None)
        return name, path, args, kwargs


class RoleField(StatusField):
    """`role`: like `status`, for extras.Role; optional unless the model says otherwise."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("to", "extras.Role")
        super().__init__(**kwargs)


class TagsField(models.ManyToManyField):
    """`tags`: the tags on an object; only tags whose content types include the object's model may be set."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("to", "extras.Tag")
        kwargs.setdefault("blank", True)
        kwargs.setdefault("related_name", "%(app_label)s_%(class)s_related")
        super().__init__(**kwargs)

    def check_values(self, model: type[models.Model], tags: Any) -> None:
        """Raise a ValidationError naming each tag that may not be applied to `model`."""
        from django.contrib.contenttypes.models import ContentType

        tags = list(tags)
        if not tags:
            return
        content_type = ContentType.objects.get_for_model(model)
        tag_model: Any = self.related_model
        offered = tag_model.objects.filter(pk__in=[t.pk for t in tags], content_types=content_type)
        allowed = set(offered.values_list("pk", flat=True))
        refused = [str(tag) for tag in tags if tag.pk not in allowed]
        if refused:
            raise ValidationError(
                {
                    self.name: f"Tag {', '.join(refused)} may not be applied to {model._meta.verbose_name_plural}; "
                    f"add {content_type.app_label}.{content_type.model} to its content types first."
                }
            )
