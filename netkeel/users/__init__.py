"""Users and, later, API tokens and object permissions."""
