"""A device type's front and rear images (Nautobot's `front_image` and `rear_image`): sent as multipart files
on create and update, read back as absolute URLs under MEDIA_URL, cleared with null; not an image, or an image
above MAX_IMAGE_SIZE, is a 400 on the field. The file of a replaced, cleared or deleted image goes after the
commit. The device type's form uploads and clears them, and its page shows them."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import resolve
from PIL import Image

from netkeel.core.testing.api import APIClient
from netkeel.core.testing.ui import make_user, signed_in
from netkeel.dcim.models import DeviceType, Manufacturer

pytestmark = pytest.mark.django_db

DEVICE_TYPES = "/api/dcim/device-types/"


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Iterator[Path]:
    settings.MEDIA_ROOT = tmp_path / "media"
    yield settings.MEDIA_ROOT


def png(name: str = "front.png", size: tuple[int, int] = (4, 2)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 128, 255)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def acme() -> Manufacturer:
    return Manufacturer.objects.get_or_create(name="Acme")[0]


def post_multipart(api: APIClient, path: str, data: dict[str, Any]) -> Any:
    return api.post(path, data=data)  # the test client encodes a dict with files as multipart/form-data


def patch_multipart(api: APIClient, path: str, data: dict[str, Any]) -> Any:
    return api.patch(path, data=encode_multipart(BOUNDARY, data), content_type=MULTIPART_CONTENT)


def stored(media: Path) -> list[str]:
    folder = media / "devicetype-images"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_an_image_is_uploaded_on_create_and_read_back_as_its_url(api: APIClient, media_root: Path) -> None:
    response = post_multipart(
        api, DEVICE_TYPES, {"manufacturer": str(acme().pk), "model": "X-1", "u_height": "2", "front_image": png()}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["front_image"] == "http://localhost/media/devicetype-images/front.png"
    assert body["rear_image"] is None
    assert body["u_height"] == 2
    assert stored(media_root) == ["front.png"]
    device_type = DeviceType.objects.get(pk=body["id"])
    assert device_type.front_image.name == "devicetype-images/front.png"
    assert device_type.rear_image.name == ""
    assert api.send("GET", f"{DEVICE_TYPES}{device_type.pk}/").json()["front_image"] == body["front_image"]
    listed = api.send("GET", f"{DEVICE_TYPES}?model=X-1").json()["results"][0]
    assert (listed["front_image"], listed["rear_image"]) == (body["front_image"], None)


def test_an_image_is_replaced_by_a_multipart_patch_and_cleared_by_null(
    api: APIClient, media_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    device_type = DeviceType.objects.create(manufacturer=acme(), model="X-2")
    url = f"{DEVICE_TYPES}{device_type.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = patch_multipart(api, url, {"rear_image": png("rear.png")})
    assert response.status_code == 200, response.content
    assert response.json()["rear_image"].endswith("/media/devicetype-images/rear.png")
    with django_capture_on_commit_callbacks(execute=True):
        response = patch_multipart(api, url, {"rear_image": png("rear-2.png"), "part_number": "PN-2"})
    assert response.status_code == 200, response.content
    assert response.json()["part_number"] == "PN-2"
    assert stored(media_root) == ["rear-2.png"], "the replaced file goes"
    with django_capture_on_commit_callbacks(execute=True):
        response = api.send("PATCH", url, {"rear_image": None})
    assert response.status_code == 200, response.content
    assert response.json()["rear_image"] is None
    device_type.refresh_from_db()
    assert device_type.rear_image.name == ""
    assert stored(media_root) == []


def test_deleting_a_device_type_takes_its_images(
    api: APIClient, media_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    body = post_multipart(
        api, DEVICE_TYPES, {"manufacturer": "Acme" if acme() else "", "model": "X-3", "front_image": png(),
                            "rear_image": png("rear.png")},
    ).json()  # fmt: skip
    assert stored(media_root) == ["front.png", "rear.png"]
    with django_capture_on_commit_callbacks(execute=True):
        assert api.send("DELETE", f"{DEVICE_TYPES}{body['id']}/").status_code == 204
    assert stored(media_root) == []


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("front.png", b"not an image at all", content_type="image/png"), "Upload a valid image"),
        (SimpleUploadedFile("front.png", b"", content_type="image/png"), "The submitted file is empty."),
        (png("front.txt"), "File extension"),
    ],
)
def test_a_file_that_is_no_image_is_a_400_on_the_field(
    api: APIClient, media_root: Path, upload: Any, message: str
) -> None:
    response = post_multipart(
        api, DEVICE_TYPES, {"manufacturer": str(acme().pk), "model": "X-4", "front_image": upload}
    )
    assert response.status_code == 400, response.content
    assert message in response.json()["front_image"][0]
    assert not DeviceType.objects.filter(model="X-4").exists()


def test_an_image_above_the_size_setting_is_a_400_on_the_field(api: APIClient, settings: Any) -> None:
    image = png(size=(64, 64))
    size = int(image.size or 0)
    settings.MAX_IMAGE_SIZE = size - 1
    response = post_multipart(api, DEVICE_TYPES, {"manufacturer": str(acme().pk), "model": "X-5", "rear_image": image})
    assert response.status_code == 400, response.content
    assert "MAX_IMAGE_SIZE" in response.json()["rear_image"][0]
    settings.MAX_IMAGE_SIZE = size
    image.seek(0)
    response = post_multipart(api, DEVICE_TYPES, {"manufacturer": str(acme().pk), "model": "X-5", "rear_image": image})
    assert response.status_code == 201, response.content


def test_an_image_given_as_text_in_json_is_a_400(api: APIClient) -> None:
    payload = {"manufacturer": str(acme().pk), "model": "X-6", "front_image": "http://elsewhere/front.png"}
    response = api.send("POST", DEVICE_TYPES, payload)
    assert response.status_code == 400
    assert "front_image" in response.json()
    response = api.send("POST", DEVICE_TYPES, {**payload, "front_image": None})
    assert response.status_code == 201, response.content
    assert response.json()["front_image"] is None


def test_the_options_describe_the_image_fields(api: APIClient) -> None:
    fields = api.options(DEVICE_TYPES).json()["actions"]["POST"]
    assert fields["front_image"]["type"] and fields["front_image"]["required"] is False


def test_the_form_uploads_and_clears_an_image_and_the_page_shows_it(
    media_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    client = signed_in(make_user("images-admin", superuser=True))
    page = client.get("/dcim/device-types/add/").content.decode()
    assert 'name="front_image"' in page and 'enctype="multipart/form-data"' in page
    data = {"manufacturer": str(acme().pk), "model": "X-7", "u_height": "1", "is_full_depth": "on"}
    response = client.post("/dcim/device-types/add/", {**data, "front_image": png()})
    assert response.status_code == 302, response.content.decode()[:2000]
    device_type = DeviceType.objects.get(model="X-7")
    assert device_type.front_image.name == "devicetype-images/front.png"
    page = client.get(f"/dcim/device-types/{device_type.pk}/").content.decode()
    assert '<img src="/media/devicetype-images/front.png"' in page

    bad = client.post(f"/dcim/device-types/{device_type.pk}/edit/", {**data, "rear_image": png("rear.txt")})
    assert bad.status_code == 400
    assert "rear_image" in bad.context["form"].errors

    # An edit that leaves the image alone keeps it; ticking "clear" takes it off.
    client.post(f"/dcim/device-types/{device_type.pk}/edit/", {**data, "part_number": "PN-7"})
    device_type.refresh_from_db()
    assert (device_type.part_number, device_type.front_image.name) == ("PN-7", "devicetype-images/front.png")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/dcim/device-types/{device_type.pk}/edit/", {**data, "front_image-clear": "on"})
    assert response.status_code == 302
    device_type.refresh_from_db()
    assert device_type.front_image.name == ""
    assert not (media_root / "devicetype-images" / "front.png").exists()


def test_media_is_served_only_when_asked(settings: Any, media_root: Path) -> None:
    from netkeel.urls import media_patterns

    settings.DEBUG, settings.SERVE_MEDIA = False, False
    assert media_patterns() == []
    settings.SERVE_MEDIA = True
    (pattern,) = media_patterns()
    (media_root / "devicetype-images").mkdir(parents=True)
    (media_root / "devicetype-images" / "front.png").write_bytes(png().read())
    match = pattern.resolve("media/devicetype-images/front.png")
    assert match is not None and match.kwargs["path"] == "devicetype-images/front.png"
    assert resolve("/health/")  # the rest of the map is untouched
