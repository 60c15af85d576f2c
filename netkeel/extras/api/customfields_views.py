"""`/api/extras/custom-fields/` and `/api/extras/custom-field-choices/`; deletes go through the services
(a field's values leave every object; a choice still held is a 409 naming who holds it)."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, status

from netkeel.core.api.views import NetkeelModelViewSet
from netkeel.extras.api import customfields_filters as filters
from netkeel.extras.api import customfields_serializers as serializers
from netkeel.extras.customfields import services
from netkeel.extras.models import CustomField, CustomFieldChoice


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class CustomFieldViewSet(NetkeelModelViewSet):
    queryset = CustomField.objects.all()
    serializer_class = serializers.CustomFieldSerializer
    filterset_class = filters.CustomFieldFilterSet

    def delete_instance(self, instance: Any) -> None:
        services.delete_custom_field(instance)


class CustomFieldChoiceViewSet(NetkeelModelViewSet):
    queryset = CustomFieldChoice.objects.all()
    serializer_class = serializers.CustomFieldChoiceSerializer
    filterset_class = filters.CustomFieldChoiceFilterSet

    def delete_instance(self, instance: Any) -> None:
        try:
            services.delete_choice(instance)
        except services.ChoiceInUse as exc:
            raise Conflict(str(exc)) from None
