"""Virtualization pages: cluster types, groups, clusters (with their virtual machines tab), device-cluster
assignments, virtual machines (with their interfaces tab) and VM interfaces."""
