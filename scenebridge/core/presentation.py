"""What a viewer may see of a record: confidential parts are replaced before anything is rendered or serialised."""

from typing import Any

from django.db import models


class MaskedRecord:
    """A read-only view of a record in which hidden fields read as None.

    Pages and API responses receive this instead of the model instance, so a template or serializer that
    names a confidential field gets nothing, whatever it does.
    """

    def __init__(self, record: models.Model, hidden: set[str]) -> None:
        object.__setattr__(self, "_record", record)
        object.__setattr__(self, "hidden", frozenset(hidden))

    def __getattr__(self, name: str) -> Any:
        if name in self.hidden:
            return None
        return getattr(self._record, name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("MaskedRecord is read-only")

    def __str__(self) -> str:
        return str(self._record)

    def is_hidden(self, name: str) -> bool:
        return name in self.hidden

    @property
    def has_hidden_parts(self) -> bool:
        return bool(self.hidden)
