"""GraphQL at `/api/graphql/` in Nautobot's schema, on graphql-core.

`schema` generates the types from every model the REST API serves (names as Nautobot's: `DeviceType`,
`devices`, `ip_addresses`, `cf_<key>`), list fields take the REST FilterSet's filters; `loading` walks a
query's selections and reads each relation at each level in one query, through `viewable` (the one
permission check REST and GraphQL share); `view` is the endpoint. Apps add computed fields (a device's
`config_context`, an interface's `connected_endpoint`) through `hooks`.
"""
