"""Tenants: who an object belongs to or is used by."""
