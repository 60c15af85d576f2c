from __future__ import annotations

from django.apps import AppConfig


class VirtualizationConfig(AppConfig):
    name = "netkeel.virtualization"
    label = "virtualization"
    verbose_name = "Virtualization"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from netkeel.virtualization.api import routes
        from netkeel.virtualization.ui import addresses, pages

        # The API routes first: the pages derive from them (the URL map only reads these registries).
        routes.register()
        pages.register()
        addresses.register()
        self.relate_to_other_apps()

    def relate_to_other_apps(self) -> None:
        """Nautobot's virtualization filters and counts on the objects of other apps (platforms, tenants,
        devices, VLANs, VRFs, IP addresses): added here, as those apps know nothing of virtual machines."""
        from netkeel.virtualization.api import relations

        relations.register()
