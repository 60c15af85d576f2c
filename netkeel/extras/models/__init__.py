from netkeel.extras.models.classification import Role, Status, Tag
from netkeel.extras.models.notes import Note

__all__ = ["Note", "Role", "Status", "Tag"]
