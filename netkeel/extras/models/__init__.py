from netkeel.extras.models.classification import Role, Status, Tag

__all__ = ["Role", "Status", "Tag"]
