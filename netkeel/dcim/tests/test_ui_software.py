"""The software pages: the shared page contract for versions, image files and device-type assignments, and a
version's page listing the devices that run it and its image files."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.test import Client

from netkeel.core.testing.ui import UIModelTests, make_user, signed_in
from netkeel.dcim import services
from netkeel.dcim.models import DeviceTypeToSoftwareImageFile, SoftwareImageFile, SoftwareVersion
from netkeel.dcim.tests import factories as f
from netkeel.dcim.tests import software_factories as s

pytestmark = pytest.mark.django_db


class TestSoftwareVersionPages(UIModelTests):
    model = SoftwareVersion
    edit_data = {"alias": "changed by the form"}
    bulk_edit_data = {"alias": "changed in bulk"}
    bad_form_data = [({"version": ""}, "version"), ({"version": "9", "release_date": "June"}, "release_date")]
    filter_cases = [("q", "4.1", 1), ("platform", "Arista EOS", 3)]
    xss_fields = ("version", "alias")

    def make(self, index: int) -> Any:
        return s.software_version(f"4.{index}", alias=f"**release {index}**")

    def form_data(self) -> dict[str, Any]:
        return {"platform": str(s.platform().pk), "version": "5.0", "status": str(f.status().pk)}


class TestSoftwareImageFilePages(UIModelTests):
    model = SoftwareImageFile
    edit_data = {"image_file_checksum": "abc"}
    bulk_edit_data = {"image_file_checksum": "def"}
    bad_form_data = [({"image_file_name": ""}, "image_file_name"), ({"image_file_size": "-1"}, "image_file_size")]
    filter_cases = [("q", "image-1", 1), ("software_version", "4.30.1F", 3)]
    xss_fields = ("image_file_name", "image_file_checksum")

    def version(self) -> SoftwareVersion:
        return SoftwareVersion.objects.filter(version="4.30.1F").first() or s.software_version()

    def make(self, index: int) -> Any:
        return s.image_file(f"image-{index}.swi", self.version())

    def form_data(self) -> dict[str, Any]:
        return {
            "software_version": str(self.version().pk),
            "image_file_name": "new.swi",
            "status": str(f.status().pk),
            "hashing_algorithm": "sha256",
        }


class TestDeviceTypeToSoftwareImageFilePages(UIModelTests):
    model = DeviceTypeToSoftwareImageFile
    # An assignment has no field of its own to change: it names a device type and an image file, nothing else.
    edit_data: ClassVar[dict[str, Any]] = {}
    bulk_edit_data: ClassVar[dict[str, Any]] = {}
    bad_form_data = [({"device_type": ""}, "device_type")]
    filter_cases = [("software_image_file", "shared.swi", 3)]

    def image(self) -> SoftwareImageFile:
        return SoftwareImageFile.objects.filter(image_file_name="shared.swi").first() or s.image_file("shared.swi")

    def make(self, index: int) -> Any:
        return services.assign_software_image_file(
            device_type=f.device_type(f"type-{index}"), software_image_file=self.image()
        )

    def test_bulk_edit(self, ui_client: Client) -> None:
        """Bulk edit gives the selected device types another image file."""
        made = self.make_many(2)
        target = s.image_file("target.swi")
        ids = [str(obj.pk) for obj in made]
        answer = ui_client.post(
            self.ui.url("bulk_edit"), {"pk": ids, "_apply": "1", "software_image_file": str(target.pk)}
        )
        assert answer.status_code == 302, answer.content.decode()[-3000:]
        chosen = DeviceTypeToSoftwareImageFile.objects.filter(pk__in=ids).values_list(
            "software_image_file_id", flat=True
        )
        assert set(chosen) == {target.pk}

    def form_data(self) -> dict[str, Any]:
        return {"device_type": str(f.device_type("new-type").pk), "software_image_file": str(self.image().pk)}


def test_a_versions_page_lists_its_devices_and_image_files(db: Any) -> None:
    client = signed_in(make_user("admin-ui", superuser=True))
    version = s.software_version("4.32.0F")
    s.image_file("eos-4.32.0F.swi", version)
    site, kind = f.location(), f.device_type()
    f.device("runs-it", kind, site, software_version=version)
    f.device("runs-another", kind, site)
    page = client.get(f"/dcim/software-versions/{version.pk}/devices/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "runs-it" in html and "runs-another" not in html
    page = client.get(f"/dcim/software-versions/{version.pk}/software-image-files/")
    assert page.status_code == 200 and "eos-4.32.0F.swi" in page.content.decode()
    found = client.get("/search/?q=4.32.0F")
    assert found.status_code == 200 and "4.32.0F" in found.content.decode()


def test_versions_and_image_files_are_imported_and_exported_as_csv(db: Any) -> None:
    """A version names its platform, an image file its version by natural key (`platform;version`)."""
    client = signed_in(make_user("importer", superuser=True))
    s.platform("Cisco IOS")
    versions = "platform,version,status,release_date,long_term_support\nCisco IOS,17.9.4,Active,2023-08-01,true\n"
    answer = client.post("/dcim/software-versions/import/", {"csv": versions})
    assert answer.status_code == 302, answer.content.decode()[-3000:]
    version = SoftwareVersion.objects.get(version="17.9.4")
    assert version.long_term_support and str(version.release_date) == "2023-08-01"
    images = (
        "software_version,image_file_name,status,hashing_algorithm,image_file_size\n"
        "Cisco IOS;17.9.4,cat9k_iosxe.17.09.04.SPA.bin,Active,sha512,1234\n"
    )
    answer = client.post("/dcim/software-image-files/import/", {"csv": images})
    assert answer.status_code == 302, answer.content.decode()[-3000:]
    assert version.software_image_files.get().hashing_algorithm == "sha512"
    bad = client.post("/dcim/software-image-files/import/", {"csv": images.replace("sha512", "crc32")})
    assert bad.status_code == 400 and SoftwareImageFile.objects.count() == 1

    exported = client.get("/api/dcim/software-image-files/?format=csv", HTTP_ACCEPT="text/csv")
    assert exported.status_code == 200
    body = b"".join(exported.streaming_content).decode()  # type: ignore[attr-defined]
    assert "cat9k_iosxe.17.09.04.SPA.bin" in body and "sha512" in body
