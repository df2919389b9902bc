"""A NinjaAPI holding only this app's router, with the platform's error body, for the API tests."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from scenebridge.core.errors import ApplicationError
from scenebridge.pilots.api import router

api = NinjaAPI(urls_namespace="pilots-test-api")
api.add_router("/", router)


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    return api.create_response(request, error.as_dict(), status=error.status)
