"""Providers, their networks and circuits; a circuit's terminations are cable terminations."""
