"""Providers, provider networks, circuit types, circuits and circuit terminations.

A circuit has up to two terminations, side A and side Z. Each sits at a location (and can be cabled) or
faces a provider network (and cannot). The cable path engine crosses a circuit from one side to the
other, and a path that reaches a side facing a provider network ends there.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from netkeel.circuits.choices import CircuitTerminationSideChoices
from netkeel.core.models import BaseModel, NamedModel
from netkeel.dcim.models import CableTermination, Location
from netkeel.extras.fields import StatusField, TagsField
from netkeel.tenancy.models import tenant_field


class Provider(BaseModel):
    name = models.CharField(max_length=100, unique=True)
    asn = models.PositiveBigIntegerField(null=True, blank=True)
    account = models.CharField(max_length=100, blank=True)
    portal_url = models.URLField(blank=True)
    noc_contact = models.TextField(blank=True)
    admin_contact = models.TextField(blank=True)
    comments = models.TextField(blank=True)
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProviderNetwork(BaseModel):
    name = models.CharField(max_length=100, unique=True)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="provider_networks")
    description = models.CharField(max_length=200, blank=True)
    comments = models.TextField(blank=True)
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["provider", "name"]

    def __str__(self) -> str:
        return self.name


class CircuitType(NamedModel):
    class Meta(NamedModel.Meta):
        pass


class Circuit(BaseModel):
    cid = models.CharField(max_length=100, verbose_name="circuit ID")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="circuits")
    circuit_type = models.ForeignKey(CircuitType, on_delete=models.PROTECT, related_name="circuits")
    status = StatusField()
    tenant = tenant_field()
    install_date = models.DateField(null=True, blank=True)
    commit_rate = models.PositiveIntegerField(null=True, blank=True, help_text="Committed rate in Kbps.")
    description = models.CharField(max_length=200, blank=True)
    # Rates kept in Kbps, as Nautobot keeps them: pages show them as "10 Gbps" (netkeel.core.ui.labels.rate).
    kbps_fields: ClassVar[tuple[str, ...]] = ("commit_rate",)
    comments = models.TextField(blank=True)
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("cid", "provider__name")

    class Meta:
        ordering = ["provider", "cid"]
        constraints = [models.UniqueConstraint(fields=["provider", "cid"], name="circuits_circuit_unique_provider_cid")]

    def __str__(self) -> str:
        return self.cid


class CircuitTermination(CableTermination, BaseModel):
    circuit = models.ForeignKey(Circuit, on_delete=models.CASCADE, related_name="circuit_terminations")
    term_side = models.CharField(max_length=1, choices=CircuitTerminationSideChoices.flat(), verbose_name="side")
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, related_name="circuit_terminations"
    )
    provider_network = models.ForeignKey(
        ProviderNetwork, on_delete=models.PROTECT, null=True, blank=True, related_name="circuit_terminations"
    )
    port_speed = models.PositiveIntegerField(null=True, blank=True, help_text="Physical speed in Kbps.")
    upstream_speed = models.PositiveIntegerField(null=True, blank=True, help_text="Upstream speed in Kbps.")
    kbps_fields: ClassVar[tuple[str, ...]] = ("port_speed", "upstream_speed")
    xconnect_id = models.CharField(max_length=50, blank=True, verbose_name="cross-connect ID")
    pp_info = models.CharField(max_length=100, blank=True, verbose_name="patch panel / port(s)")
    description = models.CharField(max_length=200, blank=True)
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("circuit__cid", "circuit__provider__name", "term_side")

    class Meta:
        ordering = ["circuit", "term_side"]
        constraints = [
            models.UniqueConstraint(fields=["circuit", "term_side"], name="circuits_circuittermination_unique_side")
        ]

    def __str__(self) -> str:
        return f"{self.circuit} side {self.term_side}" if self.circuit_id else f"side {self.term_side}"

    def clean(self) -> None:
        super().clean()
        if (self.location_id is None) == (self.provider_network_id is None):
            raise ValidationError(
                {"location": "A circuit termination is at a location or faces a provider network: give exactly one."}
            )
        if self.provider_network_id is not None and self.cable_id is not None:
            raise ValidationError({"provider_network": "A cabled termination cannot face a provider network."})
