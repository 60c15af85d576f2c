"""Users, groups, API tokens and object permissions in the API.

A password is written, never read: it is hashed on the way in. A token's key is shown in full only to
its owner and in the answer to its creation; anyone else sees `display`, a mask like `0123…4567`.
Only a superuser may make or change a superuser.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.text import slugify
from rest_framework import exceptions, serializers

from netkeel.core.api.counts import RowCountsSerializerMixin
from netkeel.core.api.fields import ContentTypeField, RelatedObjectField
from netkeel.core.api.serializers import BaseModelSerializer
from netkeel.users import services
from netkeel.users.models import ObjectPermission, Token, User
from netkeel.users.permissions import ACTION_MAX_LENGTH

TOKEN_KEY = re.compile(r"^[0-9a-f]{40}$")
GROUP_URL = re.compile(r"/(\d+)/?(?:[?#].*)?$")


def requester(serializer: serializers.Serializer) -> Any:
    request = serializer.context.get("request")
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def mask(key: str) -> str:
    return f"{key[:4]}…{key[-4:]}"


class GroupRefField(RelatedObjectField):
    """A group by its integer id, its name, its URL or `{"name": …}`."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str):
            text = data.strip()
            match = GROUP_URL.search(text) if "/" in text else None
            if match:
                data = int(match.group(1))
            elif not text.isdigit():
                data = {"name": text}
        return super().to_internal_value(data)


class UserRefField(RelatedObjectField):
    """A user by id, URL, attributes or username (`"admin"`)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and "/" not in data:
            try:
                uuid.UUID(data.strip())
            except ValueError:
                data = {"username": data.strip()}
        return super().to_internal_value(data)


class UserSerializer(BaseModelSerializer):
    password = serializers.CharField(
        write_only=True, required=False, trim_whitespace=False, style={"input_type": "password"}
    )
    groups = GroupRefField(many=True, required=False, queryset=Group.objects.all())

    class Meta(BaseModelSerializer.Meta):
        model = User
        fields = [
            "id",
            "object_type",
            "display",
            "url",
            "natural_slug",
            "username",
            "password",
            "first_name",
            "last_name",
            "email",
            "is_active",
            "is_staff",
            "is_superuser",
            "date_joined",
            "last_login",
            "config_data",
            "groups",
            "notes_url",
            "custom_fields",
        ]

    @classmethod
    def many_to_many_names(cls) -> list[str]:
        return ["groups"]  # user_permissions are not served here

    def get_natural_slug(self, obj: models.Model) -> str:
        assert isinstance(obj, User)
        return f"{slugify(obj.username)}_{str(obj.pk)[:4]}"

    def unchecked_fields(self) -> list[str]:
        return ["password"]  # a hash the serializer makes, not the client's text

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        actor = requester(self)
        if actor is not None and not actor.is_superuser:
            if attrs.get("is_superuser"):
                raise exceptions.PermissionDenied("Only a superuser may make a user a superuser.")
            if isinstance(self.instance, User) and self.instance.is_superuser:
                raise exceptions.PermissionDenied("Only a superuser may change a superuser.")
        password = attrs.pop("password", None)
        attrs = super().validate(attrs)
        if password is not None:
            candidate = self.instance if isinstance(self.instance, User) else User()
            for key in ("username", "first_name", "last_name", "email"):
                if key in attrs:
                    setattr(candidate, key, attrs[key])
            try:
                validate_password(password, candidate)
            except DjangoValidationError as exc:
                raise serializers.ValidationError({"password": exc.messages}) from None
            attrs["password"] = password
        return attrs

    def create_instance(self, data: dict[str, Any], **writes: Any) -> Any:
        return services.create_user(**data, **writes)

    def update_instance(self, instance: Any, data: dict[str, Any], **writes: Any) -> Any:
        return services.update_user(instance, **data, **writes)


class GroupSerializer(RowCountsSerializerMixin, BaseModelSerializer):
    """A Django group, with its integer id."""

    # Integer keys: such objects carry no notes and no custom fields.
    notes_url = None  # type: ignore[assignment]
    custom_fields = None  # type: ignore[assignment]
    # `user_count`, its members, is a registered row count (users.api.views): in the list's own query.
    # Given on create, as a UUID may be on other endpoints (a sync keeps its keys); the bulk writes name
    # each group by it, as in Nautobot.
    id = serializers.IntegerField(required=False, min_value=1, help_text="Given on create, or the next one.")

    class Meta(BaseModelSerializer.Meta):
        model = Group
        fields = ["id", "object_type", "display", "url", "natural_slug", "name"]

    def create_instance(self, data: dict[str, Any], **writes: Any) -> Group:
        return services.create_group(**data)

    def get_natural_slug(self, obj: models.Model) -> str:
        assert isinstance(obj, Group)
        return slugify(obj.name)


class TokenSerializer(BaseModelSerializer):
    user = UserRefField(required=False, queryset=User.objects.all())
    key = serializers.CharField(required=False, max_length=40)

    class Meta(BaseModelSerializer.Meta):
        model = Token
        fields = [
            "id",
            "object_type",
            "display",
            "url",
            "natural_slug",
            "user",
            "key",
            "expires",
            "write_enabled",
            "description",
            "last_used",
            "created",
            "notes_url",
            "custom_fields",
        ]
        read_only_fields = ["last_used", "created"]

    def get_display(self, obj: models.Model) -> str:
        assert isinstance(obj, Token)
        return mask(obj.key)

    def get_natural_slug(self, obj: models.Model) -> str:
        return str(obj.pk)[:4]  # never any part of the key

    def validate_key(self, value: str) -> str:
        key = value.strip().lower()
        if not TOKEN_KEY.match(key):
            raise serializers.ValidationError(
                "A token key is 40 hexadecimal characters (0-9, a-f); leave it out to get a random one."
            )
        return key

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        actor = requester(self)
        if self.instance is None and "user" not in attrs and actor is not None:
            attrs["user"] = actor
        owner = attrs["user"].pk if "user" in attrs else getattr(self.instance, "user_id", None)
        if actor is not None and not actor.is_superuser and owner != actor.pk:
            raise serializers.ValidationError({"user": ["You may only hold tokens of your own."]})
        return super().validate(attrs)

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        if "key" in data and not self._may_see_key(instance):
            data["key"] = None
        return data

    def _may_see_key(self, token: Token) -> bool:
        view = self.context.get("view")
        if getattr(view, "action", None) == "create":
            return True  # the one answer in which the creator learns the key
        actor = requester(self)
        return actor is not None and token.user_id == actor.pk


class ObjectPermissionSerializer(BaseModelSerializer):
    """Nautobot's object permission: `object_types` as ["dcim.device"], `actions` as ["view", "change"],
    `constraints` as a JSON object of lookups (or a list of them, ORed), `users` and `groups` written, not
    read back (as in Nautobot). Constraints that a model does not know are a 400 naming them."""

    object_types = ContentTypeField(many=True)
    actions = serializers.ListField(
        child=serializers.CharField(max_length=ACTION_MAX_LENGTH, min_length=1), allow_empty=False
    )
    constraints = serializers.JSONField(required=False, allow_null=True)
    users = UserRefField(many=True, required=False, write_only=True, queryset=User.objects.all())
    groups = GroupRefField(many=True, required=False, write_only=True, queryset=Group.objects.all())
    service_many_to_many = ("object_types", "users", "groups")

    class Meta(BaseModelSerializer.Meta):
        model = ObjectPermission

    def create_instance(self, data: dict[str, Any], **writes: Any) -> Any:
        return services.create_object_permission(**data, **writes)

    def update_instance(self, instance: Any, data: dict[str, Any], **writes: Any) -> Any:
        return services.update_object_permission(instance, **data, **writes)
