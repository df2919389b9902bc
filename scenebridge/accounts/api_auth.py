"""API authentication: a personal token (Authorization: Bearer sb_…) or the browser session (with CSRF)."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from scenebridge.accounts.models import ApiToken


def user_for_token(raw: str) -> Any:
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.digest_of(raw), revoked=False, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


WRITE_AUTH = [ApiTokenAuth(), django_auth]


def reader(request: HttpRequest) -> Any:
    """The user a read is made for: the token's owner, the session's user, or the anonymous public."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = user_for_token(header[7:].strip())
        if user is not None:
            return user
    return request.user
