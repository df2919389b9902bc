"""The public JSON API, version 1: one NinjaAPI with each app's router; errors as JSON with a stable code."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from scenebridge.accounts.api import router as organizations
from scenebridge.accounts.audit_api import router as audit
from scenebridge.calls.api import router as calls
from scenebridge.catalog.api import router as catalog
from scenebridge.challenges.api import router as challenges
from scenebridge.core.errors import ApplicationError
from scenebridge.matching.api import router as matching
from scenebridge.pilots.api import router as pilots
from scenebridge.scenarios.api import router as scenarios
from scenebridge.taxonomy.api import router as taxonomy

api = NinjaAPI(
    title="SceneBridge API",
    version="1.0.0",
    description="场景桥 · scenario opening and supply–demand matching. Reads are public; writes need a session "
    "or a personal token (Authorization: Bearer …).",
    urls_namespace="api-1.0.0",
)
api.add_router("/scenarios", scenarios)
api.add_router("/", catalog)
api.add_router("/organizations", organizations)
api.add_router("/taxonomy", taxonomy)
api.add_router("/audit-events", audit)
api.add_router("/", calls)
api.add_router("/matching", matching)
api.add_router("/challenges", challenges)
api.add_router("/", pilots)


def _error(request: HttpRequest, status: int, code: str, message: str, fields: Any = None) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, "fields": fields or {}}, status=status)


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    body = error.as_dict()
    return _error(request, error.status, body["code"], body["message"], body["fields"])  # type: ignore[arg-type]


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, error: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for item in error.errors:
        location = [str(part) for part in item.get("loc", ()) if part not in ("body", "payload", "query")]
        fields.setdefault(".".join(location) or "__all__", []).append(str(item.get("msg", "")))
    return _error(request, 422, "validation_failed", _("Some fields need attention."), fields)


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", _("Log in or send a valid API token."))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return _error(request, error.status_code, "http_error", str(error))
