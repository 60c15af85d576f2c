"""IP address management."""
