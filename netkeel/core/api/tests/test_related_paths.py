"""What a page fetches with its rows: the relations a model's natural key walks come from the model (for
`natural_slug`), so a serializer lists in `display_related` only what its `display` reads."""

from __future__ import annotations

from netkeel.circuits.api.serializers import CircuitTerminationSerializer
from netkeel.circuits.models import CircuitTermination
from netkeel.core.api.views import related_paths
from netkeel.core.models.base import natural_key_relations
from netkeel.dcim.api.serializers_cabling_components import InterfaceSerializer
from netkeel.dcim.models import Interface
from netkeel.extras.models import ObjectChange
from netkeel.ipam.api.serializers import VLANSerializer
from netkeel.ipam.models import VLAN
from netkeel.tenancy.models import Tenant
from netkeel.users.models import Token


def test_the_relations_a_natural_key_walks() -> None:
    assert natural_key_relations(Interface) == ("device", "device__location")
    assert natural_key_relations(CircuitTermination) == ("circuit", "circuit__provider")
    assert natural_key_relations(VLAN) == ("vlan_group",)
    assert natural_key_relations(Tenant) == ()
    assert natural_key_relations(Token) is None  # no natural_key() to read it with
    assert natural_key_relations(ObjectChange) is None  # known only by its id


def with_display_related(serializer_class: type, *paths: str) -> type:
    return type(f"Bare{serializer_class.__name__}", (serializer_class,), {"display_related": paths})


def test_a_page_joins_what_its_natural_keys_walk_without_display_related() -> None:
    BareVLANSerializer = with_display_related(VLANSerializer)
    BareInterfaceSerializer = with_display_related(InterfaceSerializer)
    BareTerminationSerializer = with_display_related(CircuitTerminationSerializer)

    assert related_paths(BareVLANSerializer, 0)[0] == ["vlan_group"]
    assert related_paths(BareInterfaceSerializer, 0)[0] == ["device", "device__location"]
    assert related_paths(BareTerminationSerializer, 0)[0] == ["circuit", "circuit__provider"]
    # Nested objects at ?depth=1 are prefetched with what their own natural keys walk.
    assert "device__location" in related_paths(BareInterfaceSerializer, 1)[1]


def test_display_related_adds_to_the_natural_key_paths_once() -> None:
    assert related_paths(with_display_related(VLANSerializer, "vlan_group", "tenant"), 0)[0] == ["vlan_group", "tenant"]
