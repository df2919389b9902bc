"""The id of the request being served, so audit events can name it without passing it everywhere."""

import contextvars
import uuid

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


def new_request_id(incoming: str | None = None) -> str:
    value = incoming if incoming and len(incoming) <= 64 and incoming.isprintable() else uuid.uuid4().hex
    _request_id.set(value)
    return value


def current_request_id() -> str:
    return _request_id.get()
