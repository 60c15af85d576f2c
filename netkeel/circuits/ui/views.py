"""A circuit's page: its two terminations side by side (A and Z), each with where it is (a location or a
provider network), its speeds and cross-connect, its cable and what the cable reaches."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from netkeel.circuits.choices import CircuitTerminationSideChoices
from netkeel.circuits.models import Circuit, CircuitTermination
from netkeel.core.ui.registry import ui_for
from netkeel.core.ui.views import ObjectDetailView
from netkeel.dcim.ui.cabling import RowCabling


class CircuitDetailView(ObjectDetailView):
    def extra_context(self, obj: Circuit) -> dict[str, Any]:
        terminations = list(
            CircuitTermination.objects.filter(circuit=obj).select_related("location", "provider_network", "cable")
        )
        cabling = RowCabling()
        cabling.prepare(terminations)
        by_side = {termination.term_side: termination for termination in terminations}
        termination_ui = ui_for(CircuitTermination)
        user = self.request.user
        may_add = termination_ui is not None and user.has_perm(termination_ui.permission("add"))
        sides = []
        for side, _ in CircuitTerminationSideChoices.CHOICES:
            termination = by_side.get(side)
            add_url = None
            if termination is None and may_add and termination_ui is not None:
                add_url = f"{termination_ui.url('add')}?" + urlencode({"circuit": obj.pk, "term_side": side})
            sides.append(
                {
                    "side": side,
                    "termination": termination,
                    "cabling": cabling.of(termination) if termination is not None else None,
                    "add_url": add_url,
                }
            )
        return {"sides": sides}
