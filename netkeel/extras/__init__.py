"""Statuses, roles, tags and, later, custom fields, the change log, jobs and webhooks."""
