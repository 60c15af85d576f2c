"""Tenancy pages: tenant groups and tenants (the worked example of netkeel.core.ui)."""
