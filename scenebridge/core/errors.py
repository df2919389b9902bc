"""Typed application errors with a stable code, rendered in one place (page message or JSON)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    code = "application_error"
    status = 400
    default_message: str | Promise = _("The request could not be completed.")

    def __init__(self, message: str | Promise | None = None, *, fields: dict[str, list[str]] | None = None) -> None:
        self.message = message if message is not None else self.default_message
        self.fields = fields or {}
        super().__init__(str(self.message))

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": str(self.message),
            "fields": {name: [str(m) for m in msgs] for name, msgs in self.fields.items()},
        }


class PermissionDeniedError(ApplicationError):
    code = "permission_denied"
    status = 403
    default_message = _("You do not have permission to do this.")


class NotFoundError(ApplicationError):
    code = "not_found"
    status = 404
    default_message = _("The requested item does not exist or is not visible to you.")


class ValidationFailedError(ApplicationError):
    code = "validation_failed"
    status = 422
    default_message = _("Some fields need attention.")


class InvalidTransitionError(ApplicationError):
    code = "invalid_transition"
    status = 409
    default_message = _("This action is not possible in the item's current state.")


def validation_error_from_django(error: Exception) -> ValidationFailedError:
    """Turn a Django ValidationError into our typed error, keeping the per-field messages."""
    message_dict = getattr(error, "message_dict", None)
    if message_dict is not None:
        return ValidationFailedError(fields={k: list(v) for k, v in message_dict.items()})
    messages = getattr(error, "messages", [str(error)])
    return ValidationFailedError(fields={"__all__": list(messages)})
