from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from scenebridge.core.errors import ApplicationError
from scenebridge.core.request_context import new_request_id


class RequestIdMiddleware:
    """Gives every request an id (or keeps the one a proxy sent) and returns it as X-Request-ID."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = new_request_id(request.headers.get("X-Request-ID"))
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class ApplicationErrorMiddleware:
    """Renders an ApplicationError raised by a page view as a page with its message and status."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ApplicationError):
            from scenebridge.core.web import render_error

            return render_error(request, exception)
        return None
