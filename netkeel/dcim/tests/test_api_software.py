"""The software version, software image file and device-type-to-image-file endpoints (the shared endpoint
contract for each), then what runs on a device, an inventory item and a virtual machine: written and
filtered as Nautobot 3.2.7 has them."""

from __future__ import annotations

from typing import Any

import pytest

from netkeel.core.testing.api import APIClient, APIEndpointTests
from netkeel.dcim import services
from netkeel.dcim.models import DeviceTypeToSoftwareImageFile, InventoryItem, SoftwareImageFile, SoftwareVersion
from netkeel.dcim.tests import factories as f
from netkeel.dcim.tests import software_factories as s
from netkeel.virtualization.tests import factories as v

pytestmark = pytest.mark.django_db

VERSIONS = "/api/dcim/software-versions/"
IMAGES = "/api/dcim/software-image-files/"


class TestSoftwareVersions(APIEndpointTests):
    endpoint = VERSIONS
    model = SoftwareVersion
    update_payload = {
        "alias": "Summer release",
        "release_date": "2024-06-01",
        "end_of_support_date": "2029-06-01",
        "long_term_support": True,
        "documentation_url": "https://example.com/docs/",
    }
    bad_payloads = [
        ({"version": "1.0", "status": "Active"}, "platform"),
        ({"platform": "Arista EOS", "version": "", "status": "Active"}, "version"),
        ({"platform": "Arista EOS", "version": "1.0", "status": "Active", "release_date": "June"}, "release_date"),
        (
            {"platform": "Arista EOS", "version": "1.0", "status": "Active", "documentation_url": "nope"},
            "documentation_url",
        ),
        ({"platform": "Arista EOS", "version": "1.0", "status": "Nope"}, "status"),
    ]
    filter_cases = [
        ("version", "4.1", 1),
        ("platform", "Arista EOS", 3),
        ("q", "4.2", 1),
        ("pre_release", "true", 1),
        ("release_date__gte", "2025-01-01", 2),
        ("has_devices", "false", 3),
        ("status", "Active", 3),
    ]

    def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(self, api: APIClient) -> None:
        s.platform()  # what the bad payloads name, so that the model's own checks are reached
        super().test_bad_input_is_a_400_naming_the_field_and_writes_nothing(api)

    def make(self, index: int) -> Any:
        return s.software_version(
            f"4.{index}", pre_release=index == 1, release_date=f"{2024 + index}-01-01", alias=f"alias {index}"
        )

    def create_payloads(self) -> list[dict[str, Any]]:
        platform = s.platform("Cisco IOS")
        return [
            {"platform": "Cisco IOS", "version": "15.1", "status": "Active"},
            {"platform": str(platform.pk), "version": "15.2", "status": "Active", "long_term_support": True},
            {"platform": {"name": "Cisco IOS"}, "version": "16.0", "status": "Deprecated", "pre_release": True},
        ]


class TestSoftwareImageFiles(APIEndpointTests):
    endpoint = IMAGES
    model = SoftwareImageFile
    update_payload = {"image_file_checksum": "abc123", "hashing_algorithm": "sha256", "image_file_size": 123456789}
    bad_payloads = [
        ({"image_file_name": "x.bin", "status": "Active"}, "software_version"),
        ({"image_file_name": "x.bin", "software_version": "nope", "status": "Active"}, "software_version"),
        (
            {"image_file_name": "x.bin", "software_version": "4.30.1F", "status": "Active", "hashing_algorithm": "crc"},
            "hashing_algorithm",
        ),
        (
            {"image_file_name": "x.bin", "software_version": "4.30.1F", "status": "Active", "image_file_size": -1},
            "image_file_size",
        ),
        ({"image_file_name": "", "software_version": "4.30.1F", "status": "Active"}, "image_file_name"),
    ]
    filter_cases = [
        ("image_file_name", "image-1.swi", 1),
        ("software_version", "4.30.1F", 3),
        ("software_version__platform", "Arista EOS", 3),
        ("hashing_algorithm", "md5", 1),
        ("image_file_size__gte", "2000", 2),
        ("default_image", "true", 1),
        ("has_device_types", "false", 3),
    ]

    def version(self) -> SoftwareVersion:
        return SoftwareVersion.objects.filter(version="4.30.1F").first() or s.software_version()

    def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(self, api: APIClient) -> None:
        self.version()
        super().test_bad_input_is_a_400_naming_the_field_and_writes_nothing(api)

    def make(self, index: int) -> Any:
        return s.image_file(
            f"image-{index}.swi",
            self.version(),
            image_file_size=1000 * (index + 1),
            hashing_algorithm="md5" if index == 0 else "sha256",
            default_image=index == 2,
        )

    def create_payloads(self) -> list[dict[str, Any]]:
        version = self.version()
        return [
            {"image_file_name": "new-1.swi", "software_version": str(version.pk), "status": "Active"},
            {
                "image_file_name": "new-2.swi",
                "software_version": str(version.pk),
                "status": "Active",
                "hashing_algorithm": "sha512",
                "image_file_checksum": "ff00",
                "download_url": "https://example.com/new-2.swi",
            },
            {
                "image_file_name": "new-3.swi",
                "software_version": {"version": "4.30.1F"},
                "status": "Active",
                "image_file_size": 7,
            },
        ]


class TestDeviceTypesToSoftwareImageFiles(APIEndpointTests):
    endpoint = "/api/dcim/device-types-to-software-image-files/"
    model = DeviceTypeToSoftwareImageFile
    bad_payloads = [({"device_type": "nope"}, "device_type"), ({}, "software_image_file")]
    filter_cases = [("software_image_file", "shared.swi", 3), ("software_image_file__n", "shared.swi", 0)]

    def image(self) -> SoftwareImageFile:
        return SoftwareImageFile.objects.filter(image_file_name="shared.swi").first() or s.image_file("shared.swi")

    def make(self, index: int) -> Any:
        return services.assign_software_image_file(
            device_type=f.device_type(f"type-{index}"), software_image_file=self.image()
        )

    def create_payloads(self) -> list[dict[str, Any]]:
        image = s.image_file("other.swi")
        return [
            {"device_type": str(f.device_type(f"new-type-{i}").pk), "software_image_file": str(image.pk)}
            for i in range(3)
        ]


def test_a_version_has_one_default_image_and_is_kept_while_in_use(api: APIClient) -> None:
    version = s.software_version("4.31.0F")
    s.image_file("first.swi", version, default_image=True)
    answer = api.send(
        "POST",
        IMAGES,
        {
            "image_file_name": "second.swi",
            "software_version": str(version.pk),
            "status": "Active",
            "default_image": True,
        },
    )
    assert answer.status_code == 400, answer.json()
    assert "default_image" in answer.json()

    again = api.send("POST", VERSIONS, {"platform": "Arista EOS", "version": "4.31.0F", "status": "Active"})
    assert again.status_code == 400, again.json()

    gone = api.send("DELETE", f"{VERSIONS}{version.pk}/")
    assert gone.status_code == 409, gone.content
    assert SoftwareVersion.objects.filter(pk=version.pk).exists()


def test_a_device_an_item_and_a_vm_run_a_version_and_are_filtered_by_it(api: APIClient) -> None:
    version = s.software_version("4.32.0F")
    image = s.image_file("eos-4.32.0F.swi", version)
    other = s.software_version("4.33.0F")
    device = f.device("leaf1", f.device_type(), f.location())
    f.device("leaf2", f.device_type("other-type"), f.location())
    answer = api.send(
        "PATCH",
        f"/api/dcim/devices/{device.pk}/?exclude_m2m=false",
        {"software_version": str(version.pk), "software_image_files": [str(image.pk)]},
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["software_version"]["id"] == str(version.pk)
    assert [row["id"] for row in answer.json()["software_image_files"]] == [str(image.pk)]

    item = api.send(
        "POST",
        "/api/dcim/inventory-items/",
        {"device": str(device.pk), "name": "supervisor", "software_version": str(other.pk)},
    )
    assert item.status_code == 201, item.json()
    vm = api.send(
        "POST",
        "/api/virtualization/virtual-machines/",
        {"name": "vm1", "cluster": str(v.cluster().pk), "status": "Active", "software_version": str(version.pk)},
    )
    assert vm.status_code == 201, vm.json()

    def ids(path: str) -> list[str]:
        found = api.send("GET", path)
        assert found.status_code == 200, found.json()
        return [row["id"] for row in found.json()["results"]]

    assert ids("/api/dcim/devices/?software_version=4.32.0F") == [str(device.pk)]
    assert ids(f"/api/dcim/devices/?software_version={version.pk}") == [str(device.pk)]
    assert len(ids("/api/dcim/devices/?software_version__isnull=true")) == 1
    assert ids("/api/dcim/devices/?has_software_image_files=true") == [str(device.pk)]
    assert ids("/api/dcim/devices/?software_image_files=eos-4.32.0F.swi") == [str(device.pk)]
    assert ids("/api/dcim/inventory-items/?software_version=4.33.0F") == [item.json()["id"]]
    assert ids("/api/virtualization/virtual-machines/?has_software_version=true") == [vm.json()["id"]]
    assert ids(f"{VERSIONS}?devices=leaf1") == [str(version.pk)]
    assert ids(f"{VERSIONS}?has_inventory_items=true") == [str(other.pk)]
    assert ids(f"{VERSIONS}?has_virtual_machines=true") == [str(version.pk)]
    assert ids(f"{IMAGES}?devices=leaf1") == [str(image.pk)]
    assert InventoryItem.objects.get().software_version == other

    bad = api.send("PATCH", f"/api/dcim/devices/{device.pk}/", {"software_version": "nope"})
    assert bad.status_code == 400 and "software_version" in bad.json()


def test_a_device_types_image_files_are_its_assignments(api: APIClient) -> None:
    image = s.image_file("eos.swi")
    device_type = f.device_type("7050")
    answer = api.send(
        "POST",
        "/api/dcim/device-types-to-software-image-files/",
        {"device_type": str(device_type.pk), "software_image_file": str(image.pk)},
    )
    assert answer.status_code == 201, answer.json()
    found = api.send("GET", "/api/dcim/device-types/?software_image_files=eos.swi").json()
    assert [row["id"] for row in found["results"]] == [str(device_type.pk)]
    assert (
        "software_image_files"
        not in api.send("GET", f"/api/dcim/device-types/{device_type.pk}/?exclude_m2m=false").json()
    )
    rows = api.send("GET", f"{IMAGES}?device_types={device_type.pk}").json()["results"]
    assert [row["id"] for row in rows] == [str(image.pk)]
    again = api.send(
        "POST",
        "/api/dcim/device-types-to-software-image-files/",
        {"device_type": str(device_type.pk), "software_image_file": str(image.pk)},
    )
    assert again.status_code == 400, again.json()


def test_a_version_written_through_the_api_is_in_the_change_log_with_its_tags(api: APIClient) -> None:
    from django.contrib.contenttypes.models import ContentType

    from netkeel.extras.models import ObjectChange, Tag

    tag = Tag.objects.create(name="golden")
    tag.content_types.add(ContentType.objects.get_for_model(SoftwareVersion))
    s.platform()
    made = api.send(
        "POST", VERSIONS, {"platform": "Arista EOS", "version": "4.34.0F", "status": "Active", "tags": ["golden"]}
    )
    assert made.status_code == 201, made.json()
    assert [t["id"] for t in made.json()["tags"]] == [str(tag.pk)]
    assert made.json()["display"] == "Arista EOS - 4.34.0F"
    changed = api.send("PATCH", f"{VERSIONS}{made.json()['id']}/", {"end_of_support_date": "2031-01-01"})
    assert changed.status_code == 200, changed.json()
    records = ObjectChange.objects.filter(
        changed_object_type=ContentType.objects.get_for_model(SoftwareVersion), changed_object_id=made.json()["id"]
    )
    assert sorted(records.values_list("action", flat=True)) == ["create", "update"]
