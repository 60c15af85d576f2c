"""A job the service tests run: it changes cabling through the DCIM services, as a site's own job would
(not through the API serializers)."""

from __future__ import annotations

from typing import Any

from netkeel.dcim import services
from netkeel.dcim.models import RearPort
from netkeel.extras.jobs import IntegerVar, Job, StringVar


class SetRearPortPositions(Job):
    class Meta:
        name = "Set a rear port's positions"

    rear_port = StringVar(description="The rear port's id.")
    positions = IntegerVar(min_value=1, max_value=1024)

    def run(self, rear_port: str, positions: int) -> dict[str, Any]:
        port = services.set_rear_port_positions(RearPort.objects.get(pk=rear_port), positions)
        self.logger.info("%s on %s has %d position(s).", port, port.device, port.positions)
        return {"positions": port.positions}
