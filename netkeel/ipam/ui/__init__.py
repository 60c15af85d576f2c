"""IPAM pages: every model listed and edited, prefix utilization and free space with next-available
allocation, VLAN groups with their free VLAN ids."""
