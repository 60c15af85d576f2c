"""Circuits pages: providers, provider networks, circuit types, circuits with both terminations, and the
terminations with their cables and traces."""
