"""The cable path engine.

- `graph`: the node references and the read interface the tracer walks (`CableGraph`), with an in-memory
  implementation.
- `trace`: the pure tracer: from an endpoint over cables, through front/rear ports (a position stack for
  multi-position rear ports) and across crossings (kinds registered by their apps), to the far end. No ORM.
- `kinds`: kinds ↔ models and content types, and the registry where other apps add their termination
  kinds (how a path crosses them) from their `AppConfig.ready()`.
- `read`: reading cabling back: path nodes, a cable's ends, stored path rows, objects behind refs.
- `loader`: fills a graph from the database in a few queries (everything, or the neighbourhood of a change).
- `store`: writes traced paths (`CablePath` rows and their node table) in batches.
- `service`: connect, disconnect, change status, delete device: each retraces the affected origins once.
- `rebuild`: trace every missing path (or all of them) in bulk: the `trace_paths` command and job.
"""
