"""Filters of the circuits endpoints."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models

from netkeel.circuits.models import Circuit, CircuitTermination, CircuitType, Provider, ProviderNetwork
from netkeel.core.api.filters import (
    BaseFilterSet,
    HasRelatedFilter,
    MultipleCharField,
    MultipleUUIDField,
    RelatedFilter,
)
from netkeel.dcim.api.filters_cabling import PathEndpointFilters
from netkeel.dcim.models import Location
from netkeel.tenancy.api.filters import TenancyFilterSet


class TerminatedFilter(django_filters.Filter):
    """Circuits with a termination at one of the named objects (by id or name; a location includes the
    locations below it), as a subquery so that a circuit comes once."""

    field_class = MultipleCharField

    def __init__(self, *args: Any, related: type[models.Model], negate: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.negate = negate
        self.terminations = RelatedFilter(field_name=self.field_name, related=related)

    def filter(self, qs: models.QuerySet[Any], value: Any) -> models.QuerySet[Any]:
        values = [v for v in (value or []) if v not in ("", None)]
        if not values:
            return qs
        matched = self.terminations.filter(CircuitTermination.objects.all(), values).values("circuit_id")
        return qs.exclude(pk__in=matched) if self.negate else qs.filter(pk__in=matched)


class SideFilter(django_filters.Filter):
    """Circuits by the id of their A (or Z) side's termination: `?circuit_termination_a=<id>`."""

    field_class = MultipleUUIDField

    def __init__(self, *args: Any, side: str, negate: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.side = side
        self.negate = negate

    def filter(self, qs: models.QuerySet[Any], value: Any) -> models.QuerySet[Any]:
        if not value:
            return qs
        matched = CircuitTermination.objects.filter(term_side=self.side, pk__in=value).values("circuit_id")
        return qs.exclude(pk__in=matched) if self.negate else qs.filter(pk__in=matched)


class SideIsNullFilter(django_filters.BooleanFilter):
    """`circuit_termination_a__isnull=true`: circuits without an A (or Z) side."""

    def __init__(self, *args: Any, side: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.side = side

    def filter(self, qs: models.QuerySet[Any], value: Any) -> models.QuerySet[Any]:
        if value is None:
            return qs
        sided = CircuitTermination.objects.filter(term_side=self.side).values("circuit_id")
        return qs.exclude(pk__in=sided) if value else qs.filter(pk__in=sided)


class ProviderFilterSet(BaseFilterSet):
    search_fields = ("name", "account", "comments")
    relations = {"circuits": "circuits", "provider_networks": "provider_networks"}
    has_relations = relations
    # Where its circuits end (a location includes those below it).
    location = RelatedFilter(field_name="circuits__circuit_terminations__location", related=Location)

    class Meta:
        model = Provider
        fields = ["name", "asn", "account", "admin_contact", "comments", "noc_contact", "portal_url"]


class ProviderNetworkFilterSet(BaseFilterSet):
    search_fields = ("name", "description", "comments")
    relations = {"circuit_terminations": "circuit_terminations"}
    relations_by_id = frozenset(relations)
    has_relations = relations

    class Meta:
        model = ProviderNetwork
        fields = ["name", "provider", "description", "comments"]


class CircuitTypeFilterSet(BaseFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = CircuitType
        fields = ["name", "description"]


class CircuitFilterSet(TenancyFilterSet):
    search_fields = ("cid", "description", "comments")
    relations = {"circuit_terminations": "circuit_terminations"}
    relations_by_id = frozenset(relations)
    has_relations = {"terminations": "circuit_terminations"}
    location = TerminatedFilter(field_name="location", related=Location, label="Terminated at a location")
    location__n = TerminatedFilter(field_name="location", related=Location, negate=True)
    provider_network = TerminatedFilter(
        field_name="provider_network", related=ProviderNetwork, label="Terminated on a provider network"
    )
    provider_network__n = TerminatedFilter(field_name="provider_network", related=ProviderNetwork, negate=True)
    # Terminated at no location (at no provider network): none of its terminations is.
    location__isnull = HasRelatedFilter(field_name="circuit_terminations__location", negate=True)
    provider_network__isnull = HasRelatedFilter(field_name="circuit_terminations__provider_network", negate=True)
    circuit_termination_a = SideFilter(side="A", label="Its A side (a termination's id)")
    circuit_termination_a__n = SideFilter(side="A", negate=True)
    circuit_termination_a__isnull = SideIsNullFilter(side="A", label="Has no A side")
    circuit_termination_z = SideFilter(side="Z", label="Its Z side (a termination's id)")
    circuit_termination_z__n = SideFilter(side="Z", negate=True)
    circuit_termination_z__isnull = SideIsNullFilter(side="Z", label="Has no Z side")

    class Meta:
        model = Circuit
        fields = [
            "cid",
            "provider",
            "circuit_type",
            "status",
            "tenant",
            "install_date",
            "commit_rate",
            "description",
            "comments",
        ]


class CircuitTerminationFilterSet(PathEndpointFilters):
    """A termination is a cable endpoint: `cable`, `has_cable`, `cabled` and `connected` (its path is active)."""

    search_fields = ("circuit__cid", "xconnect_id", "pp_info", "description")

    class Meta:
        model = CircuitTermination
        fields = [
            "circuit",
            "term_side",
            "location",
            "provider_network",
            "port_speed",
            "upstream_speed",
            "xconnect_id",
            "pp_info",
            "description",
            "cable",
        ]
