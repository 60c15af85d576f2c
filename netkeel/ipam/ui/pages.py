"""/ipam/: every IPAM model with the generic pages; a prefix's page with utilization, free space and
next-available allocation (`prefixes/<id>/allocate/<address|prefix>/`), a VLAN group's with its free ids;
a "Services" tab on devices' and virtual machines' pages; VRF assignments as tabs of VRFs, devices, virtual
machines and prefixes; registered from IpamConfig.ready()."""

from __future__ import annotations

from django.utils.text import capfirst

from netkeel.core.ui import UIRouter
from netkeel.core.ui.registry import add_router
from netkeel.ipam import models as ipam
from netkeel.ipam.ui import interface_ips, services_tab, tables, vrf_tabs
from netkeel.ipam.ui.forms import IPAddressForm, PrefixForm, ServiceForm
from netkeel.ipam.ui.search import register as register_search
from netkeel.ipam.ui.views import AllocateView, IPAddressDetailView, PrefixDetailView, VLANGroupDetailView


def register() -> None:
    """The pages (after the API routes they derive from) and the searched models."""
    router = UIRouter("ipam", label="IPAM", weight=40)
    prefix_ui = router.register(
        ipam.Prefix,
        table=tables.PrefixTable,
        form=PrefixForm,
        menu_group="Addressing",
        detail_template="ipam/prefix.html",
        detail_view=PrefixDetailView,
        tabs=[vrf_tabs.vrfs_tab("prefix")],
    )
    router.register(
        ipam.IPAddress,
        table=tables.IPAddressTable,
        form=IPAddressForm,
        menu_group="Addressing",
        detail_view=IPAddressDetailView,
    )
    router.register(
        ipam.IPAddressToInterface,
        table=tables.IPAddressToInterfaceTable,
        menu_group="Addressing",
        menu_label="IP address assignments",
    )
    router.register(ipam.Namespace, table=tables.NamespaceTable, menu_group="Addressing")
    router.register(ipam.RIR, table=tables.RIRTable, menu_group="Addressing")
    router.register(ipam.VRF, table=tables.VRFTable, menu_group="Routing", tabs=vrf_tabs.vrf_tabs())

    router.register(ipam.RouteTarget, table=tables.RouteTargetTable, menu_group="Routing")
    router.register(
        ipam.VLANGroup,
        table=tables.VLANGroupTable,
        menu_group="VLANs",
        detail_template="ipam/vlangroup.html",
        detail_view=VLANGroupDetailView,
    )
    router.register(ipam.VLAN, table=tables.VLANTable, menu_group="VLANs")
    for model, table, group in (
        (ipam.VRFDeviceAssignment, tables.VRFDeviceAssignmentTable, "Routing"),
        (ipam.VRFPrefixAssignment, tables.VRFPrefixAssignmentTable, "Routing"),
        (ipam.PrefixLocationAssignment, tables.PrefixLocationAssignmentTable, "Addressing"),
        (ipam.VLANLocationAssignment, tables.VLANLocationAssignmentTable, "VLANs"),
    ):
        router.register(model, table=table, menu_group=group, menu_label=capfirst(str(model._meta.verbose_name_plural)))
    router.register(ipam.Service, table=tables.ServiceTable, form=ServiceForm, menu_group="Services")
    router.add_url(
        "prefixes/<uuid:pk>/allocate/<str:what>/", AllocateView.as_view(model_ui=prefix_ui), "prefix_allocate"
    )

    interface_ips.register(router)
    services_tab.register()
    vrf_tabs.register()

    add_router(router)
    register_search()
