"""The project's URLs plus reviews and calls pages and the calls API, until the lead mounts them."""

from typing import Any

from django.urls import include, path
from ninja import NinjaAPI

from config.urls import urlpatterns as project
from scenebridge.calls.api import router
from scenebridge.core.errors import ApplicationError

api = NinjaAPI(urls_namespace="calls-test-api")
api.add_router("/", router)


@api.exception_handler(ApplicationError)
def application_error(request: Any, error: ApplicationError) -> Any:
    return api.create_response(request, error.as_dict(), status=error.status)


urlpatterns = [
    *project,
    path("reviews/", include("scenebridge.reviews.urls")),
    path("calls/", include("scenebridge.calls.urls")),
    path("test-api/", api.urls),
]
