"""netkeel's REST API framework, compatible with Nautobot 3.x's dialect (see shared/API.md).

Domain apps build their endpoints from these parts: `BaseModelSerializer` (the object envelope, brief
references, `?depth`), `BaseFilterSet` (lookup suffixes, repeated parameters as OR, strict filtering),
`NetkeelModelViewSet` (bulk operations, 409 on protected deletes) and `APIRouter` (app roots, and the
registry that maps a model to its endpoint so any object can be referred to by URL).
"""
