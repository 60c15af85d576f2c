"""A rack's page with its front and rear elevations, and each elevation as an SVG file."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from netkeel.core.ui.views import ObjectDetailView, ObjectView
from netkeel.dcim.choices import DeviceFaceChoices
from netkeel.dcim.elevation import contents
from netkeel.dcim.ui import svg
from netkeel.dcim.ui.elevation import draw_face

FACES = (DeviceFaceChoices.FRONT, DeviceFaceChoices.REAR)


class RackDetailView(ObjectDetailView):
    def extra_context(self, obj: Any) -> dict[str, Any]:
        held = contents(obj)
        faces = [
            {
                "name": face,
                "drawing": draw_face(obj, face, held),
                "url": reverse("dcim:rack_elevation", kwargs={"pk": obj.pk, "face": face}),
            }
            for face in FACES
        ]
        return {"faces": faces, "unmounted": held.unmounted, "reservations": held.reservations}


class RackElevationView(ObjectView):
    """`/dcim/racks/<id>/elevation/<front|rear>/`: one face as an SVG file."""

    action = "detail"

    def get(self, request: HttpRequest, *args: Any, face: str = "front", **kwargs: Any) -> HttpResponse:
        if face not in FACES:
            raise Http404("A rack has a front and a rear face.")
        rack = self.get_object()
        drawing = draw_face(rack, face, contents(rack))
        return svg.file_response(drawing, "rack", rack, face)
