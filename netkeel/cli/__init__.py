"""`netkeel-server`: the commands that work before Django starts, and the door to Django's commands."""
