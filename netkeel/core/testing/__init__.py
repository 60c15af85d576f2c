"""Test support shared by every app's tests (importable, but never imported by running code)."""
