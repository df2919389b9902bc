"""The challenges router on an API of its own, for tests until the lead mounts it in scenebridge/opendata/api.py
(a router may be mounted on several APIs). Errors are rendered as the platform API renders them; opendata sits
above this app, so its handlers are mirrored here rather than imported."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from scenebridge.challenges.api import router
from scenebridge.core.errors import ApplicationError

api = NinjaAPI(title="challenges (test mount)", urls_namespace="challenges-test-api")
api.add_router("/challenges", router)


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    return api.create_response(request, error.as_dict(), status=error.status)


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, error: Any) -> HttpResponse:
    return api.create_response(request, {"code": "unauthenticated", "message": "", "fields": {}}, status=401)
