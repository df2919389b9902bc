"""Matching's typed errors (rendered as a page message or JSON by the platform's one handler)."""

from django.utils.translation import gettext_lazy as _

from scenebridge.core.errors import ApplicationError


class IndexNotReadyError(ApplicationError):
    code = "match_index_not_ready"
    status = 503
    default_message = _("Recommendations are being prepared. Please try again in a minute.")


class ConnectionNotAllowedError(ApplicationError):
    code = "connection_not_allowed"
    status = 403
    default_message = _("A connection can only be started by a party, between published items of two organizations.")
