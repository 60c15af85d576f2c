"""Every DCIM choice set has Nautobot 3.2.7's values and labels, in its order (from its schema's facts)."""

from __future__ import annotations

import pytest

from netkeel.core.testing.api import APIClient
from netkeel.core.testing.reference import assert_choice_sets_match_nautobot, nautobot_choices
from netkeel.dcim import choices, choices_interfaces
from netkeel.dcim.choices_controllers import ControllerCapabilitiesChoices
from netkeel.dcim.tests import factories as f

SETS = {
    choices.RackTypeChoices: "Rack.type",
    choices.RackWidthChoices: "Rack.width",
    choices.RackDimensionUnitChoices: "Rack.outer_unit",
    choices.DeviceFaceChoices: "Device.face",
    choices.SubdeviceRoleChoices: "DeviceType.subdevice_role",
    choices.DeviceRedundancyGroupFailoverStrategyChoices: "FailoverStrategyEnum",  # a blank one is "(unspecified)"
    choices.ConsolePortTypeChoices: "ConsolePort.type",
    choices.PowerPortTypeChoices: "PowerPort.type",
    choices.PowerOutletTypeChoices: "PowerOutlet.type",
    choices.PowerOutletFeedLegChoices: "PowerOutlet.feed_leg",
    choices.InterfaceTypeChoices: "Interface.type",
    choices.InterfaceModeChoices: "Interface.mode",
    choices.InterfaceDuplexChoices: "Interface.duplex",
    choices.PortTypeChoices: "FrontPort.type",
    choices.CableTypeChoices: "Cable.type",
    choices.CableLengthUnitChoices: "Cable.length_unit",
    choices.PowerFeedTypeChoices: "PowerFeed.type",
    choices.PowerFeedSupplyChoices: "PowerFeed.supply",
    choices.PowerFeedPhaseChoices: "PowerFeed.phase",
    choices.PowerPanelTypeChoices: "PowerPanel.panel_type",
    choices.PowerPathChoices: "PowerFeed.power_path",
    choices.PowerFeedBreakerPoleChoices: "PowerFeed.breaker_pole_count",
    choices.SoftwareImageFileHashingAlgorithmChoices: "HashingAlgorithmEnum",
    choices_interfaces.InterfaceRedundancyGroupProtocolChoices: "InterfaceRedundancyGroup.protocol",
    ControllerCapabilitiesChoices: "CapabilitiesEnum",
}


def test_every_dcim_choice_set_is_nautobots() -> None:
    assert_choice_sets_match_nautobot("dcim", SETS, own={})


def test_the_shared_sets_are_the_same_on_every_route_that_uses_them() -> None:
    """Templates and components, console and console-server ports, front and rear ports share one set,
    as they share one enum in Nautobot's schema."""
    for first, second in [
        ("ConsolePort.type", "ConsoleServerPortTemplate.type"),
        ("PowerPort.type", "PowerPortTemplate.type"),
        ("PowerOutlet.type", "PowerOutletTemplate.type"),
        ("Interface.type", "InterfaceTemplate.type"),
        ("FrontPort.type", "RearPortTemplate.type"),
    ]:
        assert nautobot_choices(first) == nautobot_choices(second)


@pytest.mark.django_db
def test_the_library_types_that_were_refused_are_taken_with_nautobots_labels(api: APIClient) -> None:
    """Issue 13's first report: a power-port template of type cs8365c (a California Style plug) got 400."""
    device_type = f.device_type("choices-type")
    created = api.send(
        "POST",
        "/api/dcim/power-port-templates/",
        {"device_type": str(device_type.pk), "name": "PSU1", "type": "cs8365c"},
    )
    assert created.status_code == 201, created.content
    assert created.json()["type"] == {"value": "cs8365c", "label": "CS8365C"}
    for endpoint, value in [
        ("interface-templates", "400gbase-x-qsfp112"),
        ("rear-port-templates", "lx5-apc"),
        ("power-outlet-templates", "ita-e"),
    ]:
        body = {"device_type": str(device_type.pk), "name": f"x-{value}", "type": value}
        response = api.send("POST", f"/api/dcim/{endpoint}/", body)
        assert response.status_code == 201, (endpoint, response.content)
